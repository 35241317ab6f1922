// Starting and stopping the demo's small HTTP servers, which all listen on one loopback address.

/** Wraps a node:http server: listen(port, host) resolves to its origin; close() drops open connections. */
export function serverLifecycle(server) {
  let origin = '';
  return {
    server,
    get origin() {
      return origin;
    },
    listen(port, host = '127.0.0.1') {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          origin = `http://${host}:${server.address().port}`;
          resolve(origin);
        });
      });
    },
    close() {
      // Keep-alive sockets (browsers hold them open) would otherwise keep close() waiting.
      server.closeAllConnections?.();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
