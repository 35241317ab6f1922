// Each way of embedding AuthKit, through its demo host page: the page loads the modal its way,
// and an API-key connection goes all the way to the service and back to the page's callbacks.
import { expect, test } from '@playwright/test';
import { callbacks, connectApiKey, dialog, eventNames, recordEvents, screen, submitApiKey } from './helpers.js';

test.describe('script tag', () => {
  test('defines window.AuthKit and <authkit-connect>, loads its .wasm from beside the script, and connects', async ({ page }) => {
    const wasm = page.waitForRequest((request) => request.url().endsWith('.wasm'));
    await page.goto('/script-tag.html');
    // The page is at the site root and the script under /authkit/: the .wasm is found next to the script.
    expect(new URL((await wasm).url()).pathname).toBe('/authkit/authkit-core.wasm');
    expect(await page.evaluate(() => typeof window.AuthKit?.create)).toBe('function');
    expect(await page.evaluate(() => typeof customElements.get('authkit-connect'))).toBe('function');

    await page.locator('#connect').click();
    await expect(screen(page, 'catalog')).toBeVisible();
    await connectApiKey(page);
    await expect(callbacks(page, 'onSuccess')).toHaveCount(1);
    await expect(callbacks(page, 'onSuccess')).toContainText('"integration":"beacon-mail"');
    await page.getByRole('button', { name: 'Done' }).click();
    await expect(callbacks(page, 'onClose')).toContainText('"reason":"success"');
  });
});

test.describe('React', () => {
  test('under StrictMode: one modal, one open, one onSuccess, and the newest callback is the one called', async ({ page }) => {
    await recordEvents(page);
    await page.goto('/react.html');
    // Every keystroke renders a new onSuccess; the modal made on mount must call the last one.
    await page.getByLabel('Note for the log').fill('typed after mount');
    await page.locator('#connect').click();
    await expect(screen(page, 'catalog')).toBeVisible();
    await expect(page.locator('[data-authkit]')).toHaveCount(1);
    await expect(dialog(page)).toHaveCount(1);

    await connectApiKey(page);
    await expect(callbacks(page, 'onSuccess')).toHaveCount(1);
    await expect(callbacks(page, 'onSuccess')).toContainText('"note":"typed after mount"');
    await page.getByRole('button', { name: 'Done' }).click();
    await expect(dialog(page)).toHaveCount(0);
    await expect(callbacks(page, 'onClose')).toHaveCount(1);
    expect((await eventNames(page)).filter((name) => name === 'open')).toHaveLength(1);
    expect((await eventNames(page)).filter((name) => name === 'success')).toHaveLength(1);
  });

  test('useAuthKit opens straight on its integration, and unmounting takes the modals off the page', async ({ page }) => {
    await page.goto('/react.html');
    await expect(page.locator('#connect-beacon')).toBeEnabled(); // `ready` from the hook
    await page.locator('#connect-beacon').click();
    await expect(screen(page, 'form')).toBeVisible();
    await submitApiKey(page);
    await expect(callbacks(page, 'onSuccess')).toHaveCount(1);
    await page.getByRole('button', { name: 'Done' }).click();
    await expect(dialog(page)).toHaveCount(0);

    await expect(page.locator('[data-authkit]')).toHaveCount(1); // the hook's modal, mounted on first open
    await page.getByLabel('Show the connect buttons').uncheck();
    await expect(page.locator('#connect')).toHaveCount(0);
    await expect(page.locator('[data-authkit]')).toHaveCount(0);
  });
});

test.describe('custom element', () => {
  test('<authkit-connect> opens from its slotted button and reports through DOM events', async ({ page }) => {
    await recordEvents(page);
    await page.goto('/element.html');
    await expect(page.locator('#connect')).toBeEnabled(); // the element's `ready`
    await page.locator('#connect').click();
    await expect(screen(page, 'catalog')).toBeVisible();
    await connectApiKey(page);
    await expect(callbacks(page, 'authkit-success')).toHaveCount(1);
    await expect(callbacks(page, 'authkit-success')).toContainText('"integration":"beacon-mail"');
    await page.getByRole('button', { name: 'Done' }).click();
    await expect(callbacks(page, 'authkit-close')).toContainText('"reason":"success"');
    expect(await eventNames(page)).toEqual(expect.arrayContaining(['open', 'select', 'submit', 'success', 'close']));
    await expect(page.locator('#connect')).toBeFocused(); // focus returns to the slotted button
  });

  test('a changed attribute applies to the next opening; without service-url open() is a TypeError', async ({ page }) => {
    await page.goto('/element.html');
    await expect(page.locator('#connect')).toBeEnabled();
    await page.locator('authkit-connect').evaluate((element) => element.setAttribute('selected-integration', 'beacon-mail'));
    await page.locator('#connect').click();
    await expect(screen(page, 'form')).toBeVisible();
    await submitApiKey(page);
    await expect(callbacks(page, 'authkit-success')).toHaveCount(1);

    const error = await page.evaluate(() => {
      const bare = document.createElement('authkit-connect');
      bare.setAttribute('token-url', '/api/authkit');
      try {
        bare.open();
        return 'no error';
      } catch (caught) {
        return `${caught.name}: ${caught.message}`;
      }
    });
    expect(error).toBe('TypeError: <authkit-connect>: set its token-url and service-url attributes before it opens.');
  });

  test('the ES module registers the same tag, and a second registration is a no-op', async ({ page }) => {
    await page.goto('/element.html');
    const result = await page.evaluate(async () => {
      const module = await import('/authkit/element.mjs');
      return {
        registered: customElements.get('authkit-connect') === module.defineAuthKitElement(),
        upgraded: typeof document.querySelector('authkit-connect').open === 'function',
      };
    });
    expect(result).toEqual({ registered: true, upgraded: true });
  });
});
