import assert from 'node:assert/strict';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { loadConfig } from '../../server/src/index.js';
import {
  HOST_ORIGIN, OTHER_ORIGIN, baseConfig, createClock, json, launchFlow, oauthIntegration, pageData, request,
  sessionToken, startOAuthProvider, startService, tempDir,
} from './support.js';

const ELEVEN_MINUTES = 11 * 60 * 1000;

async function setUp(t, { integration = {}, clock = createClock(), extraOrigins = [], flows } = {}) {
  const provider = await startOAuthProvider(t);
  const dir = tempDir(t);
  const { config, secretKeys } = baseConfig({
    dir,
    integrations: {
      // `integration` may be a function of the provider, for settings that name its URLs.
      'sandbox-oauth': oauthIntegration(provider, typeof integration === 'function' ? integration(provider) : integration),
      'sandbox-apikey': {
        name: 'Sandbox Key', authType: 'api_key', fields: [{ name: 'apiKey', label: 'API key', type: 'secret' }],
      },
    },
  });
  config.projects[0].allowedOrigins.push(...extraOrigins);
  if (flows) config.flows = flows;
  const { service, url } = await startService(t, config, { now: clock.now });
  const token = await sessionToken(secretKeys.test);
  return { provider, service, url, secretKeys, token, clock, dir };
}

async function startFlow(ctx, { token = ctx.token, origin = HOST_ORIGIN } = {}) {
  const created = await json(await request(`${ctx.url}/v1/oauth/flows`, {
    token, origin, body: { integration: 'sandbox-oauth' },
  }));
  assert.equal(created.status, 201, JSON.stringify(created.body));
  return created.body;
}

/** Launches the flow like the widget's popup does; returns the browser cookie and the provider URL. */
async function launchAsWidget(flow, options) {
  const launched = await launchFlow(flow, options);
  assert.equal(launched.status, 200, launched.html);
  assert.ok(launched.providerUrl, 'the page continues to the provider');
  return { cookie: launched.cookie, providerUrl: launched.providerUrl, response: launched };
}

/** The error code a service page shows, if any. */
const pageCode = (html) => /Error code: <code>([a-z_]+)<\/code>/.exec(html)?.[1];

/** The mock provider signs the user in at once and redirects back to the callback. */
async function visitProvider(providerUrl) {
  const response = await request(providerUrl);
  assert.equal(response.status, 302);
  return response.headers.get('location');
}

async function callback(callbackUrl, cookie) {
  const response = await request(callbackUrl, { cookie });
  const html = await response.text();
  return { status: response.status, html, headers: response.headers, code: pageCode(html), closes: pageData(html)?.close };
}

async function assertNoConnections(ctx) {
  const listed = await json(await request(`${ctx.url}/v1/connections`, { secret: ctx.secretKeys.test }));
  assert.deepEqual(listed.body.connections, [], 'nothing was connected');
}

async function flowStatus(ctx, flowId, token = ctx.token, origin = HOST_ORIGIN) {
  return json(await request(`${ctx.url}/v1/oauth/flows/${flowId}`, { token, origin }));
}

async function connectOnce(ctx) {
  const flow = await startFlow(ctx);
  const { cookie, providerUrl } = await launchAsWidget(flow);
  const result = await callback(await visitProvider(providerUrl), cookie);
  return { flow, result };
}

test('a full OAuth flow stores an encrypted connection and closes the popup', async (t) => {
  const ctx = await setUp(t);
  let issuedAccessToken;
  let tokenRequestAuthorization;
  ctx.provider.service.once('beforeResponse', (response, req) => {
    issuedAccessToken = response.body.access_token;
    tokenRequestAuthorization = req.headers.authorization;
  });

  const flow = await startFlow(ctx);
  assert.match(flow.flowId, /^flow_/);
  assert.equal(flow.authorizeUrl, `${ctx.url}/v1/oauth/authorize/${flow.flowId}`);
  assert.ok(Date.parse(flow.expiresAt) > Date.now() + 9 * 60 * 1000);

  const { cookie, providerUrl, response } = await launchAsWidget(flow);
  const setCookie = response.headers.get('set-cookie');
  assert.match(setCookie, new RegExp(`^authkit-flow-${flow.flowId}=[A-Za-z0-9_-]{43};`));
  assert.match(setCookie, /HttpOnly/);
  assert.match(setCookie, /SameSite=Lax/);
  assert.match(setCookie, /Path=\/;/);
  assert.doesNotMatch(setCookie, /Secure/, 'plain http publicUrl on loopback: no Secure flag, no __Host- prefix');
  // The page that leaves for the provider first cuts the popup's link to the host page.
  assert.match(response.html, /window\.opener=null;location\.replace\(/);
  assert.equal(response.headers.get('x-frame-options'), 'DENY');
  assert.equal(`${providerUrl.origin}${providerUrl.pathname}`, `${ctx.provider.issuer.url}/authorize`);
  const query = providerUrl.searchParams;
  assert.equal(query.get('client_id'), 'authkitclient');
  assert.equal(query.get('redirect_uri'), `${ctx.url}/v1/oauth/callback`);
  assert.equal(query.get('response_type'), 'code');
  assert.equal(query.get('scope'), 'read write');
  assert.equal(query.get('code_challenge_method'), 'S256');
  assert.match(query.get('code_challenge'), /^[A-Za-z0-9_-]{43}$/);
  assert.ok(query.get('state').length >= 22);

  assert.deepEqual((await flowStatus(ctx, flow.flowId)).body, { flowId: flow.flowId, status: 'pending' });

  const result = await callback(await visitProvider(providerUrl), cookie);
  assert.equal(result.status, 200);
  assert.match(result.html, /You can close this window\./);
  assert.equal(result.headers.get('referrer-policy'), 'no-referrer');
  const csp = result.headers.get('content-security-policy');
  assert.match(csp, /default-src 'none'/);
  const nonce = /script-src 'nonce-([^']+)'/.exec(csp)[1];
  assert.ok(result.html.includes(`<script nonce="${nonce}">`));
  assert.equal(result.closes, true, 'the popup closes itself');
  assert.ok(!result.html.includes(flow.nonce) && !result.html.includes(flow.flowId), 'the page names no flow');
  assert.match(result.headers.get('set-cookie'), new RegExp(`^authkit-flow-${flow.flowId}=;`), 'the binding is cleared');
  assert.ok(!result.html.includes(issuedAccessToken), 'the page never carries the token');
  assert.match(tokenRequestAuthorization, /^Basic /, 'client_secret_basic by default');

  const status = await flowStatus(ctx, flow.flowId);
  assert.equal(status.body.status, 'succeeded');
  const { connection } = status.body;
  assert.deepEqual(Object.keys(connection).sort(),
    ['authType', 'createdAt', 'fields', 'identity', 'identityType', 'integration', 'key', 'scopes', 'status', 'updatedAt']);
  assert.deepEqual(connection.fields, {}, 'this integration asks for no fields');
  assert.equal(connection.integration, 'sandbox-oauth');
  assert.equal(connection.identity, 'user-1');
  assert.equal(connection.authType, 'oauth2');
  assert.equal(connection.status, 'active');
  assert.deepEqual(connection.scopes, ['dummy'], 'the scope the provider granted');

  const listed = await json(await request(`${ctx.url}/v1/connections?identity=user-1`, { secret: ctx.secretKeys.test }));
  assert.equal(listed.status, 200);
  assert.deepEqual(listed.body.connections, [connection]);

  const credentials = ctx.service.store.readCredentials(connection.key);
  assert.equal(credentials.accessToken, issuedAccessToken);
  assert.equal(typeof credentials.refreshToken, 'string');
  assert.ok(Date.parse(credentials.expiresAt) > Date.now());

  const raw = new Database(`${ctx.dir}/authkit.sqlite`, { readonly: true });
  t.after(() => raw.close());
  const row = raw.prepare('SELECT * FROM connections WHERE key = ?').get(connection.key);
  const rowText = Object.values(row).map((value) => (Buffer.isBuffer(value) ? value.toString('latin1') : String(value))).join('|');
  assert.ok(!rowText.includes(issuedAccessToken), 'the access token is not stored in clear');
  assert.ok(!rowText.includes(credentials.refreshToken), 'the refresh token is not stored in clear');
  assert.equal(row.key_id, 'k1');
  const flowRow = raw.prepare('SELECT * FROM oauth_flows WHERE id = ?').get(flow.flowId);
  assert.equal(flowRow.status, 'succeeded');
  assert.equal(flowRow.connection_key, connection.key);
  assert.equal(flowRow.verifier_ciphertext, null, 'a finished flow keeps no PKCE verifier');
});

test('connecting again updates the same connection in place', async (t) => {
  const ctx = await setUp(t);
  const first = await connectOnce(ctx);
  const firstConnection = (await flowStatus(ctx, first.flow.flowId)).body.connection;
  ctx.provider.service.once('beforeResponse', (response) => {
    response.body.access_token = 'second-access-token';
  });
  const second = await connectOnce(ctx);
  const secondConnection = (await flowStatus(ctx, second.flow.flowId)).body.connection;
  assert.equal(secondConnection.key, firstConnection.key);
  assert.equal(secondConnection.createdAt, firstConnection.createdAt);
  assert.equal(ctx.service.store.readCredentials(secondConnection.key).accessToken, 'second-access-token');
  const listed = await json(await request(`${ctx.url}/v1/connections`, { secret: ctx.secretKeys.test }));
  assert.equal(listed.body.connections.length, 1);
});

test('client_secret_post sends the client secret in the body', async (t) => {
  const ctx = await setUp(t, {
    integration: { oauth: { tokenEndpointAuthMethod: 'client_secret_post' } },
  });
  let tokenRequest;
  ctx.provider.service.once('beforeResponse', (_response, req) => {
    tokenRequest = { authorization: req.headers.authorization, body: req.body };
  });
  const { result } = await connectOnce(ctx);
  assert.equal(result.status, 200);
  assert.equal(tokenRequest.authorization, undefined);
  assert.equal(tokenRequest.body.client_id, 'authkitclient');
  assert.equal(tokenRequest.body.client_secret, 'client-secret-for-tests-only');
});

test('a token response without refresh_token or expires_in is stored as is', async (t) => {
  const ctx = await setUp(t);
  ctx.provider.service.once('beforeResponse', (response) => {
    delete response.body.refresh_token;
    delete response.body.expires_in;
    delete response.body.scope;
  });
  const { flow, result } = await connectOnce(ctx);
  assert.equal(result.status, 200);
  const { connection } = (await flowStatus(ctx, flow.flowId)).body;
  const credentials = ctx.service.store.readCredentials(connection.key);
  assert.equal(credentials.refreshToken, undefined);
  assert.equal(credentials.expiresAt, undefined);
  assert.deepEqual(connection.scopes, ['read', 'write'], 'no granted scope: the requested ones');
  assert.equal(ctx.service.store.getConnection(connection.key).tokenExpiresAt, null);
});

test('a replayed callback is refused and changes nothing', async (t) => {
  const ctx = await setUp(t);
  const flow = await startFlow(ctx);
  const { cookie, providerUrl } = await launchAsWidget(flow);
  const callbackUrl = await visitProvider(providerUrl);
  assert.equal((await callback(callbackUrl, cookie)).status, 200);
  const before = ctx.service.store.getConnection((await flowStatus(ctx, flow.flowId)).body.connection.key);

  const replay = await callback(callbackUrl, cookie);
  assert.equal(replay.status, 409);
  assert.match(replay.html, /oauth_state_used/);
  assert.equal(replay.closes, false, 'a replay leaves its page open to be read');
  assert.deepEqual(ctx.service.store.getConnection(before.key), before);
  assert.equal((await flowStatus(ctx, flow.flowId)).body.status, 'succeeded');
});

test('an unknown state is refused', async (t) => {
  const ctx = await setUp(t);
  const result = await callback(`${ctx.url}/v1/oauth/callback?code=abc&state=not-a-real-state`);
  assert.equal(result.status, 400);
  assert.match(result.html, /oauth_state_invalid/);
  const missing = await callback(`${ctx.url}/v1/oauth/callback?code=abc`);
  assert.equal(missing.status, 400);
});

test('attack: a provider consent URL sent to another browser cannot complete the flow', async (t) => {
  for (const otherCookie of [undefined, (flowId) => `authkit-flow-${flowId}=${'A'.repeat(43)}`]) {
    const ctx = await setUp(t);
    const flow = await startFlow(ctx);
    // The flow's owner launches it himself and forwards the provider's consent page to the victim.
    const { providerUrl } = await launchAsWidget(flow);
    const result = await callback(await visitProvider(providerUrl), otherCookie?.(flow.flowId));
    assert.equal(result.status, 403);
    assert.equal(result.code, 'oauth_browser_mismatch');
    const status = await flowStatus(ctx, flow.flowId);
    assert.equal(status.body.status, 'failed');
    assert.equal(status.body.error.code, 'oauth_browser_mismatch');
    assert.equal(typeof status.body.error.message, 'string');
    await assertNoConnections(ctx);
  }
});

test('a callback after the flow expired is refused', async (t) => {
  const ctx = await setUp(t);
  ctx.clock.shift(-ELEVEN_MINUTES); // the flow starts eleven minutes "ago"
  const flow = await startFlow(ctx);
  const { cookie, providerUrl } = await launchAsWidget(flow);
  const callbackUrl = await visitProvider(providerUrl);
  ctx.clock.reset();

  const result = await callback(callbackUrl, cookie);
  assert.equal(result.status, 410);
  assert.equal(result.code, 'oauth_flow_expired');
  assert.equal(result.closes, true, 'the widget shows the failure');
  assert.equal((await flowStatus(ctx, flow.flowId)).body.error.code, 'oauth_flow_expired');
});

test('an expired pending flow reads as failed, and its authorize link no longer works', async (t) => {
  const ctx = await setUp(t);
  ctx.clock.shift(-ELEVEN_MINUTES);
  const flow = await startFlow(ctx);
  ctx.clock.reset();
  const status = await flowStatus(ctx, flow.flowId);
  assert.equal(status.body.status, 'failed');
  assert.equal(status.body.error.code, 'oauth_flow_expired');

  const second = await startFlow(ctx);
  ctx.clock.shift(ELEVEN_MINUTES);
  const response = await launchFlow(second);
  assert.equal(response.status, 410);
  assert.match(response.html, /expired/);
});

test('the sweep fails an abandoned flow, dropping its secrets, and deletes ended flows after the retention period', async (t) => {
  const ctx = await setUp(t, { flows: { retentionSeconds: 3600 } });
  ctx.clock.shift(-ELEVEN_MINUTES); // both flows start eleven minutes "ago"
  const abandoned = await startFlow(ctx);
  await launchAsWidget(abandoned); // bound, with a sealed PKCE verifier, then never finished
  const { flow: finished } = await connectOnce(ctx);
  const raw = new Database(`${ctx.dir}/authkit.sqlite`, { readonly: true });
  t.after(() => raw.close());
  const rowOf = (id) => raw.prepare('SELECT * FROM oauth_flows WHERE id = ?').get(id);
  assert.notEqual(rowOf(abandoned.flowId).verifier_ciphertext, null);
  assert.deepEqual(await ctx.service.flowSweeper.runOnce(), { expired: 0, deleted: 0 }, 'nothing is due yet');

  ctx.clock.reset();
  assert.deepEqual(await ctx.service.flowSweeper.runOnce(), { expired: 1, deleted: 0 });
  const row = rowOf(abandoned.flowId);
  assert.equal(row.status, 'failed');
  assert.equal(row.error_code, 'oauth_flow_expired');
  for (const column of ['verifier_key_id', 'verifier_iv', 'verifier_ciphertext', 'verifier_tag']) assert.equal(row[column], null, column);
  assert.equal((await flowStatus(ctx, abandoned.flowId)).body.error.code, 'oauth_flow_expired', 'the widget reads why');
  assert.equal(rowOf(finished.flowId).status, 'succeeded', 'ended eleven minutes ago: kept for the retention period');

  ctx.clock.shift(61 * 60 * 1000);
  assert.deepEqual(await ctx.service.flowSweeper.runOnce(), { expired: 0, deleted: 2 });
  assert.equal(raw.prepare('SELECT count(*) FROM oauth_flows').pluck().get(), 0, 'the table shrinks');
  ctx.clock.reset();
  assert.equal((await flowStatus(ctx, finished.flowId)).status, 404);
  const listed = await json(await request(`${ctx.url}/v1/connections`, { secret: ctx.secretKeys.test }));
  assert.equal(listed.body.connections.length, 1, 'the connection stays');
});

test('the sweep runs on its own while the service listens', async (t) => {
  const ctx = await setUp(t, { flows: { sweepIntervalSeconds: 1 } });
  ctx.clock.shift(-ELEVEN_MINUTES);
  const flow = await startFlow(ctx);
  ctx.clock.reset();
  // Polled, not timed: only the outcome is asserted.
  let status;
  for (let attempt = 0; attempt < 50 && status !== 'failed'; attempt += 1) {
    await new Promise((resolve) => { setTimeout(resolve, 100); });
    status = (await ctx.service.store.getFlow(flow.flowId)).status;
  }
  assert.equal(status, 'failed');
  assert.equal((await ctx.service.store.getFlow(flow.flowId)).errorCode, 'oauth_flow_expired');
});

test('the provider refusing access fails the flow with oauth_denied', async (t) => {
  const ctx = await setUp(t);
  ctx.provider.service.once('beforeAuthorizeRedirect', ({ url }) => {
    url.searchParams.delete('code');
    url.searchParams.set('error', 'access_denied');
  });
  const { flow, result } = await connectOnce(ctx);
  assert.equal(result.status, 400);
  assert.equal(result.code, 'oauth_denied');
  assert.match(result.html, /cancelled/);
  assert.equal((await flowStatus(ctx, flow.flowId)).body.error.code, 'oauth_denied');
});

test('another provider error fails the flow with oauth_failed', async (t) => {
  const ctx = await setUp(t);
  ctx.provider.service.once('beforeAuthorizeRedirect', ({ url }) => {
    url.searchParams.delete('code');
    url.searchParams.set('error', 'server_error');
  });
  const { flow } = await connectOnce(ctx);
  assert.equal((await flowStatus(ctx, flow.flowId)).body.error.code, 'oauth_failed');
});

test('an issuer other than the configured one is refused', async (t) => {
  const ctx = await setUp(t);
  ctx.provider.service.once('beforeAuthorizeRedirect', ({ url }) => {
    url.searchParams.set('iss', 'https://issuer.invalid');
  });
  const { flow, result } = await connectOnce(ctx);
  assert.equal(result.code, 'oauth_issuer_mismatch');
  assert.equal((await flowStatus(ctx, flow.flowId)).body.error.code, 'oauth_issuer_mismatch');
});

test('attack: a callback without iss is refused when the provider always sends it', async (t) => {
  // RFC 9207's mix-up defence: all integrations share one redirect URI, so an answer that does not
  // name its issuer may come from another provider. Before the fix it was accepted.
  const ctx = await setUp(t, { integration: { oauth: { authorizationResponseIss: true } } });
  ctx.provider.service.once('beforeAuthorizeRedirect', ({ url }) => {
    url.searchParams.delete('iss');
  });
  const { flow, result } = await connectOnce(ctx);
  assert.equal(result.status, 400);
  assert.equal(result.code, 'oauth_issuer_missing');
  assert.equal((await flowStatus(ctx, flow.flowId)).body.error.code, 'oauth_issuer_missing');
  await assertNoConnections(ctx);
});

test('with the switch on, a callback naming the right issuer connects; the switch needs an issuer', async (t) => {
  const ctx = await setUp(t, { integration: { oauth: { authorizationResponseIss: true } } });
  ctx.provider.service.once('beforeAuthorizeRedirect', ({ url }) => {
    url.searchParams.set('iss', ctx.provider.issuer.url);
  });
  const { flow, result } = await connectOnce(ctx);
  assert.equal(result.status, 200);
  assert.equal((await flowStatus(ctx, flow.flowId)).body.status, 'succeeded');

  const { config } = baseConfig({
    integrations: { 'sandbox-oauth': oauthIntegration(ctx.provider, { oauth: { issuer: undefined, authorizationResponseIss: true } }) },
  });
  assert.throws(() => loadConfig(config), (error) => error.issues.some(
    (issue) => issue.path.endsWith('oauth.authorizationResponseIss') && /needs "issuer"/.test(issue.message)));
});

test('a matching issuer parameter is accepted', async (t) => {
  const ctx = await setUp(t);
  ctx.provider.service.once('beforeAuthorizeRedirect', ({ url }) => {
    url.searchParams.set('iss', ctx.provider.issuer.url);
  });
  const { result } = await connectOnce(ctx);
  assert.equal(result.status, 200);
});

test('tokens obtained for a flow that can no longer be saved are revoked at the provider', async (t) => {
  const ctx = await setUp(t, { integration: (provider) => ({ oauth: { revocationEndpoint: `${provider.issuer.url}/revoke` } }) });
  const revoked = [];
  ctx.provider.service.on('beforeRevoke', (response, req) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => {
      text += chunk;
    });
    req.on('end', () => revoked.push(Object.fromEntries(new URLSearchParams(text))));
  });
  const flow = await startFlow(ctx);
  const { cookie, providerUrl } = await launchAsWidget(flow);
  let issued;
  // The sweep ends the flow while its code is at the token endpoint: the answer cannot be kept.
  ctx.provider.service.once('beforeResponse', (response) => {
    issued = response.body.refresh_token;
    ctx.service.store.failFlow(flow.flowId, { code: 'oauth_flow_expired', message: 'expired' });
  });
  const result = await callback(await visitProvider(providerUrl), cookie);
  assert.equal(result.code, 'oauth_flow_expired');
  assert.ok(issued);
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.deepEqual(revoked.map((body) => body.token), [issued], 'the grant is handed back');
  await assertNoConnections(ctx);
});

test('a PKCE mismatch fails the exchange', async (t) => {
  const ctx = await setUp(t);
  const flow = await startFlow(ctx);
  const { cookie, providerUrl } = await launchAsWidget(flow);
  // The provider records a challenge that does not belong to the flow's verifier.
  providerUrl.searchParams.set('code_challenge', 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  const result = await callback(await visitProvider(providerUrl), cookie);
  assert.equal(result.status, 502);
  assert.equal(result.code, 'oauth_exchange_failed');
  assert.equal((await flowStatus(ctx, flow.flowId)).body.error.code, 'oauth_exchange_failed');
  await assertNoConnections(ctx);
});

test('a token endpoint error fails the exchange', async (t) => {
  const ctx = await setUp(t);
  ctx.provider.service.once('beforeResponse', (response) => {
    response.statusCode = 400;
    response.body = { error: 'invalid_grant' };
  });
  const { flow } = await connectOnce(ctx);
  assert.equal((await flowStatus(ctx, flow.flowId)).body.error.code, 'oauth_exchange_failed');
});

test('the authorize link works once', async (t) => {
  const ctx = await setUp(t);
  const flow = await startFlow(ctx);
  await launchAsWidget(flow);
  const again = await launchFlow(flow);
  assert.equal(again.status, 409);
  assert.match(again.headers.get('content-type'), /^text\/html/);
  assert.match(again.html, /This sign-in link was already used/);

  const unknown = await request(`${ctx.url}/v1/oauth/authorize/flow_doesnotexist`);
  assert.equal(unknown.status, 404);
});

/** Asserts that a launch attempt was refused and left the flow untouched for the real popup. */
async function assertRefusedLaunch(ctx, flow, response, { token = ctx.token, origin = HOST_ORIGIN, label } = {}) {
  assert.equal(response.status, 403, label);
  assert.match(response.headers.get('content-type'), /^text\/html/);
  assert.equal(pageCode(response.html), 'oauth_link_not_from_app', label);
  assert.match(response.html, /only works when opened from the app that started it/);
  assert.equal(response.headers.get('set-cookie'), null, `${label}: no browser is bound`);
  assert.equal(pageData(response.html)?.url, undefined, `${label}: nothing continues to the provider`);
  assert.deepEqual((await flowStatus(ctx, flow.flowId, token, origin)).body, { flowId: flow.flowId, status: 'pending' },
    `${label}: the flow is neither bound nor failed`);
}

test('attack: an authorize link opened in another browser never binds the flow, whatever page or Referer sends it there', async (t) => {
  const APP = 'https://app.example.com';
  const ctx = await setUp(t, { extraOrigins: [APP] });
  const token = await sessionToken(ctx.secretKeys.test, { origin: APP });
  // The attacker, a user of the app, starts a flow with his own session and plants its link.
  const flow = await startFlow(ctx, { token, origin: APP });
  // A link followed from a page on the app (user content, a ?next= redirect) is a GET with the app's
  // Referer, and any cookie: before the fix this bound the victim's browser to the attacker's flow.
  for (const referer of [undefined, `${APP}/`, `${APP}/forum/thread?next=x`, `${OTHER_ORIGIN}/`]) {
    const response = await request(flow.authorizeUrl, {
      referer, cookie: `authkit_oauth_binding=${'A'.repeat(43)}`, origin: APP,
    });
    const html = await response.text();
    await assertRefusedLaunch(ctx, flow, { status: response.status, headers: response.headers, html },
      { token, origin: APP, label: `GET with Referer ${referer}` });
  }
  assert.equal((await ctx.service.store.getFlow(flow.flowId)).status, 'created');
});

test('attack: a launch without the app page\'s Origin or without the flow\'s nonce is refused', async (t) => {
  const APP = 'https://app.example.com';
  const ctx = await setUp(t, { extraOrigins: [APP] });
  const token = await sessionToken(ctx.secretKeys.test, { origin: APP });
  const flow = await startFlow(ctx, { token, origin: APP });
  const attempts = [
    { label: 'no Origin', origin: null },
    { label: 'Origin null', origin: 'null' },
    { label: 'another allowed origin', origin: HOST_ORIGIN },
    { label: 'a look-alike origin', origin: 'https://app.example.com.evil.example' },
    { label: 'http instead of https', origin: 'http://app.example.com' },
    { label: 'no nonce', origin: APP, nonce: null },
    { label: 'a wrong nonce', origin: APP, nonce: 'A'.repeat(22) },
    { label: 'an empty nonce', origin: APP, nonce: '' },
    { label: 'two nonces', origin: APP, body: `nonce=${flow.nonce}&nonce=${flow.nonce}` },
    { label: 'the nonce as JSON', origin: APP, body: JSON.stringify({ nonce: flow.nonce }), headers: { 'content-type': 'application/json' } },
  ];
  for (const { label, ...attempt } of attempts) {
    const response = await launchFlow(flow, { nonce: flow.nonce, ...attempt });
    if (attempt.headers) {
      // Only the form the widget sends is read.
      assert.ok([403, 415].includes(response.status), label);
      assert.equal(response.headers.get('set-cookie'), null, label);
      continue;
    }
    await assertRefusedLaunch(ctx, flow, response, { token, origin: APP, label });
  }
  // The widget's own launch still works afterwards.
  const { cookie, providerUrl } = await launchAsWidget(flow, { origin: APP });
  const result = await callback(await visitProvider(providerUrl), cookie);
  assert.equal(result.status, 200);
  assert.equal((await flowStatus(ctx, flow.flowId, token, APP)).body.status, 'succeeded');
});

test('attack: a flow launched long after it was created, as a form planted on a page would be, is refused', async (t) => {
  const ctx = await setUp(t);
  const flow = await startFlow(ctx);
  // The widget launches at once; a form with this flow's nonce posted somewhere is submitted later.
  ctx.clock.shift(3 * 60 * 1000);
  const late = await launchFlow(flow);
  assert.equal(late.status, 410);
  assert.equal(pageCode(late.html), 'oauth_flow_expired');
  assert.equal(late.headers.get('set-cookie'), null, 'no browser is bound');
  assert.equal((await flowStatus(ctx, flow.flowId)).body.error.code, 'oauth_flow_expired');
});

test('allowed origins on plain http are refused unless they are on this machine', () => {
  const { config } = baseConfig();
  config.projects[0].allowedOrigins = ['http://forum.example.com', 'https://app.example.com', 'http://localhost:3000'];
  assert.throws(() => loadConfig(config), (error) => error.issues.length === 1
    && error.issues[0].path === 'projects[0].allowedOrigins[0]' && /must use https:/.test(error.issues[0].message));
});

test('two flows launched side by side in one browser each keep their own binding', async (t) => {
  const ctx = await setUp(t);
  const first = await startFlow(ctx);
  const second = await startFlow(ctx);
  const one = await launchAsWidget(first);
  const two = await launchAsWidget(second);
  assert.notEqual(one.cookie.split('=')[0], two.cookie.split('=')[0], 'one cookie per flow');
  const cookies = `${one.cookie}; ${two.cookie}`;
  assert.equal((await callback(await visitProvider(two.providerUrl), cookies)).status, 200);
  assert.equal((await callback(await visitProvider(one.providerUrl), cookies)).status, 200);
});

test('attack: a binding value a client plants is never adopted', async (t) => {
  const ctx = await setUp(t);
  const flow = await startFlow(ctx);
  const planted = 'P'.repeat(43);
  // Before the fix, a well-formed value already in the browser was reused as the flow's binding, so
  // whoever planted it could finish the flow from another browser holding the same value.
  const launched = await launchFlow(flow, { cookie: `authkit_oauth_binding=${planted}; authkit-flow-${flow.flowId}=${planted}` });
  assert.equal(launched.status, 200);
  assert.ok(!launched.cookie.endsWith(`=${planted}`), 'the service sets a value of its own');
  const result = await callback(await visitProvider(launched.providerUrl), `authkit-flow-${flow.flowId}=${planted}`);
  assert.equal(result.code, 'oauth_browser_mismatch');
  assert.equal((await flowStatus(ctx, flow.flowId)).body.error.code, 'oauth_browser_mismatch');
});

test('a flow the widget cancels connects nothing, even when its window finishes the sign-in', async (t) => {
  const ctx = await setUp(t);
  const flow = await startFlow(ctx);
  const { cookie, providerUrl } = await launchAsWidget(flow);
  const callbackUrl = await visitProvider(providerUrl);
  const cancel = (token = ctx.token) => request(`${ctx.url}/v1/oauth/flows/${flow.flowId}/cancel`, {
    token, origin: HOST_ORIGIN, method: 'POST',
  }).then(json);

  // Another user of the app cannot cancel (nor learn of) someone else's flow.
  const stranger = await cancel(await sessionToken(ctx.secretKeys.test, { identity: 'user-2' }));
  assert.deepEqual([stranger.status, stranger.body.error.code], [404, 'not_found']);
  assert.equal((await flowStatus(ctx, flow.flowId)).body.status, 'pending');

  const cancelled = await cancel();
  assert.equal(cancelled.status, 200);
  assert.deepEqual([cancelled.body.status, cancelled.body.error.code], ['failed', 'oauth_cancelled']);
  const result = await callback(callbackUrl, cookie);
  assert.equal(result.status, 409);
  assert.equal(result.code, 'oauth_cancelled');
  await assertNoConnections(ctx);
  // Cancelling an ended flow changes nothing.
  assert.equal((await cancel()).body.error.code, 'oauth_cancelled');
});

test('a flow is visible only to the session that started it', async (t) => {
  const ctx = await setUp(t);
  const flow = await startFlow(ctx);
  const otherUser = await sessionToken(ctx.secretKeys.test, { identity: 'user-2' });
  const otherType = await sessionToken(ctx.secretKeys.test, { identityType: 'team' });
  const otherEnvironment = await sessionToken(ctx.secretKeys.live);
  for (const token of [otherUser, otherType, otherEnvironment]) {
    const status = await flowStatus(ctx, flow.flowId, token);
    assert.equal(status.status, 404);
    assert.equal(status.body.error.code, 'not_found');
  }
  assert.equal((await flowStatus(ctx, 'flow_unknown')).status, 404);
});

test('starting a flow checks the integration and the host origin', async (t) => {
  const ctx = await setUp(t);
  const post = (body, { token = ctx.token, origin = HOST_ORIGIN } = {}) => request(`${ctx.url}/v1/oauth/flows`, {
    token, origin, body,
  }).then(json);

  const limited = await sessionToken(ctx.secretKeys.test, { integrations: ['sandbox-apikey'] });
  let result = await post({ integration: 'sandbox-oauth' }, { token: limited });
  assert.equal(result.status, 403);
  assert.equal(result.body.error.code, 'integration_not_allowed');

  result = await post({ integration: 'not-configured' });
  assert.equal(result.body.error.code, 'integration_not_allowed');

  result = await post({ integration: 'sandbox-apikey' });
  assert.equal(result.status, 400);
  assert.equal(result.body.error.code, 'bad_request');

  result = await post({});
  assert.equal(result.status, 400);
  assert.equal(result.body.error.code, 'bad_request');

  result = await post({ integration: 'sandbox-oauth' }, { origin: null });
  assert.equal(result.status, 403);
  assert.equal(result.body.error.code, 'origin_not_allowed');

  // A token bound to an origin needs no Origin header: the flow reports to the bound origin.
  const bound = await sessionToken(ctx.secretKeys.test, { origin: HOST_ORIGIN });
  result = await post({ integration: 'sandbox-oauth' }, { token: bound, origin: null });
  assert.equal(result.status, 201);
  // Its launch must come from that origin.
  assert.equal((await launchFlow(result.body, { origin: OTHER_ORIGIN })).status, 403);
  const { cookie, providerUrl } = await launchAsWidget(result.body);
  const page = await callback(await visitProvider(providerUrl), cookie);
  assert.equal(page.status, 200);
});

test('two callbacks racing for one state: exactly one wins', async (t) => {
  const ctx = await setUp(t);
  const flow = await startFlow(ctx);
  const { cookie, providerUrl } = await launchAsWidget(flow);
  const callbackUrl = await visitProvider(providerUrl);
  const results = await Promise.all([callback(callbackUrl, cookie), callback(callbackUrl, cookie)]);
  assert.deepEqual(results.map(({ status }) => status).sort(), [200, 409]);
  assert.equal(results.filter(({ closes }) => closes).length, 1, 'only the request that ended the flow closes its window');
  const listed = await json(await request(`${ctx.url}/v1/connections`, { secret: ctx.secretKeys.test }));
  assert.equal(listed.body.connections.length, 1);
});

test('a HEAD request does not use up the authorize link', async (t) => {
  const ctx = await setUp(t);
  const flow = await startFlow(ctx);
  const head = await fetch(flow.authorizeUrl, { method: 'HEAD', redirect: 'manual', signal: AbortSignal.timeout(5000) });
  assert.notEqual(head.status, 200);
  assert.equal((await launchAsWidget(flow)).response.status, 200);
});

test('an https publicUrl gives a __Host- Secure cookie and its own exact redirect URI', async (t) => {
  const provider = await startOAuthProvider(t);
  const { config, secretKeys } = baseConfig({ integrations: { 'sandbox-oauth': oauthIntegration(provider) } });
  config.publicUrl = 'https://connect.example';
  const { url } = await startService(t, config);
  const token = await sessionToken(secretKeys.test);
  const created = await json(await request(`${url}/v1/oauth/flows`, {
    token, origin: HOST_ORIGIN, body: { integration: 'sandbox-oauth' },
  }));
  assert.equal(created.body.authorizeUrl, `https://connect.example/v1/oauth/authorize/${created.body.flowId}`);
  const response = await launchFlow({ ...created.body, authorizeUrl: `${url}/v1/oauth/authorize/${created.body.flowId}` });
  assert.equal(response.status, 200);
  const setCookie = response.headers.get('set-cookie');
  assert.match(setCookie, new RegExp(`^__Host-authkit-flow-${created.body.flowId}=`));
  assert.match(setCookie, /; Secure/);
  assert.match(setCookie, /; Path=\/;/);
  assert.doesNotMatch(setCookie, /Domain=/i);
  assert.equal(response.providerUrl.searchParams.get('redirect_uri'), 'https://connect.example/v1/oauth/callback');
});

test('a publicUrl on plain http is refused unless it is on this machine', () => {
  for (const publicUrl of ['http://connect.example', 'http://10.0.0.5:4200']) {
    const { config } = baseConfig();
    config.publicUrl = publicUrl;
    assert.throws(() => loadConfig(config), (error) => error.issues.some(
      (issue) => issue.path === 'publicUrl' && /must use https:/.test(issue.message)), publicUrl);
  }
  for (const publicUrl of ['http://127.0.0.1:4200', 'http://localhost:4200', 'http://[::1]:4200', 'https://connect.example']) {
    const { config } = baseConfig();
    config.publicUrl = publicUrl;
    assert.equal(loadConfig(config).publicUrl, publicUrl);
  }
});
