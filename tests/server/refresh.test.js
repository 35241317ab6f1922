// Token refresh against a real OAuth server (oauth2-mock-server): ahead of expiry and after it,
// refresh-token rotation, invalid_grant (after a re-read) → needs_reauth, 5xx and timeouts → backoff,
// and the forced refresh route.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { verifyWebhook } from '../../server/src/client/index.js';
import {
  connectWithOAuth, countRefreshes, frozenClock, passthrough, seedApiKeyConnection, seedOAuthConnection, startHttpServer,
} from './helpers.js';
import {
  baseConfig, json, oauthIntegration, request, sessionToken, startOAuthProvider, startService, tempDir,
} from './support.js';

const MINUTE = 60 * 1000;
const WEBHOOK_SECRET = 'whsec_refresh_tests_0123456789abcdef0123';

async function setUp(t, { integration = {}, providerTimeoutMs, refresh = {} } = {}) {
  const provider = await startOAuthProvider(t);
  const api = await startHttpServer(t, (req, res) => res.writeHead(200, { 'content-type': 'application/json' })
    .end(JSON.stringify({ authorization: req.headers.authorization })));
  const hooks = await startHttpServer(t, (req, res) => res.writeHead(204).end());
  const clock = frozenClock();
  const { config, secretKeys } = baseConfig({
    dir: tempDir(t),
    integrations: {
      'sandbox-oauth': oauthIntegration(provider, { api: { baseUrl: api.url }, ...integration }),
      'sandbox-apikey': {
        name: 'Key', authType: 'api_key', api: { baseUrl: api.url, credential: { in: 'header', name: 'x-key', format: '{apiKey}' } },
        fields: [{ name: 'apiKey', label: 'API key', type: 'secret' }],
      },
    },
  });
  config.projects[0].webhook = { url: `${hooks.url}/hooks`, secret: WEBHOOK_SECRET };
  config.refresh = { worker: false, backoffBaseSeconds: 30, backoffMaxSeconds: 120, ...refresh };
  if (providerTimeoutMs) config.providerTimeoutMs = providerTimeoutMs;
  const { service, url } = await startService(t, config, { now: clock.now });
  return { provider, api, hooks, clock, service, url, secretKeys, secret: secretKeys.test };
}

async function connect(ctx) {
  const status = await connectWithOAuth(ctx.url, await sessionToken(ctx.secret));
  assert.equal(status.status, 'succeeded');
  return status.connection;
}

const credentialsOf = (ctx, key) => ctx.service.store.readCredentials(key);

test('the worker refreshes ahead of expiry, and tokens already past it; rotated refresh tokens are stored', async (t) => {
  const ctx = await setUp(t);
  const refreshes = countRefreshes(ctx.provider);
  const connection = await connect(ctx);
  const first = credentialsOf(ctx, connection.key);

  assert.deepEqual(await ctx.service.refreshWorker.runOnce({}), { claimed: 0, refreshed: 0, failed: 0 },
    'an hour before expiry nothing is due');
  ctx.clock.shift(51 * MINUTE); // the mock's tokens live an hour: 9 minutes left, inside the 10-minute window
  assert.deepEqual(await ctx.service.refreshWorker.runOnce({}), { claimed: 1, refreshed: 1, failed: 0 });
  const second = credentialsOf(ctx, connection.key);
  assert.equal(refreshes.count, 1);
  assert.deepEqual(refreshes.refreshTokensSeen, [first.refreshToken]);
  assert.notEqual(second.accessToken, first.accessToken);
  assert.notEqual(second.refreshToken, first.refreshToken, 'the provider rotated the refresh token; the new one is kept');
  assert.ok(Date.parse(second.expiresAt) > ctx.clock.now() + 50 * MINUTE);

  ctx.clock.shift(3 * 60 * MINUTE); // long past expiry, e.g. after the service was down
  assert.equal((await ctx.service.refreshWorker.runOnce({})).refreshed, 1);
  assert.deepEqual(refreshes.refreshTokensSeen, [first.refreshToken, second.refreshToken], 'the rotated token was used next');
  assert.equal((await ctx.service.store.getConnection(connection.key)).status, 'active');
});

test('a provider that sends no new refresh token leaves the old one in place', async (t) => {
  const ctx = await setUp(t);
  countRefreshes(ctx.provider, (response) => {
    delete response.body.refresh_token;
  });
  const connection = await connect(ctx);
  const before = credentialsOf(ctx, connection.key);
  ctx.clock.shift(55 * MINUTE);
  assert.equal((await ctx.service.refreshWorker.runOnce({})).refreshed, 1);
  const after = credentialsOf(ctx, connection.key);
  assert.notEqual(after.accessToken, before.accessToken);
  assert.equal(after.refreshToken, before.refreshToken);
});

test('a refresh keeps what else the credentials hold (the flow\'s field values)', async (t) => {
  const ctx = await setUp(t);
  countRefreshes(ctx.provider);
  const connection = await seedOAuthConnection(ctx.service, {
    fields: { region: 'eu' }, expiresAt: new Date(ctx.clock.now() + MINUTE).toISOString(),
  });
  assert.equal((await ctx.service.refreshWorker.runOnce({})).refreshed, 1);
  const after = credentialsOf(ctx, connection.key);
  assert.match(after.accessToken, /^refreshed-access-token-1-/);
  assert.deepEqual(after.fields, { region: 'eu' });
});

test('a refresh sends a JSON body when the definition asks for one, as the code exchange does', async (t) => {
  const ctx = await setUp(t, { integration: { oauth: { tokenRequestFormat: 'json', tokenEndpointAuthMethod: 'client_secret_post' } } });
  const tokenRequests = [];
  ctx.provider.service.on('beforeResponse', (_response, req) => {
    tokenRequests.push({ grantType: req.body.grant_type, contentType: req.headers['content-type'], body: req.body });
  });
  const refreshes = countRefreshes(ctx.provider);
  const connection = await connect(ctx);
  const before = credentialsOf(ctx, connection.key);

  const forced = await json(await request(`${ctx.url}/v1/connections/${connection.key}/refresh`, { secret: ctx.secret, method: 'POST' }));
  assert.equal(forced.status, 200);
  assert.equal(refreshes.count, 1);
  assert.deepEqual(tokenRequests.map(({ grantType, contentType }) => [grantType, contentType]), [
    ['authorization_code', 'application/json'],
    ['refresh_token', 'application/json'],
  ]);
  const { body } = tokenRequests[1];
  assert.equal(body.refresh_token, before.refreshToken);
  assert.equal(body.client_id, 'authkitclient');
  assert.equal(body.client_secret, 'client-secret-for-tests-only');
  assert.equal(credentialsOf(ctx, connection.key).accessToken, refreshes.issued[0]);
});

test('a refresh answer with a token_type other than Bearer, or none, is stored as the exchange would store it', async (t) => {
  const ctx = await setUp(t);
  const tokenTypes = ['bot', undefined];
  const refreshes = countRefreshes(ctx.provider, (response) => {
    const tokenType = tokenTypes.shift();
    if (tokenType === undefined) delete response.body.token_type;
    else response.body.token_type = tokenType;
  });
  const connection = await connect(ctx);

  ctx.clock.shift(55 * MINUTE);
  assert.deepEqual(await ctx.service.refreshWorker.runOnce({}), { claimed: 1, refreshed: 1, failed: 0 });
  let stored = credentialsOf(ctx, connection.key);
  assert.equal(stored.tokenType, 'bot');
  assert.equal(stored.accessToken, refreshes.issued[0]);

  const proxied = await json(await passthrough(ctx.url, ctx.secret, connection.key, '/me'));
  assert.equal(proxied.body.authorization, `Bearer ${refreshes.issued[0]}`, 'the refreshed token is the one sent');

  ctx.clock.shift(55 * MINUTE);
  assert.equal((await ctx.service.refreshWorker.runOnce({})).refreshed, 1);
  stored = credentialsOf(ctx, connection.key);
  assert.equal(stored.tokenType, 'bearer', 'no token_type reads as a bearer token');
  assert.equal(stored.accessToken, refreshes.issued[1]);
  assert.equal((await ctx.service.store.getConnection(connection.key)).refreshFailures, 0);
});

test('invalid_grant makes the connection needs_reauth, announces it by a signed webhook, and passthrough refuses it', async (t) => {
  const ctx = await setUp(t);
  const refreshes = countRefreshes(ctx.provider, (response) => {
    response.statusCode = 400;
    response.body = { error: 'invalid_grant', error_description: 'refresh token revoked' };
  });
  const connection = await connect(ctx);
  ctx.clock.shift(70 * MINUTE);
  assert.deepEqual(await ctx.service.refreshWorker.runOnce({}), { claimed: 1, refreshed: 0, failed: 1 });
  assert.equal(refreshes.count, 1);
  const stored = await ctx.service.store.getConnection(connection.key);
  assert.equal(stored.status, 'needs_reauth');

  const proxied = await json(await passthrough(ctx.url, ctx.secret, connection.key, '/me'));
  assert.equal(proxied.status, 409);
  assert.equal(proxied.body.error.code, 'connection_needs_reauth');
  assert.equal((await ctx.service.refreshWorker.runOnce({})).claimed, 0, 'it is not tried again');
  assert.equal(refreshes.count, 1);

  await ctx.service.webhooks.idle();
  const deliveries = ctx.hooks.requests.filter((hook) => hook.headers['x-authkit-event'] === 'connection.needs_reauth');
  assert.equal(deliveries.length, 1);
  const event = verifyWebhook({
    body: deliveries[0].body, signature: deliveries[0].headers['x-authkit-signature'], secret: WEBHOOK_SECRET, now: ctx.clock.now,
  });
  assert.equal(event.type, 'connection.needs_reauth');
  assert.equal(event.data.connection.key, connection.key);
  assert.equal(event.data.connection.status, 'needs_reauth');
});

test('invalid_grant after another process stored a rotated token keeps the connection active', async (t) => {
  const ctx = await setUp(t);
  const connection = await connect(ctx);
  const refreshes = countRefreshes(ctx.provider, (response) => {
    // While this refresh is at the provider, "another process" finishes its own refresh and stores
    // a rotated token; the provider then refuses the token this process sent.
    const current = ctx.service.store.getConnection(connection.key);
    ctx.service.store.saveRefreshedCredentials(connection.key, {
      version: current.credentialsVersion, owner: 'another-process',
      credentials: { accessToken: 'from-the-other-process', tokenType: 'bearer', refreshToken: 'rotated-elsewhere',
        expiresAt: new Date(ctx.clock.now() + 60 * MINUTE).toISOString() },
      tokenExpiresAt: new Date(ctx.clock.now() + 60 * MINUTE).toISOString(), scopes: ['read'],
    });
    response.statusCode = 400;
    response.body = { error: 'invalid_grant' };
  });
  ctx.clock.shift(55 * MINUTE);
  await ctx.service.refreshWorker.runOnce({});
  assert.equal(refreshes.count, 1);
  const stored = await ctx.service.store.getConnection(connection.key);
  assert.equal(stored.status, 'active', 're-read first: the stored token is another one');
  assert.equal(credentialsOf(ctx, connection.key).refreshToken, 'rotated-elsewhere');
});

test('5xx answers back off exponentially with a cap; the connection stays active; success resets it', async (t) => {
  const ctx = await setUp(t);
  let failing = true;
  const refreshes = countRefreshes(ctx.provider, (response) => {
    if (!failing) return;
    response.statusCode = 500;
    response.body = { error: 'server_error' };
  });
  const connection = await connect(ctx);
  ctx.clock.shift(55 * MINUTE);

  const expectedDelays = [30, 60, 120, 120]; // seconds: doubling from 30, capped at 120
  for (const [index, delaySeconds] of expectedDelays.entries()) {
    const before = ctx.clock.now();
    assert.equal((await ctx.service.refreshWorker.runOnce({})).failed, 1);
    const stored = await ctx.service.store.getConnection(connection.key);
    assert.equal(stored.status, 'active');
    assert.equal(stored.refreshFailures, index + 1);
    assert.equal(Date.parse(stored.refreshRetryAt), before + delaySeconds * 1000);
    assert.equal((await ctx.service.refreshWorker.runOnce({})).claimed, 0, 'nothing is tried before the retry time');
    ctx.clock.shift(delaySeconds * 1000);
  }
  assert.equal(refreshes.count, expectedDelays.length);

  failing = false;
  await ctx.service.refreshWorker.runOnce({});
  const healed = await ctx.service.store.getConnection(connection.key);
  assert.equal(healed.refreshFailures, 0);
  assert.equal(healed.refreshRetryAt, null);
});

test('an on-demand refresh during a backoff answers 502 with Retry-After without calling the provider', async (t) => {
  const ctx = await setUp(t);
  const refreshes = countRefreshes(ctx.provider, (response) => {
    response.statusCode = 503;
    response.body = { error: 'temporarily_unavailable' };
  });
  const connection = await connect(ctx);
  ctx.clock.shift(61 * MINUTE);
  const first = await passthrough(ctx.url, ctx.secret, connection.key, '/me');
  assert.equal(first.status, 502);
  assert.equal((await first.json()).error.code, 'provider_unreachable');
  assert.equal(first.headers.get('retry-after'), '30');
  const second = await passthrough(ctx.url, ctx.secret, connection.key, '/me');
  assert.equal(second.status, 502);
  assert.equal(Number(second.headers.get('retry-after')) <= 30, true);
  assert.equal(refreshes.count, 1);
  assert.equal(ctx.api.requests.length, 0, 'an expired token is not sent');
});

test('a token endpoint that does not answer in time counts as a failure to back off from', async (t) => {
  const hanging = await startHttpServer(t, () => {});
  const ctx = await setUp(t, { providerTimeoutMs: 200, integration: { oauth: { tokenEndpoint: `${hanging.url}/token` } } });
  const connection = await seedOAuthConnection(ctx.service, { expiresAt: new Date(ctx.clock.now() + MINUTE).toISOString() });
  assert.equal((await ctx.service.refreshWorker.runOnce({})).failed, 1);
  assert.equal(hanging.requests.length, 1, 'the provider was asked once and never answered');
  const stored = await ctx.service.store.getConnection(connection.key);
  assert.equal(stored.status, 'active');
  assert.equal(stored.refreshFailures, 1);
  assert.equal(stored.refreshLeaseOwner, null, 'the lease was handed back');
});

test('a connection without a refresh token becomes needs_reauth once its token has expired', async (t) => {
  const ctx = await setUp(t);
  const connection = await seedOAuthConnection(ctx.service, {
    refreshToken: null, expiresAt: new Date(ctx.clock.now() + 5 * MINUTE).toISOString(),
  });
  await ctx.service.refreshWorker.runOnce({});
  assert.equal((await ctx.service.store.getConnection(connection.key)).status, 'active', 'still usable until it expires');
  assert.equal((await ctx.service.refreshWorker.runOnce({})).claimed, 0, 'and not looked at again before then');
  ctx.clock.shift(6 * MINUTE);
  await ctx.service.refreshWorker.runOnce({});
  assert.equal((await ctx.service.store.getConnection(connection.key)).status, 'needs_reauth');
});

test('a connection whose integration is no longer configured backs off instead of being retried every pass', async (t) => {
  const ctx = await setUp(t);
  const connection = await seedOAuthConnection(ctx.service, {
    integration: 'removed-integration', expiresAt: new Date(ctx.clock.now() + MINUTE).toISOString(),
  });
  assert.equal((await ctx.service.refreshWorker.runOnce({})).failed, 1);
  assert.equal((await ctx.service.refreshWorker.runOnce({})).claimed, 0);
  const stored = await ctx.service.store.getConnection(connection.key);
  assert.equal(stored.status, 'active');
  assert.equal(stored.refreshFailures, 1);
});

test('POST /v1/connections/:key/refresh forces a refresh and reports why one cannot happen', async (t) => {
  const ctx = await setUp(t);
  const refreshes = countRefreshes(ctx.provider);
  const connection = await connect(ctx);
  const before = credentialsOf(ctx, connection.key);
  const refreshUrl = (key) => `${ctx.url}/v1/connections/${key}/refresh`;

  const forced = await json(await request(refreshUrl(connection.key), { secret: ctx.secret, method: 'POST' }));
  assert.equal(forced.status, 200);
  assert.equal(forced.body.connection.key, connection.key);
  assert.equal(forced.body.connection.status, 'active');
  assert.equal(refreshes.count, 1, 'refreshed although the token was still fresh');
  assert.notEqual(credentialsOf(ctx, connection.key).accessToken, before.accessToken);

  const apiKey = await seedApiKeyConnection(ctx.service, { integration: 'sandbox-apikey', identity: 'u2', values: { apiKey: 'k'.repeat(20) } });
  const cases = [
    [apiKey.key, ctx.secret, 409, 'refresh_not_supported'],
    ['conn_unknown', ctx.secret, 404, 'not_found'],
    [connection.key, ctx.secretKeys.live, 404, 'not_found'],
    [connection.key, 'sk_test_not_a_key', 401, 'secret_key_invalid'],
  ];
  for (const [key, secret, status, code] of cases) {
    const answer = await json(await request(refreshUrl(key), { secret, method: 'POST' }));
    assert.deepEqual([answer.status, answer.body.error.code], [status, code], key);
  }

  ctx.provider.service.once('beforeResponse', (response) => {
    response.statusCode = 400;
    response.body = { error: 'invalid_grant' };
  });
  const refused = await json(await request(refreshUrl(connection.key), { secret: ctx.secret, method: 'POST' }));
  assert.deepEqual([refused.status, refused.body.error.code], [409, 'connection_needs_reauth']);
  const again = await json(await request(refreshUrl(connection.key), { secret: ctx.secret, method: 'POST' }));
  assert.deepEqual([again.status, again.body.error.code], [409, 'connection_needs_reauth']);
});
