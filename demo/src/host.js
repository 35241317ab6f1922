// The demo's host application: a page with a Connect button, and a backend like a customer's own
// that mints session tokens with the secret key and lists the user's connections.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createToken } from '@authkit/server/token';

const here = fileURLToPath(new URL('.', import.meta.url));
const PUBLIC_DIR = join(here, '..', 'public');
const WIDGET_DIR = join(here, '..', '..', 'web', 'dist');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
};

// Only these files are served: no path from the request ever reaches the file system.
const FILES = {
  '/': join(PUBLIC_DIR, 'index.html'),
  '/app.js': join(PUBLIC_DIR, 'app.js'),
  '/app.css': join(PUBLIC_DIR, 'app.css'),
  '/authkit/authkit.mjs': join(WIDGET_DIR, 'authkit.mjs'),
  '/authkit/authkit.mjs.map': join(WIDGET_DIR, 'authkit.mjs.map'),
  '/authkit/authkit.js': join(WIDGET_DIR, 'authkit.js'),
  '/authkit/authkit-core.wasm': join(WIDGET_DIR, 'authkit-core.wasm'),
};

/** The demo's end user. A real backend would take this from its own login session. */
export const DEMO_IDENTITY = { identity: 'demo-user-1', identityType: 'user' };

function json(response, status, body) {
  response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  response.end(JSON.stringify(body));
}

export function createHostApp({ serviceUrl, secretKey, sandboxApiKey }) {
  let origin = '';
  const csp = () =>
    [
      "default-src 'self'",
      "script-src 'self' 'wasm-unsafe-eval'",
      "style-src 'self'",
      `connect-src 'self' ${serviceUrl}`,
      "img-src 'self' https:",
      "frame-ancestors 'none'",
      "base-uri 'none'",
      "form-action 'none'",
    ].join('; ');

  const api = {
    'POST /api/authkit': async () =>
      createToken({ secretKey, ...DEMO_IDENTITY, origin, ttlSeconds: 300 }),
    'GET /api/demo': async () => ({ ...DEMO_IDENTITY, serviceUrl, sandboxApiKey }),
    'GET /api/connections': async () => {
      const query = new URLSearchParams(DEMO_IDENTITY);
      const response = await fetch(`${serviceUrl}/v1/connections?${query}`, {
        headers: { authorization: `Bearer ${secretKey}` },
      });
      if (!response.ok) throw new Error(`The service answered ${response.status}.`);
      return response.json();
    },
  };

  const server = createServer(async (request, response) => {
    const path = new URL(request.url, 'http://host').pathname;
    const handler = api[`${request.method} ${path}`];
    if (handler) {
      try {
        return json(response, 200, await handler());
      } catch (error) {
        return json(response, 502, { error: { code: 'demo_backend_failed', message: error.message } });
      }
    }
    if (path === '/favicon.ico') return response.writeHead(204).end();
    const file = request.method === 'GET' ? FILES[path] : undefined;
    if (!file) return json(response, 404, { error: { code: 'not_found', message: 'Not found.' } });
    try {
      const body = await readFile(file);
      response.writeHead(200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-cache',
        'content-security-policy': csp(),
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'strict-origin-when-cross-origin',
      });
      return response.end(body);
    } catch {
      return json(response, 500, { error: { code: 'widget_not_built', message: 'Run the build first (npm run build).' } });
    }
  });

  return {
    server,
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
      server.closeAllConnections?.();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
