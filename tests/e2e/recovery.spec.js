// Failures the machine recovers from, by itself or through the error screen's Try again: a blocked
// sign-in window, a token endpoint that fails, and a session token the service refuses mid-flow.
import { expect, test } from '@playwright/test';
import {
  action, callbacks, dialog, events, item, openCatalog, recordEvents, SANDBOX_KEY, screen, submitButton,
} from './helpers.js';

test('a blocked sign-in window shows popup_blocked, and Try again opens it from its own click and completes', async ({ page }) => {
  // Playwright's Chromium lets every window.open through; here the page's first attempt is refused,
  // as a pop-up blocker does (window.open returns null).
  await page.addInitScript(() => {
    const open = window.open;
    let refused = false;
    window.open = function (...args) {
      if (!refused) {
        refused = true;
        return null;
      }
      return open.apply(this, args);
    };
  });
  const popups = [];
  page.on('popup', (popup) => popups.push(popup));
  await openCatalog(page);
  await item(page, 'acme-crm').click();
  await expect(screen(page, 'error')).toBeVisible();
  await expect(dialog(page)).toContainText('popup_blocked');
  await expect(callbacks(page, 'onError')).toContainText('"code":"popup_blocked"');
  expect(popups).toHaveLength(0);

  const opened = page.waitForEvent('popup');
  await action(page, 'retry').click();
  const popup = await opened;
  await popup.getByRole('button', { name: 'Approve' }).click();
  await expect(screen(page, 'success')).toBeVisible();
  await expect(callbacks(page, 'onSuccess')).toContainText('"integration":"acme-crm"');
  expect(popups).toHaveLength(1);
});

test('a failing token endpoint is retried twice by the machine, then Try again recovers', async ({ page }) => {
  let failing = true;
  let requests = 0;
  await page.route('**/api/authkit', (route) => {
    requests += 1;
    return failing ? route.fulfill({ status: 500, json: { error: 'backend down' } }) : route.continue();
  });
  await page.goto('/');
  await expect(page.locator('#connect')).toBeEnabled();
  await page.locator('#connect').click();
  await expect(screen(page, 'error')).toBeVisible();
  await expect(dialog(page)).toContainText('token_fetch_failed');
  expect(requests).toBe(3); // the first request and two automatic retries, then the error screen
  await expect(callbacks(page, 'onError')).toContainText('"code":"token_fetch_failed"');

  failing = false;
  await action(page, 'retry').click();
  await expect(screen(page, 'catalog')).toBeVisible();
  expect(requests).toBe(4);
});

test('a session token refused mid-flow is renewed and the request repeated, unseen by the user', async ({ page }) => {
  await recordEvents(page);
  const tokenRequests = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/api/authkit') tokenRequests.push(request.url());
  });
  let connectionPosts = 0;
  await page.route('**/v1/connections', (route) => {
    if (route.request().method() !== 'POST') return route.fallback();
    connectionPosts += 1;
    if (connectionPosts > 1) return route.fallback();
    return route.fulfill({
      status: 401,
      headers: { 'access-control-allow-origin': new URL(page.url()).origin },
      json: { error: { code: 'token_expired', message: 'The session token has expired.' } },
    });
  });

  await openCatalog(page);
  expect(tokenRequests).toHaveLength(1);
  await item(page, 'beacon-mail').click();
  await page.getByLabel('API key').fill(SANDBOX_KEY);
  await submitButton(page).click();
  await expect(screen(page, 'success')).toBeVisible();
  expect(connectionPosts).toBe(2);
  expect(tokenRequests).toHaveLength(2);
  await expect(callbacks(page, 'onSuccess')).toHaveCount(1);
  await expect(callbacks(page, 'onError')).toHaveCount(0);
  const recorded = await events(page);
  expect(recorded.filter((event) => event.name === 'error')).toEqual([]);
  expect(recorded.filter((event) => event.name === 'view').map((event) => event.data.view)).not.toContain('error');
});
