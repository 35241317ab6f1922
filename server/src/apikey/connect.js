// Connecting with an API key (or any credential fields): validate the fields, ask the provider
// whether it accepts them when the definition says how, then store them encrypted.
import { validateFields, placeholdersOf } from '../catalog.js';
import { publicConnection } from '../connection-view.js';
import { ServiceError, badRequest, integrationNotAllowed } from '../errors.js';

// Characters that cannot travel in an HTTP header; a credential containing them cannot be right.
const UNSENDABLE = /[\u0000-\u001f\u007f]/;

function rejectedCredentials(definition) {
  const fields = Object.fromEntries(placeholdersOf(definition.verify.credential.format)
    .map((name) => [name, 'The provider did not accept this value.']));
  return new ServiceError('invalid_credentials', `${definition.name} did not accept these credentials.`,
    { status: 422, fields });
}

const providerUnreachable = (definition) => new ServiceError('provider_unreachable',
  `${definition.name} could not be reached to check the credentials. Please try again in a moment.`, { status: 502 });

async function verifyWithProvider(definition, values, timeoutMs, log) {
  const { verify } = definition;
  const credential = verify.credential.format.replace(/\{([A-Za-z][A-Za-z0-9_]*)\}/g, (_, name) => values[name] ?? '');
  if (UNSENDABLE.test(credential)) throw rejectedCredentials(definition);

  const url = new URL(`${definition.api.baseUrl.replace(/\/+$/, '')}${verify.path}`);
  const headers = { accept: 'application/json' };
  if (verify.credential.in === 'query') url.searchParams.set(verify.credential.name, credential);
  else headers[verify.credential.name] = credential;

  let response;
  try {
    // A redirect is not followed: it could carry the credential to another host.
    response = await fetch(url, { method: verify.method, headers, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    log?.warn({ integration: definition.id, reason: error?.name }, 'credential check could not reach the provider');
    throw providerUnreachable(definition);
  }
  await response.body?.cancel();
  if (response.ok) return;
  if (response.status === 401 || response.status === 403) throw rejectedCredentials(definition);
  log?.warn({ integration: definition.id, status: response.status }, 'credential check got an unexpected answer');
  if (response.status >= 500) throw providerUnreachable(definition);
  throw new ServiceError('provider_error',
    `${definition.name} answered the credential check unexpectedly (HTTP ${response.status}).`, { status: 502 });
}

export function createApiKeyConnector({ config, store }) {
  return {
    async connect(session, { integration, fields }, log) {
      const definition = session.integrations.find((candidate) => candidate.id === integration);
      if (!definition) throw integrationNotAllowed(integration);
      if (definition.authType !== 'api_key') {
        throw badRequest(`The integration "${integration}" connects with OAuth: use POST /v1/oauth/flows.`);
      }
      const { ok, values, errors } = validateFields(definition, fields);
      if (!ok) throw new ServiceError('invalid_fields', 'Some fields need attention.', { status: 422, fields: errors });
      if (definition.verify) await verifyWithProvider(definition, values, config.providerTimeoutMs, log);

      const connection = await store.saveConnection({
        projectId: session.project.id,
        environment: session.environment,
        identity: session.identity,
        identityType: session.identityType,
        integration,
        authType: 'api_key',
        scopes: [],
        tokenExpiresAt: null,
        credentials: values,
      });
      log?.info({ integration, connectionKey: connection.key }, 'api key connection saved');
      return publicConnection(connection);
    },
  };
}
