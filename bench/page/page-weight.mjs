// What a page downloads for the widget: the demo's ES-module page (and its script-tag page) is
// loaded in a fresh context, the modal opened and its list shown, and every successful response
// from the widget's folder (/authkit/) is gzipped at level 9, as a CDN would serve it. Whatever the
// widget fetches from there counts, so a file split off later (a chunk, a language) is not missed.
import { gzipSync } from 'node:zlib';
import { kb, reference, report } from '../report.mjs';

const gzipSize = (buffer) => gzipSync(buffer, { level: 9 }).length;

/** Records the page's requests that `wanted(url)` picks; `settled()` waits (5 s at most) for those in flight. */
function recordRequests(page, wanted) {
  const pending = new Set();
  const finished = [];
  page.on('request', (request) => wanted(request.url()) && pending.add(request));
  page.on('requestfailed', (request) => pending.delete(request));
  page.on('requestfinished', (request) => pending.delete(request) && finished.push(request));
  return {
    async settled() {
      for (let waited = 0; pending.size && waited < 5000; waited += 50) await page.waitForTimeout(50);
      return finished;
    },
  };
}

/** Opens the modal on the demo page at `path`; returns the widget's responses and its stylesheet text. */
async function widgetDownloads(browser, demo, path, { locale = 'en-US' } = {}) {
  const context = await browser.newContext({ locale }); // empty cache: everything is fetched
  try {
    const page = await context.newPage();
    const widgetRequests = recordRequests(page, (url) => url.startsWith(`${demo.hostOrigin}/authkit/`));
    await page.goto(`${demo.hostOrigin}${path}`);
    const connect = page.locator('#connect'); // the demo pages' "Connect an integration" button
    await connect.click({ timeout: 10_000 }); // waits until the page enables it (the core has loaded)
    await page.getByRole('option').first().waitFor({ timeout: 10_000 });
    // A file the widget asked for on open (a language's messages) may still be on its way.
    const requests = await widgetRequests.settled();
    const responses = (await Promise.all(requests.map((request) => request.response()))).filter((response) => response?.ok());
    const files = [];
    for (const response of responses) {
      const body = await response.body();
      files.push({ name: new URL(response.url()).pathname.slice('/authkit/'.length), raw: body.length, gzip: gzipSize(body) });
    }
    // The CSS ships inside the JS as a constructed stylesheet; read back what the shadow root adopted.
    const css = await page.evaluate(() =>
      [...(document.querySelector('[data-authkit]')?.shadowRoot?.adoptedStyleSheets ?? [])]
        .flatMap((sheet) => [...sheet.cssRules].map((rule) => rule.cssText))
        .join('\n'),
    );
    files.sort((a, b) => a.name.localeCompare(b.name)); // the same order every run, whatever finished first
    return { files, css };
  } finally {
    await context.close();
  }
}

const totalGzip = (files) => files.reduce((sum, file) => sum + file.gzip, 0);
const fileList = (files) => files.map((file) => file.name).join(' + ');
const lineName = (file) => file.replace(/[^a-z0-9]+/gi, '_').toLowerCase();

export async function measurePageWeight({ browser, demo }) {
  const modulePage = await widgetDownloads(browser, demo, '/');
  for (const file of modulePage.files) {
    report(`page_widget_file_${lineName(file.name)}_gzip`, kb(file.gzip), 'KB', undefined, `raw ${kb(file.raw)} KB`);
  }
  report('page_widget_css_gzip', kb(gzipSize(Buffer.from(modulePage.css))), 'KB', undefined,
    'constructed stylesheet inside the JS, already counted there; no CSS file is fetched');
  report('page_widget_files_fetched', modulePage.files.length, 'files', undefined, fileList(modulePage.files));
  report('page_widget_total_gzip', kb(totalGzip(modulePage.files)), 'KB', '<= 60 KB', 'ES-module page: JS + wasm + CSS');

  const scriptPage = await widgetDownloads(browser, demo, '/script-tag.html');
  report('page_widget_total_gzip_script_tag', kb(totalGzip(scriptPage.files)), 'KB', '<= 60 KB', fileList(scriptPage.files));
  // A browser set to another language also fetches that language's messages.
  const germanPage = await widgetDownloads(browser, demo, '/', { locale: 'de-DE' });
  report('page_widget_total_gzip_locale_de', kb(totalGzip(germanPage.files)), 'KB', '<= 60 KB', fileList(germanPage.files));

  reference('reference_nango_connect_ui_initial_gzip', 166, 'KB');
  reference('reference_apideck_vault_example_gzip', 316, 'KB');
}
