// ANY /v1/passthrough/* with the project's secret key and x-authkit-connection-key. Bodies are not
// parsed here: the request body streams to the provider as it arrives.
import { PASSTHROUGH_PREFIX } from '../../passthrough/target.js';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

export async function passthroughRoutes(app, { secretKeyAuth, passthrough }) {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (request, payload, done) => done(null, payload));
  // Before the body starts streaming: a request without the secret key is refused without reading it.
  app.addHook('onRequest', secretKeyAuth.requireSecretKey);
  // One connection's data, chosen by a header (x-authkit-connection-key) that caches do not key on:
  // a shared cache in front of the service, or a caching client of the host's, would hand it to
  // whoever asks for the same URL with another connection. So the provider's own caching headers
  // (meant for its URL and its credential) never pass; ETag and Last-Modified still do, so a host can
  // revalidate on purpose.
  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('cache-control', 'no-store');
    return payload;
  });
  app.route({
    method: METHODS,
    url: `${PASSTHROUGH_PREFIX}/*`,
    // Its own HEAD, not one made from GET: the provider answers HEAD itself.
    exposeHeadRoute: false,
    handler: (request, reply) => passthrough.forward(request, reply),
  });
}
