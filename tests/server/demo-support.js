// Shared by the demo's server tests: a request with a Host header of the test's choosing.
import { request as httpRequest } from 'node:http';

/** Sends `method path` to `origin` with the Host header given (fetch would only send the URL's). */
export function requestWithHost(origin, path, { host, method = 'GET' } = {}) {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ hostname, port, path, method, headers: { host }, timeout: 5000 }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString() }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}
