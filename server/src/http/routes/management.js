// Routes a host's backend calls with its project's secret key. No CORS: a browser must never hold
// that key.
import { IDENTITY_TYPES } from '../../token.js';
import { publicConnection } from '../../connection-view.js';
import { notFound } from '../../errors.js';

const CONNECTION_STATUSES = ['active', 'needs_reauth', 'revoked'];

export async function managementRoutes(app, { secretKeyAuth, store }) {
  app.addHook('preHandler', secretKeyAuth.requireSecretKey);

  async function ownedConnection(request) {
    const connection = await store.getConnection(request.params.key);
    const { project, environment } = request.authkit;
    if (!connection || connection.projectId !== project.id || connection.environment !== environment) {
      throw notFound('The connection');
    }
    return connection;
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
    return { connection: publicConnection(await store.revokeConnection(connection.key)) };
  });
}
