// The public API as a host calls it, in the browser: option checks, the open/close rules, Pica's
// option names, replacing callbacks, destroy, and a failed core load. Runs on the script-tag page,
// whose global AuthKit the tests call; the page's own modal stays closed.
import { expect, test } from '@playwright/test';
import { connectApiKey, dialog, screen, submitApiKey } from './helpers.js';

async function openPage(page) {
  await page.goto('/script-tag.html');
  await expect(page.locator('#connect')).toBeEnabled();
  return page.evaluate(async () => (await (await fetch('/api/demo')).json()).serviceUrl);
}

// Creates a modal in the page as `window.kit`; its callbacks append to `window.calls`. With
// `openTwice`, open() is called twice in the same task as create(), before it can be ready.
async function createKit(page, extra = {}, { openTwice = false } = {}) {
  const serviceUrl = await page.evaluate(async () => (await (await fetch('/api/demo')).json()).serviceUrl);
  await page.evaluate(
    ({ serviceUrl, extra, openTwice }) => {
      window.calls = [];
      const record = (name) => (...args) => window.calls.push([name, ...args]);
      window.kit = window.AuthKit.create({
        token: { url: '/api/authkit' },
        serviceUrl,
        onSuccess: record('onSuccess'),
        onError: record('onError'),
        onClose: record('onClose'),
        onEvent: record('onEvent'),
        ...extra,
      });
      if (openTwice) {
        window.kit.open();
        window.kit.open();
      }
    },
    { serviceUrl, extra, openTwice },
  );
}
const calls = (page, name) => page.evaluate((name) => window.calls.filter((call) => call[0] === name), name);
const eventNames = async (page) => (await calls(page, 'onEvent')).map((call) => call[1]);

test('wrong options are TypeErrors that name the option', async ({ page }) => {
  const serviceUrl = await openPage(page);
  const errors = await page.evaluate((serviceUrl) => {
    const token = { url: '/api/authkit' };
    const attempts = {
      none: undefined,
      noToken: { serviceUrl },
      noServiceUrl: { token },
      relativeServiceUrl: { token, serviceUrl: '/service' },
      typo: { token, serviceUrl, onsuccess: () => {} },
      picaBaseUrl: { token, serviceUrl, baseUrl: 'https://example.com' },
      callbackNotFunction: { token, serviceUrl, onSuccess: 'done' },
      themeMode: { token, serviceUrl, theme: { mode: 'blue' } },
      disagreeing: { token, serviceUrl, appTheme: 'dark', theme: { mode: 'light' } },
      logo: { token, serviceUrl, imageUrl: 42 },
      radius: { token, serviceUrl, theme: { radius: '8px' } },
      locale: { token, serviceUrl, locale: 'not a locale!' },
      headers: { token: { url: '/api/authkit', headers: { 'x-id': 7 } }, serviceUrl },
    };
    return Object.fromEntries(
      Object.entries(attempts).map(([name, options]) => {
        try {
          window.AuthKit.create(options);
          return [name, 'no error'];
        } catch (error) {
          return [name, `${error.constructor.name}: ${error.message}`];
        }
      }),
    );
  }, serviceUrl);

  for (const message of Object.values(errors)) expect(message).toMatch(/^TypeError: AuthKit\.create: /);
  expect(errors.none).toContain('options object');
  expect(errors.noToken).toContain('"token" is required');
  expect(errors.noServiceUrl).toContain('"serviceUrl" is required');
  expect(errors.relativeServiceUrl).toContain('absolute');
  expect(errors.typo).toContain('did you mean "onSuccess"');
  expect(errors.picaBaseUrl).toContain('"baseUrl"');
  expect(errors.callbackNotFunction).toContain('"onSuccess" must be a function');
  expect(errors.themeMode).toContain('"theme.mode" must be one of');
  expect(errors.disagreeing).toContain('"appTheme" and "theme.mode" disagree');
  expect(errors.logo).toContain('"imageUrl" must be a non-empty string');
  expect(errors.radius).toContain('"theme.radius" must be a number');
  expect(errors.locale).toContain('"locale"');
  expect(errors.headers).toContain('"token.headers"');
});

test('open() before ready opens once, open() while open does nothing, close() reports "host"', async ({ page }) => {
  await openPage(page);
  await page.locator('#connect').focus();
  await createKit(page, {}, { openTwice: true });
  await expect(screen(page, 'catalog')).toBeVisible();
  await page.evaluate(() => window.kit.open());
  await expect(dialog(page)).toHaveCount(1);
  expect((await eventNames(page)).filter((name) => name === 'open')).toHaveLength(1);
  // The machine's log holds every event it was sent, ignored ones too: the extra calls never reached it.
  const sent = await page.evaluate(() => window.kit.debugLog());
  expect(sent.filter((event) => event.type === 'open')).toHaveLength(1);

  await page.evaluate(() => window.kit.close());
  await expect(dialog(page)).toHaveCount(0);
  expect(await calls(page, 'onClose')).toEqual([['onClose', { reason: 'host' }]]);
  await expect(page.locator('#connect')).toBeFocused(); // the element focused before the first open()

  // Closed, it opens again.
  await page.evaluate(() => window.kit.open());
  await expect(screen(page, 'catalog')).toBeVisible();
  expect((await eventNames(page)).filter((name) => name === 'open')).toHaveLength(2);
});

test("Pica's option names reach the modal: selectedConnection opens straight on the integration", async ({ page }) => {
  await openPage(page);
  await createKit(page, { selectedConnection: 'beacon-mail', appTheme: 'dark', companyName: 'Demo Co', title: 'Connect' });
  await page.evaluate(() => window.kit.open());
  await expect(screen(page, 'form')).toBeVisible();
  await submitApiKey(page);
  expect(await calls(page, 'onSuccess')).toHaveLength(1);
});

test('setCallbacks replaces a callback without re-creating the modal', async ({ page }) => {
  await openPage(page);
  await createKit(page);
  await page.evaluate(() => window.kit.open());
  await expect(screen(page, 'catalog')).toBeVisible();
  await page.evaluate(() => {
    window.kit.setCallbacks({ onSuccess: (connection) => window.calls.push(['replacement', connection.integration]) });
  });
  await connectApiKey(page);
  await expect.poll(() => calls(page, 'replacement')).toEqual([['replacement', 'beacon-mail']]);
  expect(await calls(page, 'onSuccess')).toEqual([]);
  // The modal was not re-created: still one open, and the same event log carries on.
  expect((await eventNames(page)).filter((name) => name === 'open')).toHaveLength(1);
  const setCallbacksError = await page.evaluate(() => {
    try {
      window.kit.setCallbacks({ onSucess: () => {} });
      return 'no error';
    } catch (error) {
      return error.message;
    }
  });
  expect(setCallbacksError).toContain('"onSucess" is not a callback');
});

test('destroy() takes the modal off the page; the handle does nothing afterwards', async ({ page }) => {
  await openPage(page);
  await createKit(page);
  await page.evaluate(() => window.kit.open());
  await expect(screen(page, 'catalog')).toBeVisible();
  await page.evaluate(() => window.kit.destroy());
  await expect(page.locator('[data-authkit]')).toHaveCount(0);
  await page.evaluate(() => {
    window.kit.open();
    window.kit.destroy();
  });
  await expect(page.locator('[data-authkit]')).toHaveCount(0);
  expect(await calls(page, 'onClose')).toEqual([]);
});

test('a core that fails to load is reported as core_load_failed, and open() loads it again', async ({ page }) => {
  await page.route('**/authkit-core.wasm', (route) => route.abort());
  await page.goto('/script-tag.html');
  await createKit(page);
  await expect.poll(() => calls(page, 'onError')).toEqual([
    ['onError', { code: 'core_load_failed', message: expect.any(String), retryable: true }],
  ]);
  expect(await page.evaluate(() => window.kit.ready.then(() => 'resolved', () => 'rejected'))).toBe('rejected');

  await page.unroute('**/authkit-core.wasm');
  await page.evaluate(() => window.kit.open());
  await expect(screen(page, 'catalog')).toBeVisible();
  expect(await page.evaluate(() => window.kit.ready.then(() => 'resolved'))).toBe('resolved');
});

test('debugLog() returns the event log with secrets redacted', async ({ page }) => {
  await openPage(page);
  await createKit(page);
  await page.evaluate(() => window.kit.open());
  await expect(screen(page, 'catalog')).toBeVisible();
  await connectApiKey(page);
  const log = await page.evaluate(() => window.kit.debugLog());
  expect(log.map((event) => event.type)).toEqual(expect.arrayContaining(['open', 'token_loaded', 'select', 'submit']));
  expect(JSON.stringify(log)).not.toContain('beacon_test_key_123');
});

test('a token function stands in for the endpoint; one that returns no token ends on the token error screen', async ({ page }) => {
  const serviceUrl = await openPage(page);
  await page.evaluate((serviceUrl) => {
    window.calls = [];
    let calls = 0;
    window.kit = window.AuthKit.create({
      // First a wrong answer, then the host's endpoint, fetched by the host's own code.
      token: async () => (++calls === 1 ? { tokn: 'typo' } : (await fetch('/api/authkit', { method: 'POST' })).json()),
      serviceUrl,
      onError: (error) => window.calls.push(['onError', error.code]),
    });
    window.kit.open();
  }, serviceUrl);
  await expect(screen(page, 'error')).toBeVisible();
  expect(await calls(page, 'onError')).toEqual([['onError', 'token_fetch_failed']]);
  await page.getByRole('button', { name: 'Try again' }).click();
  await expect(screen(page, 'catalog')).toBeVisible();
});
