// Routes a host's backend calls with its project's secret key. No CORS: a browser must never hold
// that key.
import { IDENTITY_TYPES } from '../../token.js';
import { publicConnection } from '../../connection-view.js';
import { notFound } from '../../errors.js';
import { createGrantRevoker } from '../../oauth/revoke-grant.js';

const CONNECTION_STATUSES = ['active', 'needs_reauth', 'revoked'];

export async function managementRoutes(app, { secretKeyAuth, store, refresher, webhooks, config }) {
  // Before the body is read: a request without the secret key is refused without reading it.
  app.addHook('onRequest', secretKeyAuth.requireSecretKey);

  async function ownedConnection(request) {
    const connection = await store.getConnection(request.params.key);
    const { project, environment } = request.authkit;
    if (!connection || connection.projectId !== project.id || connection.environment !== environment) {
      throw notFound('The connection');
    }
    return connection;
  }

  const revokeGrant = createGrantRevoker({ config });

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
    // Read and erased in one step, so the provider is asked to end exactly the tokens AuthKit held
    // when it let go of them: those of a refresh or reconnect that got in first, not a stale copy.
    const outcome = await store.revokeConnection(connection.key);
    // Only the call that revoked it goes on: two deletes at once call the provider and announce it once.
    if (!outcome.revoked) return { connection: publicConnection(outcome.connection) };
    request.log.info({ connectionKey: connection.key, integration: connection.integration }, 'connection deleted');
    await revokeGrant(outcome.connection, outcome.credentials, request.log);
    webhooks.emit(request.authkit.project, 'connection.deleted', outcome.connection, request.log);
    return { connection: publicConnection(outcome.connection) };
  });

  app.post('/v1/connections/:key/refresh', async (request) => {
    const connection = await ownedConnection(request);
    const refreshed = await refresher.refresh(connection.key, { force: true, log: request.log });
    return { connection: publicConnection(refreshed.connection) };
  });
}
