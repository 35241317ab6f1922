// Catalog data is the service's, and a definition can say anything: an integration whose name is
// markup must show as the characters typed, never become an element of the page.
import { expect, test } from '@playwright/test';
import { dialog, item, openCatalog, screen } from './helpers.js';

const MARKUP_NAME = '<img src=x onerror=alert(1)>';

// The demo's policy would stop the inline handler even if the name were parsed as HTML; without
// it the alert could fire, so its absence shows the name was never parsed.
test.use({ bypassCSP: true });

test('an integration named <img src=x onerror=alert(1)> renders as text', async ({ page }) => {
  const dialogs = [];
  page.on('dialog', (alert) => {
    dialogs.push(alert.message());
    return alert.dismiss();
  });
  // The service's real answer, with one more integration whose strings are markup.
  await page.route('**/v1/session', async (route) => {
    const response = await route.fetch();
    const session = await response.json();
    session.integrations.push({
      id: 'markup-probe',
      name: MARKUP_NAME,
      description: '<b>bold</b>',
      category: '<i>Tools</i>',
      logo: null,
      authType: 'api_key',
      fields: [{ name: 'apiKey', label: '<em>Key</em>', type: 'secret', required: true }],
    });
    return route.fulfill({ response, json: session });
  });

  await openCatalog(page);
  const probe = item(page, 'markup-probe');
  await expect(probe).toContainText(MARKUP_NAME);
  await expect(probe).toContainText('<i>Tools</i>');
  // A search highlights part of the name: the highlighted pieces are text too.
  await page.locator('#authkit-search').fill('onerror');
  await expect(probe).toContainText(MARKUP_NAME);
  await expect(probe.locator('mark')).toHaveText('onerror');

  await probe.click();
  await expect(screen(page, 'form')).toBeVisible();
  await expect(dialog(page)).toContainText(MARKUP_NAME);
  await expect(dialog(page).getByText('<em>Key</em>')).toBeVisible();

  // Nothing in the modal became an element: no img (the demo sets no logos), no b, i or em.
  await expect(dialog(page).locator('img, b, i, em')).toHaveCount(0);
  expect(dialogs).toEqual([]);
});

// Logos are data too: a scheme other than https (or a path on the page's own site) is never
// requested, and a logo that fails to load leaves the initial letter in its place.
test('logo URLs are filtered, and a broken logo falls back to the initial', async ({ page }) => {
  const requested = [];
  page.on('request', (request) => requested.push(request.url()));
  await page.route('**/v1/session', async (route) => {
    const response = await route.fetch();
    const session = await response.json();
    session.integrations.push(
      { id: 'broken-logo', name: 'Broken Logo', category: 'Tools', logo: '/no-such-logo.svg', authType: 'api_key', fields: [] },
      { id: 'http-logo', name: 'Plain Http', category: 'Tools', logo: 'http://insecure.invalid/logo.png', authType: 'api_key', fields: [] },
    );
    return route.fulfill({ response, json: session });
  });

  await openCatalog(page);
  const broken = item(page, 'broken-logo');
  await expect(broken.locator('img')).toHaveAttribute('hidden', '');
  await expect(broken.locator('.logo-text')).toBeVisible();
  await expect(broken.locator('.logo-text')).toHaveText('B');
  await expect(item(page, 'http-logo').locator('img')).toHaveCount(0);
  expect(requested.some((url) => url.includes('insecure.invalid'))).toBe(false);
});
