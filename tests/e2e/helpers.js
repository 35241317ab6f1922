// What the browser tests share: locators into the modal (an open shadow root, which Playwright's
// locators pierce), the demo page's callback log, recorders of policy violations and widget
// events, the demo's own secrets (for calls a test makes as the site's backend), and small extra
// servers on other 127.0.0.1 ports.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { expect } from '@playwright/test';
import { createClient } from '@authkit/server/client';

export const SANDBOX_KEY = 'beacon_test_key_123';
/** The demo's end user, as its backend names them. */
export const DEMO_IDENTITY = { identity: 'demo-user-1', identityType: 'user' };

export const dialog = (page) => page.getByRole('dialog');
export const screen = (page, name) => page.locator(`[role="dialog"][data-screen="${name}"]`);
export const item = (page, id) => dialog(page).locator(`[data-integration="${id}"]`);
export const callbacks = (page, name) => page.locator(`#log li[data-callback="${name}"]`);
/** A button of the modal by what it does (back, close, retry, done, connect_another): the same in every language. */
export const action = (page, id) => dialog(page).locator(`[data-action="${id}"]`).last();
/** The form's submit button, whatever its label. */
export const submitButton = (page) => dialog(page).locator('[data-focus="submit"]');

/** Opens `path`, waits for its connect button to be ready, clicks it and waits for the list. */
export async function openCatalog(page, path = '/') {
  await page.goto(path);
  await expect(page.locator('#connect')).toBeEnabled();
  await page.locator('#connect').click();
  await expect(screen(page, 'catalog')).toBeVisible();
}

/** From the catalog: picks the OAuth sandbox and returns its pop-up, on the consent page. */
export async function startOAuth(page) {
  const popupOpened = page.waitForEvent('popup');
  await item(page, 'acme-crm').click();
  const popup = await popupOpened;
  await expect(screen(page, 'authorizing')).toBeVisible();
  await popup.waitForURL(/\/oauth\/authorize/);
  return popup;
}

/** From the catalog: picks the API-key sandbox, types the key that works, and waits for success. */
export async function connectApiKey(page) {
  await item(page, 'beacon-mail').click();
  await submitApiKey(page);
}

/** On the API-key form: types the key that works and waits for success. */
export async function submitApiKey(page) {
  await page.getByLabel('API key').fill(SANDBOX_KEY);
  await submitButton(page).click();
  await expect(screen(page, 'success')).toBeVisible();
}

/**
 * Records every securitypolicyviolation from the first script on, before the page's own scripts
 * (and the widget) load; read them with policyViolations(page).
 */
export async function recordPolicyViolations(page) {
  await page.addInitScript(() => {
    window.__policyViolations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      window.__policyViolations.push({
        directive: event.effectiveDirective,
        blocked: event.blockedURI,
        sample: event.sample,
        source: `${event.sourceFile}:${event.lineNumber}`,
      });
    });
  });
}

export const policyViolations = (page) => page.evaluate(() => window.__policyViolations);

/** Records what the widget passes to onEvent, as the demo pages re-dispatch it on <body>. */
export async function recordEvents(page) {
  await page.addInitScript(() => {
    window.__authkitEvents = [];
    addEventListener('DOMContentLoaded', () => {
      document.body.addEventListener('authkit-event', (event) => window.__authkitEvents.push(event.detail));
    });
  });
}

/** The events recorded so far, as [{ name, data }]. */
export const events = (page) => page.evaluate(() => window.__authkitEvents);
export const eventNames = async (page) => (await events(page)).map((event) => event.name);

// The demo started by playwright.config.js keeps its generated secrets here (start-demo.js).
const port = Number(process.env.AUTHKIT_E2E_PORT ?? 5100);
const dataDir = fileURLToPath(new URL(`../../.data/e2e-${port}`, import.meta.url));

/** The demo's development secrets; the tests use the secret key only as the site's backend would. */
export const demoSecrets = () => JSON.parse(readFileSync(`${dataDir}/dev-secrets.json`, 'utf8'));

/** The connection service's Node client with the demo project's secret key. */
export function serviceClient(serviceUrl) {
  return createClient({ baseUrl: serviceUrl, secretKey: demoSecrets().secretKey });
}

/** The service URL the demo pages use. */
export const demoServiceUrl = async (request) => (await (await request.get('/api/demo')).json()).serviceUrl;

/**
 * Revokes every connection of the demo user, so the list shows no "Connected" badge: for tests that
 * must see the same screens whatever ran before them.
 */
export async function revokeDemoConnections(request) {
  const client = serviceClient(await demoServiceUrl(request));
  const connections = await client.listConnections({ ...DEMO_IDENTITY, status: 'active' });
  await Promise.all(connections.map((connection) => client.deleteConnection(connection.key)));
}

/** Starts `handler` on a free 127.0.0.1 port: another origin than the demo's. */
export async function startServer(handler) {
  const server = createServer(handler);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}
