// The OAuth pop-up's other ways out, and Escape: each ends with the modal closed or on an error
// screen with a way out, never a hang. (The full connections, on every host page, are in
// embedding.spec.js.)
import { expect, test } from '@playwright/test';
import { action, callbacks, dialog, openCatalog, screen, startOAuth } from './helpers.js';

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
  await expect(action(page, 'retry')).toBeVisible();
  await action(page, 'close').click();
  await expect(dialog(page)).toHaveCount(0);
  await expect(callbacks(page, 'onClose')).toContainText('"reason":"error"');
});

test('Escape closes the modal from the catalog', async ({ page }) => {
  await openCatalog(page);
  await page.keyboard.press('Escape');
  await expect(dialog(page)).toHaveCount(0);
  await expect(callbacks(page, 'onClose')).toContainText('"reason":"user"');
});
