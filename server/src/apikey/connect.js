// Connecting with an API key (or any credential fields): validate the fields, ask the provider
// whether it accepts them when the definition says how, then store them encrypted.
import { CredentialValueError, applyCredential, credentialFieldNames, resolveDefinition } from '../catalog.js';
import { publicConnection } from '../connection-view.js';
import { ServiceError, badRequest, integrationNotAllowed } from '../errors.js';
import { checkSubmittedFields, splitSecretValues } from '../field-values.js';
import { ownerOf } from '../owner.js';
import { asConnectionNotFound, reconnectTarget } from '../reconnect.js';

function rejectedCredentials(definition, fieldNames) {
  const fields = Object.fromEntries(fieldNames.map((name) => [name, 'The provider did not accept this value.']));
  return new ServiceError('invalid_credentials', `${definition.name} did not accept these credentials.`,
    { status: 422, fields });
}

const providerUnreachable = (definition) => new ServiceError('provider_unreachable',
  `${definition.name} could not be reached to check the credentials. Please try again in a moment.`, { status: 502 });

/** `definition` is already resolved: its base URL and verify path hold the connection's values. */
async function verifyWithProvider(definition, values, timeoutMs, log) {
  const { verify } = definition;
  let credential;
  try {
    credential = applyCredential(verify.credential, values);
  } catch (error) {
    if (!(error instanceof CredentialValueError)) throw error;
    throw rejectedCredentials(definition, error.fields);
  }
  const url = new URL(`${definition.api.baseUrl.replace(/\/+$/, '')}${verify.path}`);
  for (const [name, value] of Object.entries(credential.query)) url.searchParams.set(name, value);
  const headers = { accept: 'application/json', ...definition.api.headers, ...credential.headers };

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
  if (response.status === 401 || response.status === 403) {
    throw rejectedCredentials(definition, credentialFieldNames(verify.credential));
  }
  log?.warn({ integration: definition.id, status: response.status }, 'credential check got an unexpected answer');
  if (response.status >= 500) throw providerUnreachable(definition);
  throw new ServiceError('provider_error',
    `${definition.name} answered the credential check unexpectedly (HTTP ${response.status}).`, { status: 502 });
}

export function createApiKeyConnector({ config, store }) {
  return {
    /** body: { integration, fields, connectionKey? }; with connectionKey, that connection is updated in place. */
    async connect(session, { integration, fields, connectionKey }, log) {
      const definition = session.integrations.find((candidate) => candidate.id === integration);
      if (!definition) throw integrationNotAllowed(integration);
      if (definition.authType !== 'api_key') {
        throw badRequest(`The integration "${integration}" connects with OAuth: use POST /v1/oauth/flows.`);
      }
      const target = await reconnectTarget(store, session, integration, connectionKey);
      const values = checkSubmittedFields(definition, fields);
      if (definition.verify) {
        await verifyWithProvider(resolveDefinition(definition, values), values, config.providerTimeoutMs, log);
      }

      let connection;
      try {
        connection = await store.saveConnection({
          ...ownerOf(session),
          integration,
          authType: 'api_key',
          scopes: [],
          tokenExpiresAt: null,
          credentials: values,
          fields: splitSecretValues(definition, values).publicValues,
          connectionKey: target,
        });
      } catch (error) {
        throw asConnectionNotFound(error);
      }
      log?.info({ integration, connectionKey: connection.key, reconnect: target !== undefined }, 'api key connection saved');
      return publicConnection(connection);
    },
  };
}
