// The demo site around the modal: the connections list with its "Call the API" button (the site's
// backend calling the provider through AuthKit's passthrough, the secret key never in the browser),
// the branding playground, and the pages at a phone's width.
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import {
  action, callbacks, connectApiKey, demoSecrets, demoServiceUrl, dialog, openCatalog, policyViolations,
  recordPolicyViolations, screen, serviceClient, startOAuth,
} from './helpers.js';

const PAGES = ['/', '/script-tag.html', '/react.html', '/element.html', '/playground.html'];
const answer = (page) => page.locator('#api-answer');
const row = (page, integration) => page.locator(`#connections tr[data-integration="${integration}"]`);
const callButton = (page, integration) => row(page, integration).getByRole('button', { name: /Call the API/ });

/** Every answer the browser receives, as text, to look for what must never reach it. */
function recordResponses(page) {
  const bodies = [];
  page.on('response', (response) => {
    bodies.push(response.text().catch(() => ''));
  });
  return () => Promise.all(bodies);
}

test.describe('connections', () => {
  test('"Call the API" shows each provider\'s answer through the passthrough; the secret key never reaches the page', async ({ page }) => {
    const { secretKey } = demoSecrets();
    const responses = recordResponses(page);

    await openCatalog(page);
    const popup = await startOAuth(page);
    await popup.getByRole('button', { name: 'Approve' }).click();
    await expect(screen(page, 'success')).toBeVisible();
    await action(page, 'connect_another').click();
    await connectApiKey(page);
    await action(page, 'done').click();
    await expect(callbacks(page, 'onSuccess')).toHaveCount(2);

    await expect(row(page, 'acme-crm')).toContainText('active');
    await callButton(page, 'acme-crm').click();
    await expect(answer(page)).toHaveAttribute('data-integration', 'acme-crm');
    await expect(answer(page)).toHaveAttribute('data-status', '200');
    await expect(answer(page)).toContainText('acme-crm: GET /me');
    await expect(answer(page)).toContainText('"name": "Sandbox User"');

    await callButton(page, 'beacon-mail').click();
    await expect(answer(page)).toHaveAttribute('data-integration', 'beacon-mail');
    await expect(answer(page)).toHaveAttribute('data-status', '200');
    await expect(answer(page)).toContainText('"account": "beacon-sandbox"');

    const seen = await responses();
    expect(seen.length).toBeGreaterThan(10);
    expect(seen.filter((body) => body.includes(secretKey))).toEqual([]);
    expect(await page.content()).not.toContain(secretKey);
  });

  test('a call the service refuses shows its error code (a revoked connection), and a reconnect makes it work again', async ({ page, request }) => {
    await openCatalog(page);
    await connectApiKey(page);
    await action(page, 'done').click();
    await expect(row(page, 'beacon-mail')).toContainText('active');

    // The site's backend (here, the test with the secret key) deletes the connection behind the page's back.
    const client = serviceClient(await demoServiceUrl(request));
    const key = (await row(page, 'beacon-mail').locator('td').nth(2).textContent()).trim();
    await client.deleteConnection(key);
    await callButton(page, 'beacon-mail').click();
    await expect(answer(page)).toHaveAttribute('data-code', 'connection_revoked');
    await expect(answer(page)).toContainText('refused: connection_revoked');

    await page.reload();
    await expect(row(page, 'beacon-mail')).toContainText('revoked');
    await page.locator('#connect').click();
    await connectApiKey(page);
    await action(page, 'done').click();
    await expect(row(page, 'beacon-mail')).toContainText('active');
    await callButton(page, 'beacon-mail').click();
    await expect(answer(page)).toHaveAttribute('data-status', '200');
  });

  test("the backend only calls the signed-in user's connections", async ({ request }) => {
    const refused = await request.post('/api/connections/conn_not_this_users/call');
    expect(refused.status()).toBe(404);
    expect((await refused.json()).error.code).toBe('not_found');
    expect((await request.post('/api/connections/%25zz%zz/call')).status()).toBe(404); // not even a valid key
  });
});

test.describe('branding playground', () => {
  const control = (page, name) => page.locator(`#branding [name="${name}"]`);
  const preview = (page) => page.locator('#preview');

  test.beforeEach(async ({ page }) => {
    await recordPolicyViolations(page);
    const response = await page.goto('/playground.html');
    expect(response.headers()['content-security-policy']).toContain("script-src 'self' 'wasm-unsafe-eval'; style-src 'self'");
    await expect(preview(page).locator('[role="dialog"][data-screen="catalog"]')).toBeVisible();
  });

  test.afterEach(async ({ page }) => {
    expect(await policyViolations(page)).toEqual([]);
  });

  test('each change re-creates the modal in the preview: colour, mode, radius, company, title, locale', async ({ page }) => {
    await expect(page.locator('#primary-in-use')).toHaveText('#1d4ed8');
    await control(page, 'mode').selectOption('dark');
    await expect(preview(page).locator('[role="dialog"]')).toHaveAttribute('data-mode', 'dark');

    await control(page, 'companyName').fill('Playground Ltd');
    await control(page, 'title').fill('Link your tools');
    await expect(preview(page).getByRole('dialog')).toContainText('Playground Ltd');
    await expect(preview(page).getByRole('heading', { name: 'Link your tools' })).toBeVisible();
    // Typing in a control keeps the focus there while the preview is made again.
    await expect(control(page, 'title')).toBeFocused();

    await control(page, 'locale').selectOption('ar');
    await expect(preview(page).locator('[role="dialog"]')).toHaveAttribute('dir', 'rtl');

    await control(page, 'selectedIntegration').selectOption('beacon-mail');
    await expect(preview(page).locator('[role="dialog"][data-screen="form"]')).toBeVisible();
    await expect(page.locator('[data-authkit]')).toHaveCount(1); // one modal at a time
  });

  test('a colour with too little contrast is shown as adjusted; unusable values are listed as the modal reported them', async ({ page }) => {
    await control(page, 'primaryColor').fill('#ffff00');
    await expect(page.locator('#contrast-note')).toHaveAttribute('data-adjusted', 'true');
    await expect(page.locator('#contrast-note')).toContainText('primaryColor #ffff00 was darkened to'); // the machine's own words
    const inUse = await page.locator('#primary-in-use').textContent();
    expect(inUse).toMatch(/^#[0-9a-f]{6}$/);
    expect(inUse).not.toBe('#ffff00');

    await control(page, 'radius').fill('40');
    await control(page, 'logoUrl').fill('http://insecure.example/logo.png');
    await control(page, 'primaryColor').fill('blue');
    const problems = page.locator('#config-problems li');
    await expect(problems.filter({ hasText: 'theme.radius' })).toHaveCount(1);
    await expect(problems.filter({ hasText: 'theme.logoUrl' })).toHaveCount(1);
    await expect(problems.filter({ hasText: 'theme.primaryColor' })).toHaveCount(1);
    await expect(page.locator('#contrast-note')).not.toHaveAttribute('data-adjusted', 'true');
    // The modal still opened, with its defaults.
    await expect(preview(page).locator('[role="dialog"][data-screen="catalog"]')).toBeVisible();
    await expect(page.locator('#primary-in-use')).toHaveText('#1d4ed8');
  });

  test('the preview is a working modal: an API key connects from it', async ({ page }) => {
    await connectApiKey(page);
    await expect(preview(page).locator('[role="dialog"][data-screen="success"]')).toBeVisible();
    await expect(callbacks(page, 'onSuccess')).toContainText('"integration":"beacon-mail"');
    await action(page, 'done').click();
    await expect(dialog(page)).toHaveCount(0);
    await page.locator('#reopen').click();
    await expect(preview(page).locator('[role="dialog"][data-screen="catalog"]')).toBeVisible();
  });
});

test.describe('at a phone\'s width (375×667)', () => {
  test.use({ viewport: { width: 375, height: 667 }, isMobile: true });

  for (const path of PAGES) {
    test(`${path} fits the screen: nothing scrolls sideways`, async ({ page }) => {
      await page.goto(path);
      await expect(page.locator('#identity')).toHaveText('demo-user-1');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    });
  }

  test('the modal is full screen and an API key connects', async ({ page }) => {
    await openCatalog(page);
    expect(await dialog(page).boundingBox()).toEqual({ x: 0, y: 0, width: 375, height: 667 });
    await connectApiKey(page);
    await action(page, 'done').click();
    await expect(row(page, 'beacon-mail')).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  });
});

for (const colorScheme of ['light', 'dark']) {
  test.describe(`${colorScheme} pages`, () => {
    test.use({ colorScheme });

    test(`every demo page has no axe violation (${colorScheme})`, async ({ page }) => {
      for (const path of PAGES) {
        await page.goto(path);
        await expect(page.locator('#identity')).toHaveText('demo-user-1');
        const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
        expect(results.violations.map((violation) => `${path} ${violation.id}`)).toEqual([]);
      }
    });
  });
}
