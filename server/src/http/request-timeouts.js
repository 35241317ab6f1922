// How long the service waits for a request, and why it stops reading one it has already answered.
// fastify leaves a whole request unbounded by default, so without these a client trickling a body
// (or its headers) could hold a connection open for as long as it liked.

// While a route waits for a provider its client's connection is idle too, and an idle timeout would
// cut it: a passthrough call may wait for another process's refresh (twice the provider timeout and
// 5 s) and then for the provider itself.
const longestProviderWaitMs = (providerTimeoutMs) => 3 * providerTimeoutMs + 10_000;

/** fastify's options for `timeouts` (see connection-settings.js) and the configured providerTimeoutMs. */
export function timeoutOptions({ headersMs, requestMs, idleMs, keepAliveMs }, providerTimeoutMs) {
  return {
    requestTimeout: requestMs,
    connectionTimeout: Math.max(idleMs, longestProviderWaitMs(providerTimeoutMs)),
    keepAliveTimeout: keepAliveMs,
    http: {
      headersTimeout: headersMs,
      // Node looks for late requests this often (30 s by default, far coarser than the timeouts).
      connectionsCheckingInterval: Math.min(1000, headersMs / 4),
    },
  };
}

const expectsBody = (headers) => headers['transfer-encoding'] !== undefined
  || (headers['content-length'] !== undefined && headers['content-length'] !== '0');

/**
 * onSend: an answer sent before the request's body has arrived (a refused token, a 404) closes the
 * connection. Keeping it alive would mean reading the rest of a body nobody needs, for as long as the
 * client takes to send it.
 */
export async function closeAfterEarlyAnswer(request, reply, payload) {
  if (!request.raw.complete && expectsBody(request.headers)) reply.header('connection', 'close');
  return payload;
}
