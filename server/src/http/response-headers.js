// Headers every answer carries unless its route chose its own. API answers hold identities,
// connection records and flow ids: no cache may keep them (a shared cache would hand them to the next
// caller of the same URL) and no browser may read them as another type than the declared one. No page
// of the service may be framed, so none can be overlaid to trick a click (the OAuth popup's pages).
const FRAME_ANCESTORS = "frame-ancestors 'none'";

/** Sets what the reply has not set itself. */
export function setResponseHeaders(reply) {
  if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
  if (!reply.hasHeader('x-content-type-options')) reply.header('x-content-type-options', 'nosniff');
  if (!reply.hasHeader('x-frame-options')) reply.header('x-frame-options', 'DENY');
  const policy = reply.getHeader('content-security-policy');
  if (policy === undefined) {
    // An API answer is data, never a document: nothing in it may load or run.
    reply.header('content-security-policy', `default-src 'none'; ${FRAME_ANCESTORS}`);
  } else if (!/frame-ancestors/i.test(String(policy))) {
    reply.header('content-security-policy', `${policy}; ${FRAME_ANCESTORS}`);
  }
}

/** onSend for the whole app. */
export async function addResponseHeaders(request, reply, payload) {
  setResponseHeaders(reply);
  return payload;
}
