// The OAuth pop-up's trust rules, seen from the host page: a message is only a hint to ask the
// service, and only from the service's exact origin; the service's flow status is the verdict,
// which still arrives when an opener policy cuts the page off from its pop-up.
import { expect, test } from '@playwright/test';
import { callbacks, eventNames, item, recordEvents, screen, startServer } from './helpers.js';

/** A page on another 127.0.0.1 port that posts a well-formed success message to its opener. */
function startForger() {
  return startServer((request, response) => {
    const query = new URL(request.url, 'http://forger').searchParams;
    const message = { type: 'authkit:oauth', flowId: query.get('flowId'), nonce: query.get('nonce'), status: 'succeeded' };
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    response.end(`<!doctype html><title>forger</title><script>opener.postMessage(${JSON.stringify(message)}, '*');</script>`);
  });
}

/**
 * In the host page, before its scripts: notes each flow-status request the shell makes, and for
 * each message the window receives, how many status requests had been made once every listener
 * (the shell's included) had run. A message the shell accepts makes it ask the service at once.
 */
async function watchStatusRequests(page) {
  await page.addInitScript(() => {
    const statusPath = /\/v1\/oauth\/flows\/[^/]+$/;
    window.__statusRequests = [];
    window.__messagesSeen = [];
    const originalFetch = window.fetch;
    window.fetch = function (input, init) {
      const url = new URL(typeof input === 'string' ? input : input.url, location.href);
      const result = originalFetch.call(this, input, init);
      if (statusPath.test(url.pathname)) {
        const request = { url: url.href, settled: false };
        window.__statusRequests.push(request);
        const settle = () => {
          request.settled = true;
        };
        result.then(settle, settle);
      }
      return result;
    };
    window.addEventListener('message', (event) => {
      // A MessageChannel task runs after this message's dispatch has finished, whatever the clock does.
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        window.__messagesSeen.push({ origin: event.origin, type: event.data?.type, statusRequests: window.__statusRequests.length });
      };
      channel.port2.postMessage(null);
    });
  });
}

const statusRequests = (page) => page.evaluate(() => window.__statusRequests);
const messagesSeen = (page) => page.evaluate(() => window.__messagesSeen);

// Opens the modal, starts the OAuth sandbox and returns the pop-up (on the consent page) and the flow.
async function startOAuth(page, path = '/') {
  await page.goto(path);
  await expect(page.locator('#connect')).toBeEnabled();
  await page.locator('#connect').click();
  await expect(screen(page, 'catalog')).toBeVisible();
  const flowCreated = page.waitForResponse((response) => response.request().method() === 'POST' && response.url().endsWith('/v1/oauth/flows'));
  const popupOpened = page.waitForEvent('popup');
  await item(page, 'acme-crm').click();
  const popup = await popupOpened;
  const flow = await (await flowCreated).json();
  await popup.waitForURL(/\/oauth\/authorize/);
  return { popup, flow };
}

// Stops the page's timers (so the shell's once-a-second poll cannot run) after the polls already
// started have been answered.
async function freezePolling(page) {
  const now = await page.evaluate(() => Date.now());
  await page.clock.pauseAt(now + 1000);
  await expect.poll(async () => (await statusRequests(page)).every((request) => request.settled)).toBe(true);
}

test.describe('OAuth pop-up messages', () => {
  test("the service's own message makes the shell ask for the status at once (timers frozen)", async ({ page }) => {
    await page.clock.install();
    await watchStatusRequests(page);
    const { popup } = await startOAuth(page);
    await expect(screen(page, 'authorizing')).toBeVisible();
    await freezePolling(page);
    const before = (await statusRequests(page)).length;

    await popup.getByRole('button', { name: 'Approve' }).click();
    await expect(screen(page, 'success')).toBeVisible();
    const serviceOrigin = new URL(page.url()).origin.replace(/:(\d+)$/, (_, port) => `:${Number(port) + 100}`);
    expect(await messagesSeen(page)).toEqual([{ origin: serviceOrigin, type: 'authkit:oauth', statusRequests: before + 1 }]);
    await expect(callbacks(page, 'onSuccess')).toHaveCount(1);
  });

  test('a success message forged from another 127.0.0.1 port is ignored, even with the right flow id and nonce', async ({ page, context }) => {
    const forger = await startForger();
    try {
      await page.clock.install();
      await watchStatusRequests(page);
      const { popup, flow } = await startOAuth(page);
      await expect(screen(page, 'authorizing')).toBeVisible();
      await freezePolling(page);

      // The user approves and the service records the success, but its callback page never reaches
      // the pop-up (the test follows the provider's redirect itself, with the browser's cookies):
      // the only message the host page will get is the forged one.
      let held;
      const callbackHeld = new Promise((resolve) => {
        held = resolve;
      });
      await context.route((url) => url.pathname === '/oauth/decide', async (route) => {
        const decision = await route.fetch({ maxRedirects: 0 });
        const callback = await context.request.get(decision.headers().location, { maxRedirects: 0 });
        await route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>held</title>' });
        held(callback.status());
      });
      await popup.getByRole('button', { name: 'Approve' }).click();
      expect(await callbackHeld).toBe(200);
      const before = (await statusRequests(page)).length;

      // The forged page runs in the pop-up itself, so `event.source` is the pop-up: only the origin check stands in its way.
      await popup.goto(`${forger.origin}/?flowId=${encodeURIComponent(flow.flowId)}&nonce=${encodeURIComponent(flow.nonce)}`);
      await expect.poll(() => messagesSeen(page)).toEqual([{ origin: forger.origin, type: 'authkit:oauth', statusRequests: before }]);
      await expect(screen(page, 'authorizing')).toBeVisible();
      await expect(callbacks(page, 'onSuccess')).toHaveCount(0);

      // The service's status remains the way to finish: let the poll run again.
      await page.clock.resume();
      await expect(screen(page, 'success')).toBeVisible();
      await expect(callbacks(page, 'onSuccess')).toHaveCount(1);
    } finally {
      await forger.close();
    }
  });
});

test('a host page with Cross-Origin-Opener-Policy: same-origin still completes OAuth through the status polling', async ({ page }) => {
  await recordEvents(page);
  const response = await page.goto('/coop');
  expect(response.headers()['cross-origin-opener-policy']).toBe('same-origin');
  const { popup } = await startOAuth(page, '/coop');
  // The policy cut the page off from its pop-up as soon as it left the page's origin.
  await expect.poll(() => eventNames(page)).toContain('popup_closed');
  expect(await popup.evaluate(() => window.opener)).toBeNull();
  await popup.getByRole('button', { name: 'Approve' }).click();
  await expect(screen(page, 'success')).toBeVisible();
  await expect(callbacks(page, 'onSuccess')).toHaveCount(1);
  await expect(callbacks(page, 'onSuccess')).toContainText('"integration":"acme-crm"');
});
