// What the demo's servers check and send so another site cannot use them through a visitor's browser.

// A page must not be shown inside another site's frame, where a decoy could lead the visitor into
// clicking its buttons (an Approve on a consent page, say).
export const NO_FRAMING_HEADERS = {
  'content-security-policy': "frame-ancestors 'none'",
  'x-frame-options': 'DENY',
};

/**
 * DNS rebinding: a site can point its own name at 127.0.0.1, and the browser then lets that site's
 * pages call a loopback server as if it were their own. So a request whose Host header is not this
 * server's own name and port is answered 421 and goes no further. Returns whether it was refused.
 */
export function refuseForeignHost(request, response) {
  const port = request.socket.localPort;
  const host = (request.headers.host ?? '').toLowerCase();
  if (host === `127.0.0.1:${port}` || host === `localhost:${port}`) return false;
  response.writeHead(421, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...NO_FRAMING_HEADERS });
  response.end(`This demo server answers only at http://127.0.0.1:${port} and http://localhost:${port}.\n`);
  return true;
}
