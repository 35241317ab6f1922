// The walking skeleton, end to end: click → wasm machine → shell → service → provider → stored connection.
import { expect, test } from '@playwright/test';

const SANDBOX_KEY = 'beacon_test_key_123';

// The modal lives in an open shadow root; Playwright's locators pierce it.
const dialog = (page) => page.getByRole('dialog');
const screen = (page, name) => page.locator(`[role="dialog"][data-screen="${name}"]`);
const item = (page, id) => page.locator(`[role="option"][data-integration="${id}"]`);
const callbacks = (page, name) => page.locator(`#log li[data-callback="${name}"]`);

async function openCatalog(page) {
  await page.goto('/');
  await expect(page.locator('#connect')).toBeEnabled();
  await page.locator('#connect').click();
  await expect(screen(page, 'catalog')).toBeVisible();
}

async function startOAuth(page) {
  const popupOpened = page.waitForEvent('popup');
  await item(page, 'acme-crm').click();
  const popup = await popupOpened;
  await expect(screen(page, 'authorizing')).toBeVisible();
  await popup.waitForURL(/\/oauth\/authorize/);
  return popup;
}

test('connects the OAuth provider and the API-key provider, and both stay listed after a reload', async ({ page }) => {
  await openCatalog(page);
  await expect(dialog(page)).toHaveAttribute('aria-modal', 'true');
  await expect(page.locator('[role="option"]')).toHaveCount(2);
  await expect(page.locator('#authkit-search')).toBeFocused();

  // OAuth: the popup shows the provider's consent page; Approve finishes the flow.
  const popup = await startOAuth(page);
  await expect(popup.getByRole('heading', { name: /Acme CRM/ })).toBeVisible();
  await popup.getByRole('button', { name: 'Approve' }).click();
  await expect(screen(page, 'success')).toBeVisible();
  await expect(dialog(page)).toContainText('Acme CRM (sandbox) account is connected');
  await expect(callbacks(page, 'onSuccess')).toHaveCount(1);
  await expect(callbacks(page, 'onSuccess')).toContainText('"integration":"acme-crm"');
  await expect.poll(() => popup.isClosed()).toBe(true); // the callback page closes itself

  // API key: a wrong key leads to an error screen with a way back that keeps what was typed.
  await page.getByRole('button', { name: 'Connect another' }).click();
  await expect(screen(page, 'catalog')).toBeVisible();
  await expect(item(page, 'acme-crm')).toContainText('Connected');
  await item(page, 'beacon-mail').click();
  const keyField = page.getByLabel('API key');
  await expect(keyField).toBeFocused();
  await keyField.fill('not-the-right-key');
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(screen(page, 'error')).toBeVisible();
  await expect(dialog(page)).toContainText('invalid_credentials');
  await expect(callbacks(page, 'onError')).toContainText('"code":"invalid_credentials"');
  await page.getByRole('button', { name: 'Back', exact: true }).click();
  await expect(screen(page, 'form')).toBeVisible();
  await expect(keyField).toHaveValue('not-the-right-key');
  await expect(keyField).toHaveAttribute('aria-invalid', 'true');

  await keyField.fill(SANDBOX_KEY);
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(screen(page, 'success')).toBeVisible();
  await expect(callbacks(page, 'onSuccess')).toHaveCount(2);
  await page.getByRole('button', { name: 'Done' }).click();
  await expect(dialog(page)).toHaveCount(0);
  await expect(callbacks(page, 'onClose')).toContainText('"reason":"success"');
  await expect(page.locator('#connect')).toBeFocused(); // focus returns to the opener

  // Stored: a fresh page load lists both connections from the service.
  await page.reload();
  await expect(page.locator('#connections tr[data-integration="acme-crm"]')).toContainText('active');
  await expect(page.locator('#connections tr[data-integration="beacon-mail"]')).toContainText('active');
});

test('Deny on the consent page ends in an error screen with a retry that works', async ({ page }) => {
  await openCatalog(page);
  const popup = await startOAuth(page);
  await popup.getByRole('button', { name: 'Deny' }).click();
  await expect(screen(page, 'error')).toBeVisible();
  await expect(dialog(page)).toContainText('oauth_denied');
  await expect(callbacks(page, 'onError')).toContainText('"code":"oauth_denied"');

  const retried = page.waitForEvent('popup');
  await page.getByRole('button', { name: 'Try again' }).click();
  const second = await retried;
  await second.getByRole('button', { name: 'Approve' }).click();
  await expect(screen(page, 'success')).toBeVisible();
});

test('closing the popup ends in an error screen with a way out, not a hang', async ({ page }) => {
  await openCatalog(page);
  const popup = await startOAuth(page);
  // A person reads the consent page before closing it. A window that "closes" within three seconds of
  // leaving for the service is taken for one an opener policy cut off, and is waited for instead
  // (tested in the machine's suite and by the COOP host page).
  await page.waitForTimeout(3500);
  await popup.close();
  await expect(screen(page, 'error')).toBeVisible();
  await expect(dialog(page)).toContainText('popup_closed');
  await expect(page.getByRole('button', { name: 'Try again' })).toBeVisible();
  await page.getByRole('button', { name: 'Close', exact: true }).last().click();
  await expect(dialog(page)).toHaveCount(0);
  await expect(callbacks(page, 'onClose')).toContainText('"reason":"error"');
});

test('Escape closes the modal from the catalog', async ({ page }) => {
  await openCatalog(page);
  await page.keyboard.press('Escape');
  await expect(dialog(page)).toHaveCount(0);
  await expect(callbacks(page, 'onClose')).toContainText('"reason":"user"');
});
