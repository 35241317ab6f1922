// Every screen of the modal, in light, dark, Arabic (right to left) and at a phone's width: axe-core
// finds no WCAG 2.x A/AA violation on any of them, and the main ones are photographed into
// docs/screenshots/ (fixed names, written afresh on every run).
//
// axe is injected with Playwright's evaluate, which runs through the DevTools protocol: the page's
// Content-Security-Policy (script-src 'self') governs the page's own scripts, not that channel, so
// the pages are checked exactly as served, with no bypassCSP and nothing extra served by the demo.
// Each run also records the page's policy violations, to show that axe caused none.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import {
  action, dialog, item, policyViolations, recordPolicyViolations, revokeDemoConnections, SANDBOX_KEY, screen,
  submitButton,
} from './helpers.js';

const SCREENSHOTS = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const MODAL = '[data-authkit]';

const VARIANTS = [
  { name: 'light', options: { colorScheme: 'light' } },
  { name: 'dark', options: { colorScheme: 'dark' } },
  { name: 'arabic', options: { colorScheme: 'light', locale: 'ar' } },
  { name: 'mobile', options: { colorScheme: 'light', viewport: { width: 375, height: 667 }, isMobile: true } },
];

const axe = (page) => new AxeBuilder({ page }).include(MODAL).withTags(WCAG_TAGS);

// "rule: selector" per violating node, which says what to fix in a failure message.
const describeViolations = (results) =>
  results.violations.flatMap((violation) => violation.nodes.map((node) => `${violation.id}: ${JSON.stringify(node.target)}`));

// A node axe looked at inside the modal's shadow root has a target that steps through the host.
const checkedInShadowRoot = (results) =>
  [...results.passes, ...results.violations].flatMap((rule) => rule.nodes).filter((node) => Array.isArray(node.target[0])).length;

/** A request held until `release()`: the screen that waits for it can be looked at. */
async function holdRequests(page, pattern, method) {
  let release;
  const released = new Promise((resolve) => {
    release = resolve;
  });
  await page.route(pattern, async (route) => {
    if (route.request().method() !== method) return route.fallback();
    await released;
    return route.fallback();
  });
  return { release: () => release() };
}

/** A picture of the dialog alone: on a phone it fills the screen. */
function photograph(page, variant, name) {
  return dialog(page).screenshot({ path: `${SCREENSHOTS}${variant.name}-${name}.png`, animations: 'disabled' });
}

test.beforeAll(() => {
  mkdirSync(SCREENSHOTS, { recursive: true });
});

for (const variant of VARIANTS) {
  test.describe(`${variant.name}`, () => {
    test.use(variant.options);

    test(`every screen has no axe violation; the main ones are photographed (${variant.name})`, async ({ page, request }) => {
      test.setTimeout(90_000);
      // The list must look the same whatever ran before: no "Connected" badges.
      await revokeDemoConnections(request);
      await recordPolicyViolations(page);

      const check = async (name, { photo } = {}) => {
        await expect(screen(page, name)).toBeVisible();
        const results = await axe(page).analyze();
        expect(describeViolations(results), `${variant.name}, ${name} screen`).toEqual([]);
        expect(checkedInShadowRoot(results), `axe looked inside the modal on the ${name} screen`).toBeGreaterThan(0);
        if (photo) await photograph(page, variant, photo);
      };

      const token = await holdRequests(page, '**/api/authkit', 'POST');
      await page.goto('/');
      await expect(page.locator('#connect')).toBeEnabled();
      await page.locator('#connect').click();
      await check('loading');
      token.release();

      await check('catalog', { photo: 'catalog' });
      if (variant.options.locale === 'ar') {
        await expect(dialog(page)).toHaveAttribute('dir', 'rtl');
        await expect(dialog(page)).toHaveAttribute('lang', /^ar/);
      }

      await item(page, 'beacon-mail').click();
      await check('form');
      await submitButton(page).click(); // nothing typed: the field says what is missing
      await expect(page.getByLabel('API key')).toHaveAttribute('aria-invalid', 'true');
      await check('form', { photo: 'form-error' });

      const connecting = await holdRequests(page, '**/v1/connections', 'POST');
      await page.getByLabel('API key').fill('not-the-right-key');
      await submitButton(page).click();
      await check('verifying');
      connecting.release();
      await check('error', { photo: 'error' });

      await action(page, 'back').click();
      await page.getByLabel('API key').fill(SANDBOX_KEY);
      await submitButton(page).click();
      await check('success', { photo: 'success' });

      await action(page, 'connect_another').click();
      await expect(screen(page, 'catalog')).toBeVisible();
      const opened = page.waitForEvent('popup');
      await item(page, 'acme-crm').click();
      const popup = await opened;
      await popup.waitForURL(/\/oauth\/authorize/);
      await check('authorizing', { photo: 'authorizing' });
      await popup.getByRole('button', { name: 'Approve' }).click();
      await expect(screen(page, 'success')).toBeVisible();

      expect(await policyViolations(page)).toEqual([]);
    });
  });
}

test('axe reports a flaw planted inside the modal, so a clean result means the modal was checked', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('#connect')).toBeEnabled();
  await page.locator('#connect').click();
  await expect(screen(page, 'catalog')).toBeVisible();
  await page.locator(MODAL).evaluate((host) => {
    const unnamed = document.createElement('button'); // a button with no text and no label
    unnamed.dataset.planted = 'true';
    host.shadowRoot.querySelector('[role="dialog"]').append(unnamed);
  });
  const results = await axe(page).analyze();
  const buttonName = results.violations.find((violation) => violation.id === 'button-name');
  // The target steps from the modal's host element into its shadow root.
  expect(buttonName?.nodes.map((node) => node.target)).toEqual([[[expect.stringContaining('data-authkit'), 'button[data-planted="true"]']]]);
});
