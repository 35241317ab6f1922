// Keyboard only: open the modal from the page's button, search, move with the arrow keys, choose,
// type, submit, approve in the sign-in window, close, and find the focus back on the button.
import { expect, test } from '@playwright/test';
import { callbacks, dialog, SANDBOX_KEY, screen } from './helpers.js';

/** Presses Tab in `page` until `target` has the focus, as someone looking for it would. */
async function tabTo(page, target) {
  for (let presses = 0; presses < 20; presses += 1) {
    const focused = await target.evaluate((element) => element === (element.getRootNode().activeElement ?? null));
    if (focused) return;
    await page.keyboard.press('Tab');
  }
  throw new Error('Tab never reached the element');
}

/** On the success screen: the focus is on its main button, which a key press closes, and goes back to the opener. */
async function closeFromSuccess(page, key) {
  await expect(screen(page, 'success')).toBeVisible();
  await expect(dialog(page).locator('[data-action="done"]')).toBeFocused();
  await page.keyboard.press(key);
  await expect(dialog(page)).toHaveCount(0);
  await expect(page.locator('#connect')).toBeFocused();
}

const activeOption = (page) => dialog(page).locator('[role="option"][aria-selected="true"]');

test.beforeEach(async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('#connect')).toBeEnabled();
  await tabTo(page, page.locator('#connect')); // past the header's links
});

test('an API key, by keyboard: search, arrows, Enter, type, Enter, and back to the button', async ({ page }) => {
  await page.keyboard.press('Enter');
  await expect(screen(page, 'catalog')).toBeVisible();
  const search = page.locator('#authkit-search');
  await expect(search).toBeFocused();

  await page.keyboard.type('mail');
  await expect(dialog(page).locator('[role="option"]')).toHaveCount(1);
  await page.keyboard.press('ArrowDown');
  await expect(activeOption(page)).toHaveAttribute('data-integration', 'beacon-mail');
  await expect(search).toHaveAttribute('aria-activedescendant', await activeOption(page).getAttribute('id'));
  await page.keyboard.press('Enter');

  await expect(screen(page, 'form')).toBeVisible();
  await expect(page.getByLabel('API key')).toBeFocused();
  await page.keyboard.type(SANDBOX_KEY);
  await page.keyboard.press('Enter');
  await closeFromSuccess(page, 'Enter');
  await expect(callbacks(page, 'onSuccess')).toContainText('"integration":"beacon-mail"');
});

test('OAuth, by keyboard: arrows through the list, Enter, approve in the window with the keyboard too', async ({ page }) => {
  await page.keyboard.press('Space');
  await expect(screen(page, 'catalog')).toBeVisible();
  await expect(page.locator('#authkit-search')).toBeFocused();

  // The arrows move through the list from the search box, and in the list itself (past the category filters).
  await expect(activeOption(page)).toHaveAttribute('data-integration', 'acme-crm');
  await page.keyboard.press('ArrowDown');
  await expect(activeOption(page)).toHaveAttribute('data-integration', 'beacon-mail');
  await page.keyboard.press('ArrowUp');
  await expect(activeOption(page)).toHaveAttribute('data-integration', 'acme-crm');
  const list = dialog(page).locator('[role="listbox"]');
  await tabTo(page, list);
  await expect(list).toBeFocused();
  await page.keyboard.press('End');
  await expect(activeOption(page)).toHaveAttribute('data-integration', 'beacon-mail');
  await page.keyboard.press('Home');
  await expect(activeOption(page)).toHaveAttribute('data-integration', 'acme-crm');

  const opened = page.waitForEvent('popup');
  await page.keyboard.press('Enter');
  const popup = await opened;
  await expect(screen(page, 'authorizing')).toBeVisible();
  await popup.waitForURL(/\/oauth\/authorize/);
  const approve = popup.getByRole('button', { name: 'Approve' });
  await tabTo(popup, approve);
  await expect(approve).toBeFocused();
  await popup.keyboard.press('Enter');

  await closeFromSuccess(page, 'Space');
  await expect(callbacks(page, 'onSuccess')).toContainText('"integration":"acme-crm"');
});
