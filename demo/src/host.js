// The demo's host application: its pages, their scripts and the widget's files, all under a strict
// Content-Security-Policy, and the backend routes of host-api.js.
import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { refuseForeignHost } from './browser-guards.js';
import { demoApiRoutes, findRoute } from './host-api.js';
import { serverLifecycle } from './listen.js';
import { PAGE_HTML } from './pages.js';

export { DEMO_IDENTITY } from './host-api.js';

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
const HTML = TYPES['.html'];

// Page variants the browser tests need: the same page under a stricter policy.
const TRUSTED_TYPES = { csp: ["require-trusted-types-for 'script'", 'trusted-types lit-html'] };
const ISOLATED_OPENER = { headers: { 'cross-origin-opener-policy': 'same-origin' } };

const PUBLIC_FILES = [
  'app.css', 'logo.svg', 'demo-page.js', 'connections.js', 'app.js', 'script-tag.js', 'element-page.js', 'playground.js',
];
// The languages' message catalogs the build put beside the .wasm (read once, here, not per request).
function widgetLocales() {
  try {
    return readdirSync(join(WIDGET_DIR, 'locales')).filter((name) => name.endsWith('.json')).map((name) => `locales/${name}`);
  } catch {
    return []; // not built yet, or a build without separate catalogs
  }
}
const WIDGET_FILES = ['authkit.mjs', 'authkit.js', 'react.mjs', 'element.mjs', 'authkit-core.wasm', 'integrity.json']
  .flatMap((name) => (name.endsWith('js') ? [name, `${name}.map`] : [name]))
  .concat(widgetLocales());

// Only these are served: no path from the request ever reaches the file system.
const FILES = {
  ...Object.fromEntries(Object.entries(PAGE_HTML).map(([path, html]) => [path, { html }])),
  '/trusted-types': { html: PAGE_HTML['/'], ...TRUSTED_TYPES },
  '/coop': { html: PAGE_HTML['/'], ...ISOLATED_OPENER },
  ...Object.fromEntries(PUBLIC_FILES.map((name) => [`/${name}`, { file: join(PUBLIC_DIR, name) }])),
  '/react/app.js': { file: join(BUILT_DIR, 'react-app.js') },
  '/react/app.js.map': { file: join(BUILT_DIR, 'react-app.js.map') },
  ...Object.fromEntries(WIDGET_FILES.map((name) => [`/authkit/${name}`, { file: join(WIDGET_DIR, name) }])),
};

function json(response, status, body) {
  response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  response.end(JSON.stringify(body));
}

export function createHostApp({ serviceUrl, secretKey, sandboxApiKey }) {
  const csp = (extra = []) =>
    [
      "default-src 'self'",
      "script-src 'self' 'wasm-unsafe-eval'",
      "style-src 'self'",
      `connect-src 'self' ${serviceUrl}`,
      "img-src 'self' https:",
      "frame-ancestors 'none'",
      "base-uri 'none'",
      // The widget launches its sign-in window with a form POST to the service.
      `form-action ${serviceUrl}`,
      ...extra,
    ].join('; ');

  let lifecycle;
  const routes = demoApiRoutes({ serviceUrl, secretKey, sandboxApiKey, hostOrigin: () => lifecycle.origin });

  async function serveFile(entry, response) {
    let body;
    try {
      body = entry.html ?? (await readFile(entry.file));
    } catch {
      return json(response, 500, { error: { code: 'widget_not_built', message: 'Run the build first (npm run build).' } });
    }
    response.writeHead(200, {
      'content-type': entry.html ? HTML : TYPES[extname(entry.file)] ?? 'application/octet-stream',
      'cache-control': 'no-cache',
      'content-security-policy': csp(entry.csp),
      'x-frame-options': 'DENY', // for browsers without CSP frame-ancestors
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'strict-origin-when-cross-origin',
      ...entry.headers,
    });
    return response.end(body);
  }

  const server = createServer(async (request, response) => {
    if (refuseForeignHost(request, response)) return undefined;
    const path = new URL(request.url, 'http://host').pathname;
    const found = findRoute(routes, request.method, path);
    if (found) {
      try {
        const { status, body } = await found.route.handle(...found.groups);
        return json(response, status, body);
      } catch (error) {
        return json(response, 502, { error: { code: 'demo_backend_failed', message: error.message } });
      }
    }
    if (path === '/favicon.ico') return response.writeHead(204).end();
    const entry = request.method === 'GET' ? FILES[path] : undefined;
    if (!entry) return json(response, 404, { error: { code: 'not_found', message: 'Not found.' } });
    return serveFile(entry, response);
  });

  lifecycle = serverLifecycle(server);
  return lifecycle;
}
