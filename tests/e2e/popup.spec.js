// The OAuth pop-up's trust rules, seen from the host page: the pop-up loses its opener before the
// provider's pages load, a message from anywhere changes nothing, and the service's flow status is
// the verdict, which also arrives when an opener policy cuts the page off from its pop-up.
import { expect, test } from '@playwright/test';
import { callbacks, eventNames, item, recordEvents, screen, startServer } from './helpers.js';

/** A page on another 127.0.0.1 port that posts a well-formed success message to its opener. */
function startForger() {
  return startServer((request, response) => {
    const query = new URL(request.url, 'http://forger').searchParams;
    const message = { type: 'authkit:oauth', flowId: query.get('flowId'), nonce: query.get('nonce'), status: 'succeeded' };
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    response.end(`<!doctype html><title>forger</title><script>opener.postMessage(${JSON.stringify(message)}, '*');</script>`);
  });
}

/** In the host page, before its scripts: notes each message the window receives. */
async function recordMessages(page) {
  await page.addInitScript(() => {
    window.__messagesSeen = [];
    window.addEventListener('message', (event) => {
      window.__messagesSeen.push({ origin: event.origin, type: event.data?.type });
    });
  });
}

const messagesSeen = (page) => page.evaluate(() => window.__messagesSeen);

// Opens the modal, starts the OAuth sandbox and returns the pop-up (on the consent page) and the flow.
async function startOAuth(page, path = '/') {
  await page.goto(path);
  await expect(page.locator('#connect')).toBeEnabled();
  await page.locator('#connect').click();
  await expect(screen(page, 'catalog')).toBeVisible();
  const flowCreated = page.waitForResponse((response) => response.request().method() === 'POST' && response.url().endsWith('/v1/oauth/flows'));
  const popupOpened = page.waitForEvent('popup');
  await item(page, 'acme-crm').click();
  const popup = await popupOpened;
  const flow = await (await flowCreated).json();
  await popup.waitForURL(/\/oauth\/authorize/);
  return { popup, flow };
}

test.describe('the sign-in window and the host page', () => {
  test('attack: pages in the sign-in window cannot navigate the host tab (reverse tabnabbing)', async ({ page }) => {
    await recordEvents(page);
    const { popup } = await startOAuth(page);
    const hostUrl = page.url();
    // On the provider's page (a malicious provider, an open redirect, a third-party script on its
    // login page): before the fix, window.opener was the host page and this sent it to a phishing page.
    const reached = await popup.evaluate(() => {
      if (!window.opener) return 'no opener';
      try {
        window.opener.location = 'http://127.0.0.1:9/phish';
        return 'navigated';
      } catch (error) {
        return String(error);
      }
    });
    expect(reached).toBe('no opener');
    await page.waitForTimeout(500);
    expect(page.url()).toBe(hostUrl);
    // The sign-in itself still completes on this ES-module page, with no error on the way.
    await popup.getByRole('button', { name: 'Approve' }).click();
    await expect(screen(page, 'success')).toBeVisible();
    await expect(callbacks(page, 'onSuccess')).toHaveCount(1);
    await expect(callbacks(page, 'onError')).toHaveCount(0);
    expect(await eventNames(page)).not.toContain('error');
  });

  test('leaving the host page mid-flow cancels the sign-in: its window can no longer connect anything', async ({ page }) => {
    const { popup, flow } = await startOAuth(page);
    await page.goto('/script-tag.html');
    // The cancellation leaves with the page (keepalive); the service's status shows it arrived.
    const { serviceUrl } = await (await page.request.get('/api/demo')).json();
    const { token } = await (await page.request.post('/api/authkit')).json();
    await expect.poll(async () => {
      const status = await page.request.get(`${serviceUrl}/v1/oauth/flows/${flow.flowId}`, { headers: { authorization: `Bearer ${token}` } });
      return (await status.json()).error?.code;
    }).toBe('oauth_cancelled');
    await popup.getByRole('button', { name: 'Approve' }).click();
    await expect(popup.locator('body')).toContainText('oauth_cancelled');
    // The callback refused it, so nothing was connected.
    await expect(popup.locator('body')).toContainText('cancelled in the app');
  });

  test('a success message forged from another 127.0.0.1 port changes nothing: only the service\'s status counts', async ({ page }) => {
    const forger = await startForger();
    try {
      await recordMessages(page);
      const { popup, flow } = await startOAuth(page);
      await expect(screen(page, 'authorizing')).toBeVisible();
      // A page posts a well-formed success for this very flow. The pop-up has no opener any more, so
      // the forger's page is opened by the host itself to have a window that can reach it.
      await page.evaluate((url) => {
        window.open(url, 'forger');
      }, `${forger.origin}/?flowId=${encodeURIComponent(flow.flowId)}&nonce=${encodeURIComponent(flow.nonce)}`);
      await expect.poll(() => messagesSeen(page)).toEqual([{ origin: forger.origin, type: 'authkit:oauth' }]);
      // Long enough for the shell's once-a-second status poll to have run after the message.
      await page.waitForTimeout(1500);
      await expect(screen(page, 'authorizing')).toBeVisible();
      await expect(callbacks(page, 'onSuccess')).toHaveCount(0);

      await popup.getByRole('button', { name: 'Approve' }).click();
      await expect(screen(page, 'success')).toBeVisible();
      await expect(callbacks(page, 'onSuccess')).toHaveCount(1);
    } finally {
      await forger.close();
    }
  });
});

test('attack: an authorize link opened in another browser never connects the victim\'s account to the attacker', async ({ page, browser }) => {
  // The attacker, signed in to the app, starts a flow in his own browser and takes its link.
  const { popup, flow } = await startOAuth(page);
  await popup.close();
  // The victim follows the link from a page on the app (a link in user content), in her own browser.
  const victim = await browser.newContext();
  try {
    const victimPage = await victim.newPage();
    await victimPage.goto('/');
    await victimPage.evaluate((url) => {
      const link = document.createElement('a');
      link.href = url;
      link.textContent = 'See my report';
      document.body.append(link);
    }, flow.authorizeUrl);
    await victimPage.getByRole('link', { name: 'See my report' }).click();
    await expect(victimPage.locator('body')).toContainText('only works when opened from the app that started it');
    await expect(victimPage.locator('body')).toContainText('oauth_link_not_from_app');
    await expect(victimPage.getByRole('button', { name: 'Approve' })).toHaveCount(0);
  } finally {
    await victim.close();
  }
  await expect(callbacks(page, 'onSuccess')).toHaveCount(0);
});

test('a host page with Cross-Origin-Opener-Policy: same-origin still completes OAuth through the status polling', async ({ page }) => {
  await recordEvents(page);
  const response = await page.goto('/coop');
  expect(response.headers()['cross-origin-opener-policy']).toBe('same-origin');
  const { popup } = await startOAuth(page, '/coop');
  // The policy cut the page off from its pop-up as soon as it left the page's origin.
  await expect.poll(() => eventNames(page)).toContain('popup_closed');
  expect(await popup.evaluate(() => window.opener)).toBeNull();
  await popup.getByRole('button', { name: 'Approve' }).click();
  await expect(screen(page, 'success')).toBeVisible();
  await expect(callbacks(page, 'onSuccess')).toHaveCount(1);
  await expect(callbacks(page, 'onSuccess')).toContainText('"integration":"acme-crm"');
  // Nothing went wrong, so nothing said it did: no error callback or error event before the success.
  await expect(callbacks(page, 'onError')).toHaveCount(0);
  const names = await eventNames(page);
  expect(names.slice(0, names.indexOf('success'))).not.toContain('error');
});
