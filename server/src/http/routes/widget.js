// Routes the widget calls from the host page with a session token.
import { publicIntegration } from '../../catalog.js';
import { publicConnection } from '../../connection-view.js';
import { ownerOf } from '../../owner.js';

const integrationId = { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,62}$' };
// Reconnect mode: the connection to update in place. Any string: one that names no connection of this
// session's is answered 404 connection_not_found, like a real key of someone else's.
const connectionKey = { type: 'string', minLength: 1 };

export async function widgetRoutes(app, { sessionAuth, flows, apiKeys, store }) {
  // Before the body is read: a request without a valid token is refused without reading it.
  app.addHook('onRequest', sessionAuth.requireSession);

  app.get('/v1/session', async (request) => {
    const session = request.authkit;
    // Only the session's integrations: a token limited to some (its `int` claim) must not reveal
    // which other accounts the identity has connected.
    const allowed = new Set(session.integrations.map((definition) => definition.id));
    const connections = (await store.listConnections({ ...ownerOf(session), excludeStatus: 'revoked' }))
      .filter((connection) => allowed.has(connection.integration));
    return {
      sessionId: session.sessionId,
      identity: session.identity,
      identityType: session.identityType,
      environment: session.environment,
      expiresAt: session.expiresAt,
      integrations: session.integrations.map(publicIntegration),
      connections: connections.map(publicConnection),
      branding: session.project.branding,
    };
  });

  app.post('/v1/oauth/flows', {
    schema: {
      body: {
        type: 'object',
        required: ['integration'],
        additionalProperties: false,
        // fields: what the integration asks before sign-in, e.g. a Shopify store's name.
        properties: { integration: integrationId, fields: { type: 'object' }, connectionKey },
      },
    },
  }, async (request, reply) => {
    const flow = await flows.startFlow(request.authkit, {
      integration: request.body.integration,
      fields: request.body.fields,
      connectionKey: request.body.connectionKey,
      requestOrigin: request.headers.origin,
    });
    return reply.code(201).send(flow);
  });

  app.get('/v1/oauth/flows/:flowId', async (request) => flows.flowStatus(request.authkit, request.params.flowId));

  // The widget gave up on the flow (modal closed, page left): a window it can no longer reach must not
  // finish the sign-in. Sent with keepalive while the page unloads, so it has no body.
  app.post('/v1/oauth/flows/:flowId/cancel', async (request) => (
    flows.cancelFlow(request.authkit, request.params.flowId, request.log)));

  app.post('/v1/connections', {
    schema: {
      body: {
        type: 'object',
        required: ['integration', 'fields'],
        additionalProperties: false,
        properties: { integration: integrationId, fields: { type: 'object' }, connectionKey },
      },
    },
  }, async (request, reply) => {
    const connection = await apiKeys.connect(request.authkit, request.body, request.log);
    return reply.code(201).send({ connection });
  });
}
