// Every host page is served with a strict Content-Security-Policy (no inline script or style, only
// 'wasm-unsafe-eval' added for the module); one variant also enforces Trusted Types. Each completes
// an API-key connection without a single policy violation.
import { expect, test } from '@playwright/test';
import { callbacks, connectApiKey, item, policyViolations, recordPolicyViolations, screen } from './helpers.js';

const PAGES = [
  { path: '/', name: 'ES module', success: 'onSuccess' },
  { path: '/trusted-types', name: 'ES module under Trusted Types', success: 'onSuccess' },
  { path: '/script-tag.html', name: 'script tag', success: 'onSuccess' },
  { path: '/react.html', name: 'React', success: 'onSuccess' },
  { path: '/element.html', name: 'custom element', success: 'authkit-success' },
];

for (const { path, name, success } of PAGES) {
  test(`${name} page (${path}): an API-key connection with no policy violation`, async ({ page }) => {
    await recordPolicyViolations(page);
    const response = await page.goto(path);
    const policy = response.headers()['content-security-policy'];
    expect(policy).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(policy).toContain("style-src 'self'");

    await expect(page.locator('#connect')).toBeVisible();
    await page.locator('#connect').click();
    await expect(screen(page, 'catalog')).toBeVisible();
    await connectApiKey(page);
    await expect(callbacks(page, success)).toHaveCount(1);
    await page.getByRole('button', { name: 'Done' }).click();
    expect(await policyViolations(page)).toEqual([]);
  });
}

test('under Trusted Types the OAuth pop-up (a blank window the shell writes into first) completes with no violation', async ({ page }) => {
  await recordPolicyViolations(page);
  await page.goto('/trusted-types');
  await expect(page.locator('#connect')).toBeEnabled();
  await page.locator('#connect').click();
  const popupOpened = page.waitForEvent('popup');
  await item(page, 'acme-crm').click();
  const popup = await popupOpened;
  await popup.getByRole('button', { name: 'Approve' }).click();
  await expect(screen(page, 'success')).toBeVisible();
  await expect(callbacks(page, 'onSuccess')).toHaveCount(1);
  expect(await policyViolations(page)).toEqual([]);
});

test('the Trusted Types page really enforces them, and the recorder sees the violation', async ({ page }) => {
  await recordPolicyViolations(page);
  const response = await page.goto('/trusted-types');
  expect(response.headers()['content-security-policy']).toContain("require-trusted-types-for 'script'; trusted-types lit-html");
  const outcome = await page.evaluate(() => {
    try {
      document.createElement('div').innerHTML = '<b>plain string</b>';
      return 'accepted';
    } catch (error) {
      return error.name;
    }
  });
  expect(outcome).toBe('TypeError');
  await expect.poll(() => policyViolations(page)).toEqual([expect.objectContaining({ directive: 'require-trusted-types-for' })]);
});
