// The bench-only page, on the demo's own origin (so the demo's token endpoint and service accept it)
// without touching demo/. A small static server here serves the page, and a Playwright route sends
// the demo host's request for it there, unseen by the page. Two things shape this:
// - The page must arrive over the network from a loopback address, as a real page does: Chromium
//   blocks a page that Playwright fulfils itself (an unknown, so public, address space) from
//   fetching the service on another loopback port.
// - While a route is set, every request of the page is paused and resumed from Node (about 1 ms
//   each here), the cache is off and CORS preflights are not remembered. So the page is one
//   document with its scripts inline, and whoever measures after the load removes the route first.
//   (Removing it while the page loads would race the page's own requests.)
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const PAGE_PATH = '/bench/widget-page.html';

async function assemblePage() {
  const [template, probe, page] = await Promise.all(
    ['widget-page.html', 'list-painted.js', 'widget-page.js'].map((file) => readFile(`${here}${file}`, 'utf8')),
  );
  if (`${probe}${page}`.includes('</script')) throw new Error('a bench script cannot be inlined: it contains </script');
  return template.replace('<!-- bench scripts -->', `<script>\n${probe}</script>\n  <script type="module">\n${page}</script>`);
}

/** Serves the bench page on a free 127.0.0.1 port; `close()` stops it. */
export async function startBenchPageServer() {
  const body = await assemblePage();
  const server = createServer((request, response) => {
    const path = new URL(request.url, 'http://bench').pathname;
    if (request.method !== 'GET' || path !== PAGE_PATH) {
      return response.writeHead(404, { 'content-type': 'text/plain' }).end('not a bench page');
    }
    return response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(body);
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

/**
 * Routes the bench page in `context` to the bench page server. Returns its address on the demo's
 * origin (`openAtLoad`: the page calls open() as soon as its module runs) and `unroute()`.
 */
export async function routeBenchPage(context, { demo, pageServer }, { openAtLoad = false } = {}) {
  const isPage = (url) => url.origin === demo.hostOrigin && url.pathname === PAGE_PATH;
  const handler = (route) => {
    const url = new URL(route.request().url());
    return route.continue({ url: `${pageServer.origin}${url.pathname}${url.search}` });
  };
  await context.route(isPage, handler);
  const query = new URLSearchParams({ service: demo.serviceUrl });
  if (openAtLoad) query.set('open-at-load', '');
  return { url: `${demo.hostOrigin}${PAGE_PATH}?${query}`, unroute: () => context.unroute(isPage, handler) };
}
