// Routes a host's backend calls with its project's secret key. No CORS: a browser must never hold
// that key.
import { IDENTITY_TYPES } from '../../token.js';
import { publicConnection } from '../../connection-view.js';
import { notFound } from '../../errors.js';
import { revokeTokens } from '../../oauth/token-endpoint.js';

const CONNECTION_STATUSES = ['active', 'needs_reauth', 'revoked'];

export async function managementRoutes(app, { secretKeyAuth, store, refresher, webhooks, config }) {
  app.addHook('preHandler', secretKeyAuth.requireSecretKey);

  async function ownedConnection(request) {
    const connection = await store.getConnection(request.params.key);
    const { project, environment } = request.authkit;
    if (!connection || connection.projectId !== project.id || connection.environment !== environment) {
      throw notFound('The connection');
    }
    return connection;
  }

  // Best effort, after the credentials are gone from AuthKit: a provider that cannot be reached
  // must not keep a deleted connection alive here.
  async function revokeAtProvider(connection, credentials, log) {
    const definition = config.integrations.get(connection.integration);
    if (connection.authType !== 'oauth2' || !definition?.oauth?.revocationEndpoint || !credentials) return;
    try {
      await revokeTokens(refresher.resolvedFor(definition, connection, credentials), credentials,
        { timeoutMs: config.providerTimeoutMs });
      log.info({ connectionKey: connection.key, integration: connection.integration }, 'grant revoked at the provider');
    } catch (error) {
      log.warn({ connectionKey: connection.key, integration: connection.integration, reason: error.kind ?? error.name,
        status: error.status }, 'revocation at the provider failed');
    }
  }

  app.get('/v1/connections', {
    schema: {
      querystring: {
        type: 'object',
        additionalProperties: false,
        properties: {
          identity: { type: 'string', minLength: 1 },
          identityType: { type: 'string', enum: IDENTITY_TYPES },
          integration: { type: 'string', minLength: 1 },
          status: { type: 'string', enum: CONNECTION_STATUSES },
        },
      },
    },
  }, async (request) => {
    const { project, environment } = request.authkit;
    const connections = await store.listConnections({ projectId: project.id, environment, ...request.query });
    return { connections: connections.map(publicConnection) };
  });

  app.get('/v1/connections/:key', async (request) => ({ connection: publicConnection(await ownedConnection(request)) }));

  app.delete('/v1/connections/:key', async (request) => {
    const connection = await ownedConnection(request);
    if (connection.status === 'revoked') return { connection: publicConnection(connection) };
    const credentials = await store.readCredentials(connection.key);
    const revoked = await store.revokeConnection(connection.key);
    request.log.info({ connectionKey: connection.key, integration: connection.integration }, 'connection deleted');
    await revokeAtProvider(connection, credentials, request.log);
    webhooks.emit(request.authkit.project, 'connection.deleted', revoked, request.log);
    return { connection: publicConnection(revoked) };
  });

  app.post('/v1/connections/:key/refresh', async (request) => {
    const connection = await ownedConnection(request);
    const refreshed = await refresher.refresh(connection.key, { force: true, log: request.log });
    return { connection: publicConnection(refreshed.connection) };
  });
}
