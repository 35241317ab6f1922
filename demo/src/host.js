// The demo's host application: a page with a Connect button, and a backend like a customer's own
// that mints session tokens with the secret key and lists the user's connections.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createToken } from '@authkit/server/token';

const here = fileURLToPath(new URL('.', import.meta.url));
const PUBLIC_DIR = join(here, '..', 'public');
const BUILT_DIR = join(here, '..', 'dist'); // the React page, built by demo/build.mjs
const WIDGET_DIR = join(here, '..', '..', 'web', 'dist');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.map': 'application/json',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
};

// Page variants the browser tests need: the same page under a stricter policy.
const TRUSTED_TYPES = { csp: ["require-trusted-types-for 'script'", 'trusted-types lit-html'] };
const ISOLATED_OPENER = { headers: { 'cross-origin-opener-policy': 'same-origin' } };

// Only these files are served: no path from the request ever reaches the file system.
const FILES = {
  '/': { file: join(PUBLIC_DIR, 'index.html') },
  '/trusted-types': { file: join(PUBLIC_DIR, 'index.html'), ...TRUSTED_TYPES },
  '/coop': { file: join(PUBLIC_DIR, 'index.html'), ...ISOLATED_OPENER },
  '/script-tag.html': { file: join(PUBLIC_DIR, 'script-tag.html') },
  '/react.html': { file: join(PUBLIC_DIR, 'react.html') },
  '/element.html': { file: join(PUBLIC_DIR, 'element.html') },
  '/app.js': { file: join(PUBLIC_DIR, 'app.js') },
  '/app.css': { file: join(PUBLIC_DIR, 'app.css') },
  '/demo-page.js': { file: join(PUBLIC_DIR, 'demo-page.js') },
  '/script-tag.js': { file: join(PUBLIC_DIR, 'script-tag.js') },
  '/element-page.js': { file: join(PUBLIC_DIR, 'element-page.js') },
  '/react/app.js': { file: join(BUILT_DIR, 'react-app.js') },
  '/react/app.js.map': { file: join(BUILT_DIR, 'react-app.js.map') },
  ...Object.fromEntries(
    ['authkit.mjs', 'authkit.js', 'react.mjs', 'element.mjs', 'authkit-core.wasm', 'integrity.json']
      .flatMap((name) => (name.endsWith('js') ? [name, `${name}.map`] : [name]))
      .map((name) => [`/authkit/${name}`, { file: join(WIDGET_DIR, name) }]),
  ),
};

/** The demo's end user. A real backend would take this from its own login session. */
export const DEMO_IDENTITY = { identity: 'demo-user-1', identityType: 'user' };

function json(response, status, body) {
  response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  response.end(JSON.stringify(body));
}

export function createHostApp({ serviceUrl, secretKey, sandboxApiKey }) {
  let origin = '';
  const csp = (extra = []) =>
    [
      "default-src 'self'",
      "script-src 'self' 'wasm-unsafe-eval'",
      "style-src 'self'",
      `connect-src 'self' ${serviceUrl}`,
      "img-src 'self' https:",
      "frame-ancestors 'none'",
      "base-uri 'none'",
      "form-action 'none'",
      ...extra,
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
    const entry = request.method === 'GET' ? FILES[path] : undefined;
    if (!entry) return json(response, 404, { error: { code: 'not_found', message: 'Not found.' } });
    try {
      const body = await readFile(entry.file);
      response.writeHead(200, {
        'content-type': TYPES[extname(entry.file)] ?? 'application/octet-stream',
        'cache-control': 'no-cache',
        'content-security-policy': csp(entry.csp),
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'strict-origin-when-cross-origin',
        ...entry.headers,
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
