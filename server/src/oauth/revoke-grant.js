// Ending a grant at the provider (RFC 7009) once AuthKit has let go of its tokens: after a delete,
// and when a refresh comes back with tokens for a connection deleted meanwhile. Best effort: a
// provider that fails or cannot be reached is logged, and never keeps a deleted connection alive.
import { resolveDefinition } from '../catalog.js';
import { connectionValues } from '../connection-values.js';
import { revokeTokens } from './token-endpoint.js';

/** Returns revokeGrant(connection, credentials, log): resolves to whether the provider confirmed it. */
export function createGrantRevoker({ config }) {
  return async function revokeGrant(connection, credentials, log) {
    const definition = config.integrations.get(connection.integration);
    if (connection.authType !== 'oauth2' || !definition?.oauth?.revocationEndpoint || !credentials) return false;
    const context = { connectionKey: connection.key, integration: connection.integration };
    try {
      // The endpoint may be a template filled from the connection's own fields (a shop's host name).
      const resolved = resolveDefinition(definition, connectionValues(connection, credentials));
      await revokeTokens(resolved, credentials, { timeoutMs: config.providerTimeoutMs });
      log?.info(context, 'grant revoked at the provider');
      return true;
    } catch (error) {
      // By kind and status only: a provider's answer may quote the token back.
      log?.warn({ ...context, reason: error.kind ?? error.code ?? error.name, status: error.status },
        'revocation at the provider failed');
      return false;
    }
  };
}
