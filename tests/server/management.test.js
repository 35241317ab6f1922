// The management API through the Node client: get, list, delete (with revocation at the provider)
// and refresh; and the webhooks that announce created and deleted connections.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AuthKitError, createClient, verifyWebhook } from '../../server/src/client/index.js';
import { connectWithOAuth, countRefreshes, startHttpServer } from './helpers.js';
import {
  HOST_ORIGIN, baseConfig, json, oauthIntegration, request, sessionToken, startOAuthProvider, startService,
} from './support.js';

const WEBHOOK_SECRET = 'whsec_management_tests_0123456789abcdef';

async function setUp(t, { revocation = true } = {}) {
  const provider = await startOAuthProvider(t);
  const hooks = await startHttpServer(t, (req, res) => res.writeHead(200).end());
  const revocations = [];
  // The mock does not parse the revocation request's body; it is read here.
  provider.service.on('beforeRevoke', (response, req) => {
    const body = new Promise((resolve) => {
      let text = '';
      req.setEncoding('utf8');
      req.on('data', (chunk) => {
        text += chunk;
      });
      req.on('end', () => resolve(Object.fromEntries(new URLSearchParams(text))));
    });
    revocations.push({ authorization: req.headers.authorization, body });
  });
  const { config, secretKeys } = baseConfig({
    integrations: {
      'sandbox-oauth': oauthIntegration(provider, {
        oauth: revocation ? { revocationEndpoint: `${provider.issuer.url}/revoke` } : {},
      }),
      'sandbox-apikey': { name: 'Key', authType: 'api_key', fields: [{ name: 'apiKey', label: 'API key', type: 'secret' }] },
    },
  });
  config.projects[0].webhook = { url: `${hooks.url}/authkit`, secret: WEBHOOK_SECRET };
  config.refresh = { worker: false };
  const { service, url } = await startService(t, config);
  const client = createClient({ baseUrl: url, secretKey: secretKeys.test });
  return { provider, hooks, revocations, service, url, secretKeys, client };
}

const events = (ctx) => ctx.hooks.requests.map((delivery) => verifyWebhook({
  body: delivery.body, signature: delivery.headers['x-authkit-signature'], secret: WEBHOOK_SECRET,
}));

test('get, list, delete with revocation at the provider, and the webhooks of each change', async (t) => {
  const ctx = await setUp(t);
  const token = await sessionToken(ctx.secretKeys.test);
  const { connection } = await connectWithOAuth(ctx.url, token);
  const credentials = ctx.service.store.readCredentials(connection.key);
  const apiKey = await json(await request(`${ctx.url}/v1/connections`, {
    token, body: { integration: 'sandbox-apikey', fields: { apiKey: 'management-test-key-0123' } },
  }));

  assert.deepEqual(await ctx.client.getConnection(connection.key), connection);
  assert.deepEqual((await ctx.client.listConnections({ integration: 'sandbox-apikey' })).map((c) => c.key), [apiKey.body.connection.key]);

  const deleted = await ctx.client.deleteConnection(connection.key);
  assert.equal(deleted.status, 'revoked');
  assert.equal(ctx.service.store.readCredentials(connection.key), undefined, 'the credentials are erased');
  assert.equal(ctx.revocations.length, 1);
  const revoked = await ctx.revocations[0].body;
  assert.equal(revoked.token, credentials.refreshToken);
  assert.equal(revoked.token_type_hint, 'refresh_token');
  assert.match(ctx.revocations[0].authorization, /^Basic /, 'the client authenticates as at the token endpoint');

  assert.equal((await ctx.client.deleteConnection(connection.key)).status, 'revoked', 'deleting again is fine');
  assert.equal(ctx.revocations.length, 1, 'and calls the provider no second time');
  await ctx.client.deleteConnection(apiKey.body.connection.key);
  assert.equal(ctx.revocations.length, 1, 'API-key connections have nothing to revoke');

  await ctx.service.webhooks.idle();
  const received = events(ctx).map((event) => [event.type, event.data.connection.key]);
  assert.deepEqual(received, [
    ['connection.created', connection.key],
    ['connection.created', apiKey.body.connection.key],
    ['connection.deleted', connection.key],
    ['connection.deleted', apiKey.body.connection.key],
  ]);
  for (const event of events(ctx)) {
    assert.equal(event.environment, 'test');
    assert.equal(event.projectId, 'demo');
    assert.deepEqual(Object.keys(event.data.connection).sort(),
      ['authType', 'createdAt', 'fields', 'identity', 'identityType', 'integration', 'key', 'scopes', 'status', 'updatedAt']);
  }
});

/** Runs `before` just ahead of the delete's own step in the store, as a request racing it would. */
function beforeTheRevoke(ctx, before) {
  const revokeConnection = ctx.service.store.revokeConnection;
  ctx.service.store.revokeConnection = async (key) => {
    ctx.service.store.revokeConnection = revokeConnection;
    await before(key);
    return revokeConnection(key);
  };
}

const revokedTokens = (ctx) => Promise.all(ctx.revocations.map(async ({ body }) => (await body).token));

test('a delete ends at the provider the tokens a refresh stored just before it, not a stale copy', async (t) => {
  const ctx = await setUp(t);
  const refreshes = countRefreshes(ctx.provider, (response) => {
    response.body.refresh_token = `rotated-refresh-token-${refreshes.count}`;
  });
  const { connection } = await connectWithOAuth(ctx.url, await sessionToken(ctx.secretKeys.test));
  beforeTheRevoke(ctx, (key) => ctx.service.refresher.refresh(key, { force: true }));

  assert.equal((await ctx.client.deleteConnection(connection.key)).status, 'revoked');
  assert.equal(refreshes.count, 1);
  assert.deepEqual(await revokedTokens(ctx), ['rotated-refresh-token-1']);
  assert.equal(ctx.service.store.readCredentials(connection.key), undefined);
});

test('a reconnect saved just before a delete is deleted with it, and its new grant ended at the provider', async (t) => {
  const ctx = await setUp(t);
  const token = await sessionToken(ctx.secretKeys.test);
  const { connection } = await connectWithOAuth(ctx.url, token);
  let reconnected;
  beforeTheRevoke(ctx, async (key) => {
    ctx.provider.service.once('beforeResponse', (response) => {
      response.body.refresh_token = 'reconnected-refresh-token';
    });
    reconnected = await connectWithOAuth(ctx.url, token, 'sandbox-oauth', { connectionKey: key });
  });

  const deleted = await ctx.client.deleteConnection(connection.key);
  assert.equal(reconnected.status, 'succeeded');
  assert.equal(deleted.status, 'revoked');
  assert.deepEqual(await revokedTokens(ctx), ['reconnected-refresh-token'], 'the tokens AuthKit held when it let go');
  await ctx.service.webhooks.idle();
  assert.deepEqual(events(ctx).map((event) => event.type), ['connection.created', 'connection.created', 'connection.deleted'],
    'the host hears of the reconnect and then of the delete that ended it');

  // After the delete, a reconnect of the deleted connection is refused rather than silently reviving it.
  const again = await json(await request(`${ctx.url}/v1/oauth/flows`, {
    token, origin: HOST_ORIGIN, body: { integration: 'sandbox-oauth', connectionKey: connection.key },
  }));
  assert.equal(again.body.error.code, 'connection_not_found');
});

test('a refresh answered after a delete ends the tokens it was given instead of dropping them', async (t) => {
  const ctx = await setUp(t);
  const { connection } = await connectWithOAuth(ctx.url, await sessionToken(ctx.secretKeys.test));
  const refreshes = countRefreshes(ctx.provider, (response) => {
    response.body.refresh_token = 'issued-while-deleting';
    // The delete commits while the provider's answer is on its way (SQLite's store is synchronous).
    ctx.service.store.revokeConnection(connection.key);
  });
  await assert.rejects(ctx.client.refreshConnection(connection.key), { code: 'connection_revoked', status: 409 });
  assert.equal(refreshes.count, 1);
  assert.equal(ctx.service.store.readCredentials(connection.key), undefined, 'the new tokens were not stored');
  assert.deepEqual(await revokedTokens(ctx), ['issued-while-deleting']);
});

test('a provider that fails to revoke does not keep a deleted connection alive', async (t) => {
  const ctx = await setUp(t);
  ctx.provider.service.once('beforeRevoke', (response) => {
    response.statusCode = 503;
  });
  const { connection } = await connectWithOAuth(ctx.url, await sessionToken(ctx.secretKeys.test));
  const deleted = await ctx.client.deleteConnection(connection.key);
  assert.equal(deleted.status, 'revoked');
  assert.equal(ctx.revocations.length, 1);
});

test('without a revocation endpoint nothing is called at the provider', async (t) => {
  const ctx = await setUp(t, { revocation: false });
  const { connection } = await connectWithOAuth(ctx.url, await sessionToken(ctx.secretKeys.test));
  assert.equal((await ctx.client.deleteConnection(connection.key)).status, 'revoked');
  assert.equal(ctx.revocations.length, 0);
});

test('the client reports service errors as AuthKitError with the code', async (t) => {
  const ctx = await setUp(t);
  await assert.rejects(ctx.client.getConnection('conn_missing'), (error) => {
    assert.ok(error instanceof AuthKitError);
    assert.equal(error.code, 'not_found');
    assert.equal(error.status, 404);
    return true;
  });
  await assert.rejects(ctx.client.listConnections({ status: 'sleeping' }), { code: 'bad_request', status: 400 });
  const wrong = createClient({ baseUrl: ctx.url, secretKey: 'sk_test_wrongwrongwrongwrongwrongwrongwrongwrong' });
  await assert.rejects(wrong.listConnections(), { code: 'secret_key_invalid', status: 401 });
  assert.throws(() => createClient({ baseUrl: 'ftp://x', secretKey: ctx.secretKeys.test }), TypeError);
  assert.throws(() => createClient({ baseUrl: ctx.url, secretKey: 'not-a-key' }), TypeError);
});
