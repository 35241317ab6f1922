import assert from 'node:assert/strict';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import {
  HOST_ORIGIN, HOST_REFERER, OTHER_ORIGIN, baseConfig, cookieOf, createClock, json, oauthIntegration, openAuthorize,
  pageNotification, request, sessionToken, startOAuthProvider, startService, tempDir,
} from './support.js';

const ELEVEN_MINUTES = 11 * 60 * 1000;

async function setUp(t, { integration = {}, clock = createClock(), extraOrigins = [], flows } = {}) {
  const provider = await startOAuthProvider(t);
  const dir = tempDir(t);
  const { config, secretKeys } = baseConfig({
    dir,
    integrations: {
      'sandbox-oauth': oauthIntegration(provider, integration),
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

/** Opens the authorize link like the popup does; returns the browser cookie and the provider URL. */
async function openAuthorizeLink(flow, options) {
  const response = await openAuthorize(flow.authorizeUrl, options);
  assert.equal(response.status, 302);
  return { cookie: cookieOf(response), providerUrl: new URL(response.headers.get('location')), response };
}

/** The mock provider signs the user in at once and redirects back to the callback. */
async function visitProvider(providerUrl) {
  const response = await request(providerUrl);
  assert.equal(response.status, 302);
  return response.headers.get('location');
}

async function callback(callbackUrl, cookie) {
  const response = await request(callbackUrl, { cookie });
  const html = await response.text();
  return { status: response.status, html, headers: response.headers, notification: pageNotification(html) };
}

async function flowStatus(ctx, flowId, token = ctx.token, origin = HOST_ORIGIN) {
  return json(await request(`${ctx.url}/v1/oauth/flows/${flowId}`, { token, origin }));
}

async function connectOnce(ctx) {
  const flow = await startFlow(ctx);
  const { cookie, providerUrl } = await openAuthorizeLink(flow);
  const result = await callback(await visitProvider(providerUrl), cookie);
  return { flow, result };
}

test('a full OAuth flow stores an encrypted connection and tells the opener', async (t) => {
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

  const { cookie, providerUrl, response } = await openAuthorizeLink(flow);
  const setCookie = response.headers.get('set-cookie');
  assert.match(setCookie, /^authkit_oauth_binding=[A-Za-z0-9_-]{43};/);
  assert.match(setCookie, /HttpOnly/);
  assert.match(setCookie, /SameSite=Lax/);
  assert.match(setCookie, /Path=\/v1\/oauth/);
  assert.doesNotMatch(setCookie, /Secure/, 'plain http publicUrl: no Secure flag');
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
  assert.deepEqual(result.notification, {
    targetOrigin: HOST_ORIGIN,
    message: { type: 'authkit:oauth', flowId: flow.flowId, nonce: flow.nonce, status: 'succeeded' },
  });
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
  const { cookie, providerUrl } = await openAuthorizeLink(flow);
  const callbackUrl = await visitProvider(providerUrl);
  assert.equal((await callback(callbackUrl, cookie)).status, 200);
  const before = ctx.service.store.getConnection((await flowStatus(ctx, flow.flowId)).body.connection.key);

  const replay = await callback(callbackUrl, cookie);
  assert.equal(replay.status, 409);
  assert.match(replay.html, /oauth_state_used/);
  assert.equal(replay.notification, null, 'a replay tells the opener nothing');
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

test('a callback from another browser is refused and fails the flow', async (t) => {
  for (const otherCookie of [undefined, `authkit_oauth_binding=${'A'.repeat(43)}`]) {
    const ctx = await setUp(t);
    const flow = await startFlow(ctx);
    const { providerUrl } = await openAuthorizeLink(flow);
    const result = await callback(await visitProvider(providerUrl), otherCookie);
    assert.equal(result.status, 403);
    assert.equal(result.notification.message.error.code, 'oauth_browser_mismatch');
    const status = await flowStatus(ctx, flow.flowId);
    assert.equal(status.body.status, 'failed');
    assert.equal(status.body.error.code, 'oauth_browser_mismatch');
    assert.equal(typeof status.body.error.message, 'string');
    const listed = await json(await request(`${ctx.url}/v1/connections`, { secret: ctx.secretKeys.test }));
    assert.deepEqual(listed.body.connections, []);
  }
});

test('a callback after the flow expired is refused', async (t) => {
  const ctx = await setUp(t);
  ctx.clock.shift(-ELEVEN_MINUTES); // the flow starts eleven minutes "ago"
  const flow = await startFlow(ctx);
  const { cookie, providerUrl } = await openAuthorizeLink(flow);
  const callbackUrl = await visitProvider(providerUrl);
  ctx.clock.reset();

  const result = await callback(callbackUrl, cookie);
  assert.equal(result.status, 410);
  assert.equal(result.notification.message.status, 'failed');
  assert.equal(result.notification.message.error.code, 'oauth_flow_expired');
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
  const response = await openAuthorize(second.authorizeUrl);
  assert.equal(response.status, 410);
  assert.match(await response.text(), /expired/);
});

test('the sweep fails an abandoned flow, dropping its secrets, and deletes ended flows after the retention period', async (t) => {
  const ctx = await setUp(t, { flows: { retentionSeconds: 3600 } });
  ctx.clock.shift(-ELEVEN_MINUTES); // both flows start eleven minutes "ago"
  const abandoned = await startFlow(ctx);
  await openAuthorizeLink(abandoned); // bound, with a sealed PKCE verifier, then never finished
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
  assert.deepEqual(result.notification.message, {
    type: 'authkit:oauth', flowId: flow.flowId, nonce: flow.nonce, status: 'failed', error: { code: 'oauth_denied' },
  });
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
  assert.equal(result.notification.message.error.code, 'oauth_issuer_mismatch');
  assert.equal((await flowStatus(ctx, flow.flowId)).body.error.code, 'oauth_issuer_mismatch');
});

test('a matching issuer parameter is accepted', async (t) => {
  const ctx = await setUp(t);
  ctx.provider.service.once('beforeAuthorizeRedirect', ({ url }) => {
    url.searchParams.set('iss', ctx.provider.issuer.url);
  });
  const { result } = await connectOnce(ctx);
  assert.equal(result.status, 200);
});

test('a PKCE mismatch fails the exchange', async (t) => {
  const ctx = await setUp(t);
  const flow = await startFlow(ctx);
  const { cookie, providerUrl } = await openAuthorizeLink(flow);
  // The provider records a challenge that does not belong to the flow's verifier.
  providerUrl.searchParams.set('code_challenge', 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  const result = await callback(await visitProvider(providerUrl), cookie);
  assert.equal(result.status, 502);
  assert.equal(result.notification.message.error.code, 'oauth_exchange_failed');
  assert.equal((await flowStatus(ctx, flow.flowId)).body.error.code, 'oauth_exchange_failed');
  const listed = await json(await request(`${ctx.url}/v1/connections`, { secret: ctx.secretKeys.test }));
  assert.deepEqual(listed.body.connections, []);
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
  await openAuthorizeLink(flow);
  const again = await openAuthorize(flow.authorizeUrl);
  assert.equal(again.status, 409);
  assert.match(again.headers.get('content-type'), /^text\/html/);
  assert.match(await again.text(), /This sign-in link was already used/);

  const unknown = await request(`${ctx.url}/v1/oauth/authorize/flow_doesnotexist`);
  assert.equal(unknown.status, 404);
});

test('the authorize link binds the flow only when opened from the flow\'s host page', async (t) => {
  const APP = 'https://app.example.com';
  const ctx = await setUp(t, { extraOrigins: [APP] });
  // A token bound to the app's origin: the flow reports to (and only trusts) that origin.
  const token = await sessionToken(ctx.secretKeys.test, { origin: APP });
  const flow = await startFlow(ctx, { token, origin: APP });
  const refusedReferers = [
    undefined,
    `${OTHER_ORIGIN}/`,
    'https://app.example.com.evil.example/',
    'https://evil.example/?https://app.example.com',
    'http://app.example.com/',
    'https://app.example.com:8443/',
    'not a url',
    'null',
  ];
  for (const referer of refusedReferers) {
    const response = await request(flow.authorizeUrl, { referer });
    const html = await response.text();
    assert.equal(response.status, 403, String(referer));
    assert.match(response.headers.get('content-type'), /^text\/html/);
    assert.match(html, /oauth_link_not_from_app/);
    assert.match(html, /only works when opened from the app that started it/);
    assert.equal(response.headers.get('set-cookie'), null, 'no browser is bound');
    assert.equal(pageNotification(html), null, 'the page tells no opener anything');
    assert.deepEqual((await flowStatus(ctx, flow.flowId, token, APP)).body, { flowId: flow.flowId, status: 'pending' },
      'the flow is neither bound nor failed');
  }
  assert.equal((await ctx.service.store.getFlow(flow.flowId)).status, 'created');

  // The app's own page, with or without a path (a policy that sends the whole URL), still works.
  const { cookie, providerUrl } = await openAuthorizeLink(flow, { referer: `${APP}/settings/connections?tab=apps` });
  const result = await callback(await visitProvider(providerUrl), cookie);
  assert.equal(result.status, 200);
  assert.equal(result.notification.targetOrigin, APP);
  assert.equal((await flowStatus(ctx, flow.flowId, token, APP)).body.status, 'succeeded');
});

test('a link opened elsewhere leaves the flow to the popup that opens it from the app', async (t) => {
  const ctx = await setUp(t);
  const flow = await startFlow(ctx);
  // The attacker's page (or a mail client) opens the link first: nothing happens to the flow.
  assert.equal((await request(flow.authorizeUrl, { referer: `${OTHER_ORIGIN}/phish` })).status, 403);
  const { cookie, providerUrl } = await openAuthorizeLink(flow, { referer: HOST_REFERER });
  assert.equal((await callback(await visitProvider(providerUrl), cookie)).status, 200);
  assert.equal((await flowStatus(ctx, flow.flowId)).body.status, 'succeeded');
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
  const { cookie, providerUrl } = await openAuthorizeLink(result.body);
  const page = await callback(await visitProvider(providerUrl), cookie);
  assert.equal(page.notification.targetOrigin, HOST_ORIGIN);
});

test('two callbacks racing for one state: exactly one wins', async (t) => {
  const ctx = await setUp(t);
  const flow = await startFlow(ctx);
  const { cookie, providerUrl } = await openAuthorizeLink(flow);
  const callbackUrl = await visitProvider(providerUrl);
  const results = await Promise.all([callback(callbackUrl, cookie), callback(callbackUrl, cookie)]);
  assert.deepEqual(results.map(({ status }) => status).sort(), [200, 409]);
  assert.equal(results.filter(({ notification }) => notification !== null).length, 1, 'the opener hears one outcome');
  const listed = await json(await request(`${ctx.url}/v1/connections`, { secret: ctx.secretKeys.test }));
  assert.equal(listed.body.connections.length, 1);
});

test('a HEAD request does not use up the authorize link', async (t) => {
  const ctx = await setUp(t);
  const flow = await startFlow(ctx);
  const head = await fetch(flow.authorizeUrl, { method: 'HEAD', redirect: 'manual', signal: AbortSignal.timeout(5000) });
  assert.notEqual(head.status, 302);
  assert.equal((await openAuthorizeLink(flow)).response.status, 302);
});

test('an https publicUrl gives a Secure cookie and its own exact redirect URI', async (t) => {
  const provider = await startOAuthProvider(t);
  const { config, secretKeys } = baseConfig({ integrations: { 'sandbox-oauth': oauthIntegration(provider) } });
  config.publicUrl = 'https://connect.example';
  const { url } = await startService(t, config);
  const token = await sessionToken(secretKeys.test);
  const created = await json(await request(`${url}/v1/oauth/flows`, {
    token, origin: HOST_ORIGIN, body: { integration: 'sandbox-oauth' },
  }));
  assert.equal(created.body.authorizeUrl, `https://connect.example/v1/oauth/authorize/${created.body.flowId}`);
  const response = await openAuthorize(`${url}/v1/oauth/authorize/${created.body.flowId}`);
  assert.equal(response.status, 302);
  assert.match(response.headers.get('set-cookie'), /; Secure/);
  assert.equal(new URL(response.headers.get('location')).searchParams.get('redirect_uri'),
    'https://connect.example/v1/oauth/callback');
});
