// What the browser tests share: locators into the modal (an open shadow root, which Playwright's
// locators pierce), the demo page's callback log, recorders of policy violations and widget
// events, and small extra servers on other 127.0.0.1 ports.
import { createServer } from 'node:http';
import { expect } from '@playwright/test';

export const SANDBOX_KEY = 'beacon_test_key_123';

export const dialog = (page) => page.getByRole('dialog');
export const screen = (page, name) => page.locator(`[role="dialog"][data-screen="${name}"]`);
export const item = (page, id) => dialog(page).locator(`[data-integration="${id}"]`);
export const callbacks = (page, name) => page.locator(`#log li[data-callback="${name}"]`);

/** From the catalog: picks the API-key sandbox, types the key that works, and waits for success. */
export async function connectApiKey(page) {
  await item(page, 'beacon-mail').click();
  await submitApiKey(page);
}

/** On the API-key form: types the key that works and waits for success. */
export async function submitApiKey(page) {
  await page.getByLabel('API key').fill(SANDBOX_KEY);
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
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

/** Records the names the widget passes to onEvent, as the demo pages re-dispatch them on <body>. */
export async function recordEvents(page) {
  await page.addInitScript(() => {
    window.__authkitEvents = [];
    addEventListener('DOMContentLoaded', () => {
      document.body.addEventListener('authkit-event', (event) => window.__authkitEvents.push(event.detail.name));
    });
  });
}

export const eventNames = (page) => page.evaluate(() => window.__authkitEvents);

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
