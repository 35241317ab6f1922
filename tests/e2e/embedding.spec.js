// Every way of embedding AuthKit, through its demo host page, goes the whole way: an OAuth sign-in
// refused and then approved, an API key refused and then accepted, each error screen with its way
// out, the page's callbacks, focus back on the button, and the connections stored by the service.
import { expect, test } from '@playwright/test';
import { action, callbacks, dialog, item, openCatalog, SANDBOX_KEY, screen, startOAuth, submitButton } from './helpers.js';

const EMBEDDINGS = [
  { name: 'ES module', path: '/', callbackNames: ['onSuccess', 'onError', 'onClose'] },
  { name: 'script tag', path: '/script-tag.html', callbackNames: ['onSuccess', 'onError', 'onClose'] },
  { name: 'React', path: '/react.html', callbackNames: ['onSuccess', 'onError', 'onClose'] },
  { name: 'custom element', path: '/element.html', callbackNames: ['authkit-success', 'authkit-error', 'authkit-close'] },
];

for (const { name, path, callbackNames } of EMBEDDINGS) {
  const [success, error, close] = callbackNames;

  test(`${name} (${path}): OAuth denied then approved, an API key refused then accepted, focus back on the button`, async ({ page }) => {
    await openCatalog(page, path);
    await expect(dialog(page)).toHaveAttribute('aria-modal', 'true');
    await expect(page.locator('#authkit-search')).toBeFocused();

    // OAuth: Deny ends on an error screen whose Try again opens a new sign-in window.
    const denied = await startOAuth(page);
    await expect(denied.getByRole('heading', { name: /Acme CRM/ })).toBeVisible();
    await denied.getByRole('button', { name: 'Deny' }).click();
    await expect(screen(page, 'error')).toBeVisible();
    await expect(dialog(page)).toContainText('oauth_denied');
    await expect(callbacks(page, error)).toContainText('"code":"oauth_denied"');
    const retried = page.waitForEvent('popup');
    await action(page, 'retry').click();
    const approved = await retried;
    await approved.getByRole('button', { name: 'Approve' }).click();
    await expect(screen(page, 'success')).toBeVisible();
    await expect(dialog(page)).toContainText('Acme CRM (sandbox) account is connected');
    await expect(callbacks(page, success)).toHaveCount(1);
    await expect(callbacks(page, success)).toContainText('"integration":"acme-crm"');
    await expect.poll(() => approved.isClosed()).toBe(true); // the callback page closes itself

    // API key: a wrong key ends on an error screen whose Back keeps what was typed.
    await action(page, 'connect_another').click();
    await expect(screen(page, 'catalog')).toBeVisible();
    await expect(item(page, 'acme-crm')).toContainText('Connected');
    await item(page, 'beacon-mail').click();
    const keyField = page.getByLabel('API key');
    await expect(keyField).toBeFocused();
    await keyField.fill('not-the-right-key');
    await submitButton(page).click();
    await expect(screen(page, 'error')).toBeVisible();
    await expect(dialog(page)).toContainText('invalid_credentials');
    await expect(callbacks(page, error).filter({ hasText: '"code":"invalid_credentials"' })).toHaveCount(1);
    await action(page, 'back').click();
    await expect(screen(page, 'form')).toBeVisible();
    await expect(keyField).toHaveValue('not-the-right-key');
    await expect(keyField).toHaveAttribute('aria-invalid', 'true');

    await keyField.fill(SANDBOX_KEY);
    await submitButton(page).click();
    await expect(screen(page, 'success')).toBeVisible();
    await expect(callbacks(page, success)).toHaveCount(2);
    await action(page, 'done').click();
    await expect(dialog(page)).toHaveCount(0);
    await expect(callbacks(page, close)).toContainText('"reason":"success"');
    await expect(page.locator('#connect')).toBeFocused(); // focus returns to the opener

    // Stored: a fresh page load lists both connections from the service.
    await page.reload();
    await expect(page.locator('#connections tr[data-integration="acme-crm"]')).toContainText('active');
    await expect(page.locator('#connections tr[data-integration="beacon-mail"]')).toContainText('active');
  });
}
