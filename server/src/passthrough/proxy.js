// Passthrough: a host's backend calls the provider's API through AuthKit with a connection key;
// AuthKit adds the connection's credential (refreshing an expiring OAuth token first) and relays
// the answer. Redirects are handed back, never followed, so a credential only ever goes to the
// integration's own base URL.
import { applyCredential, resolveDefinition, secretFieldNames } from '../catalog.js';
import { connectionValues } from '../connection-values.js';
import { ServiceError, notFound } from '../errors.js';
import { connectionNeedsReauth, connectionRevoked } from '../refresh/errors.js';
import { headersToCaller, headersToProvider } from './headers.js';
import { passthroughTarget } from './target.js';
import { sendUpstream } from './upstream.js';

// An access token this close to its expiry is refreshed first: it could expire on the way.
export const REFRESH_SKEW_MS = 30_000;
export const CONNECTION_KEY_HEADER = 'x-authkit-connection-key';
// Shorter strings could turn up in a header by chance; real credentials are longer.
const MIN_SECRET_LENGTH = 8;

const unavailable = (message) => new ServiceError('passthrough_unavailable', message, { status: 409 });

export function createPassthrough({ config, store, refresher, now }) {
  async function ownedConnection(request) {
    const key = request.headers[CONNECTION_KEY_HEADER];
    if (typeof key !== 'string' || key.length === 0) {
      throw new ServiceError('bad_request', `Name the connection in the ${CONNECTION_KEY_HEADER} header.`);
    }
    const connection = await store.getConnection(key);
    const { project, environment } = request.authkit;
    if (!connection || connection.projectId !== project.id || connection.environment !== environment) {
      throw notFound('The connection');
    }
    if (connection.status === 'revoked') throw connectionRevoked();
    if (connection.status === 'needs_reauth') throw connectionNeedsReauth();
    const definition = config.integrations.get(connection.integration);
    if (!project.integrations.includes(connection.integration) || !definition) {
      throw unavailable(`The integration "${connection.integration}" is not enabled for this project.`);
    }
    if (!definition.api?.baseUrl || (definition.authType === 'api_key' && !definition.api.credential)) {
      throw unavailable(`The integration "${connection.integration}" has no API for passthrough `
        + '(api.baseUrl and api.credential).');
    }
    return { connection, definition };
  }

  async function freshCredentials(connection, log) {
    const credentials = await store.readCredentials(connection.key);
    if (connection.authType !== 'oauth2' || refresher.isFresh(credentials, REFRESH_SKEW_MS)) return credentials;
    return (await refresher.refresh(connection.key, { minValidityMs: REFRESH_SKEW_MS, log })).credentials;
  }

  // The credential as headers and query parameters, and every secret string that went out with it.
  function credentialParts(definition, connection, credentials) {
    if (connection.authType === 'oauth2') {
      const secrets = [credentials.accessToken];
      // Most APIs take "Authorization: Bearer"; a definition's api.credential says otherwise.
      if (!definition.api.credential) return { headers: { authorization: `Bearer ${credentials.accessToken}` }, query: {}, secrets };
      try {
        return { ...applyCredential(definition.api.credential, { accessToken: credentials.accessToken }), secrets };
      } catch {
        throw unavailable('The stored credential cannot be sent to the provider; connect again.');
      }
    }
    let parts;
    try {
      parts = applyCredential(definition.api.credential, credentials);
    } catch {
      throw unavailable('The stored credential cannot be sent to the provider; connect again.');
    }
    const secrets = [...Object.values(parts.headers), ...Object.values(parts.query),
      ...secretFieldNames(definition).map((name) => credentials[name])];
    return { ...parts, secrets: secrets.filter((secret) => typeof secret === 'string' && secret.length >= MIN_SECRET_LENGTH) };
  }

  function resolvedBaseUrl(definition, connection, credentials) {
    try {
      const { baseUrl } = resolveDefinition(definition, connectionValues(connection, credentials)).api;
      if (baseUrl) return baseUrl;
    } catch {
      // Reported below, like an address value the sign-in did not bring (baseUrl null).
    }
    throw unavailable('The connection\'s fields no longer make a valid provider address; connect again.');
  }

  return {
    /** The route handler's work: resolves after the provider's answer has been handed to `reply`. */
    async forward(request, reply) {
      const { connection, definition } = await ownedConnection(request);
      const credentials = await freshCredentials(connection, request.log);
      const url = passthroughTarget(resolvedBaseUrl(definition, connection, credentials), request.raw.url);
      const credential = credentialParts(definition, connection, credentials);
      // The definition's fixed headers are defaults the caller may override; the credential is not.
      const headers = { ...definition.api.headers, ...headersToProvider(request.headers), ...credential.headers };
      for (const [name, value] of Object.entries(credential.query)) url.searchParams.set(name, value);
      const secrets = credential.secrets;

      const upstream = await sendUpstream({
        url,
        method: request.method,
        headers,
        body: request.body ?? undefined,
        timeoutMs: config.providerTimeoutMs,
      });
      request.log.info({
        connectionKey: connection.key, integration: connection.integration, status: upstream.statusCode,
      }, 'passthrough answered');
      reply.code(upstream.statusCode).headers(headersToCaller(upstream.headers, secrets));
      return reply.send(upstream);
    },
  };
}
