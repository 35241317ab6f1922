// ANY /v1/passthrough/* with the project's secret key and x-authkit-connection-key. Bodies are not
// parsed here: the request body streams to the provider as it arrives.
import { PASSTHROUGH_PREFIX } from '../../passthrough/target.js';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

export async function passthroughRoutes(app, { secretKeyAuth, passthrough }) {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (request, payload, done) => done(null, payload));
  app.addHook('preHandler', secretKeyAuth.requireSecretKey);
  app.route({
    method: METHODS,
    url: `${PASSTHROUGH_PREFIX}/*`,
    // Its own HEAD, not one made from GET: the provider answers HEAD itself.
    exposeHeadRoute: false,
    handler: (request, reply) => passthrough.forward(request, reply),
  });
}
