// Reconnect mode: POST /v1/oauth/flows and POST /v1/connections with a connectionKey update exactly
// that connection in place (active again, new credentials), and refuse any key that is not a live
// connection of the session's own identity and integration with 404 connection_not_found.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { connectWithOAuth, seedApiKeyConnection, seedOAuthConnection } from './helpers.js';
import {
  HOST_ORIGIN, baseConfig, json, launchFlow, oauthIntegration, request, sessionToken, startOAuthProvider,
  startService,
} from './support.js';

async function setUp(t) {
  const provider = await startOAuthProvider(t);
  const keyIntegration = (name) => ({
    name, authType: 'api_key', fields: [{ name: 'apiKey', label: 'API key', type: 'secret', minLength: 8 }],
  });
  const { config, secretKeys } = baseConfig({
    integrations: {
      'sandbox-oauth': oauthIntegration(provider),
      'other-oauth': oauthIntegration(provider, { name: 'Other OAuth' }),
      'sandbox-apikey': keyIntegration('Key'),
      'other-apikey': keyIntegration('Other key'),
    },
  });
  const { service, url } = await startService(t, config);
  return { provider, service, url, secretKeys, token: await sessionToken(secretKeys.test) };
}

const listAll = async (ctx) => (await json(await request(`${ctx.url}/v1/connections`, { secret: ctx.secretKeys.test })))
  .body.connections;

/** Seeds, for user-1, connections the session must not be able to reconnect, and one of user-2's. */
async function seedForeignConnections(ctx, kind) {
  const seed = kind === 'oauth'
    ? (identity, integration) => seedOAuthConnection(ctx.service, { identity, integration })
    : (identity, integration) => seedApiKeyConnection(ctx.service, { identity, integration, values: { apiKey: `key-of-${identity}` } });
  const [integration, otherIntegration] = kind === 'oauth' ? ['sandbox-oauth', 'other-oauth'] : ['sandbox-apikey', 'other-apikey'];
  const otherIdentity = await seed('user-2', integration);
  const otherIntegrationsKey = await seed('user-1', otherIntegration);
  const revoked = await seed('user-3', integration);
  await ctx.service.store.revokeConnection(revoked.key);
  const team = await ctx.service.store.saveConnection({
    projectId: 'demo', environment: 'test', identity: 'user-1', identityType: 'team', integration, authType: 'api_key',
    scopes: [], credentials: { apiKey: 'key-of-team-1' },
  });
  const live = await ctx.service.store.saveConnection({
    projectId: 'demo', environment: 'live', identity: 'user-1', identityType: 'user', integration, authType: 'api_key',
    scopes: [], credentials: { apiKey: 'key-of-live-1' },
  });
  return {
    integration,
    otherIntegration,
    keys: {
      'another identity': otherIdentity.key,
      'another integration': otherIntegrationsKey.key,
      'another identity type': team.key,
      'another environment': live.key,
      unknown: 'conn_doesnotexist',
    },
    user3Revoked: revoked.key,
  };
}

/**
 * Tries, through `send(token, integration, connectionKey)`, every key the session may not reconnect:
 * each is 404 connection_not_found, and no connection is created or changed.
 */
async function assertForeignKeysRefused(ctx, kind, send) {
  const foreign = await seedForeignConnections(ctx, kind);
  const storedCredentials = () => Promise.all(Object.values(foreign.keys).map((key) => ctx.service.store.readCredentials(key)));
  const before = await storedCredentials();
  const user3 = await sessionToken(ctx.secretKeys.test, { identity: 'user-3' });
  const attempts = [
    ...Object.entries(foreign.keys).map(([what, key]) => [what, ctx.token, key]),
    ['a revoked connection', user3, foreign.user3Revoked],
  ];
  for (const [what, token, connectionKey] of attempts) {
    const result = await send(token, foreign.integration, connectionKey);
    assert.deepEqual([result.status, result.body.error.code], [404, 'connection_not_found'], what);
    assert.match(result.body.error.message, /connection to update was not found/);
  }
  assert.deepEqual(await storedCredentials(), before, 'other connections\' credentials are untouched');
  assert.equal((await ctx.service.store.getConnection(foreign.user3Revoked)).status, 'revoked');
  const user1Connections = (await listAll(ctx))
    .filter((connection) => connection.identity === 'user-1' && connection.identityType === 'user');
  assert.deepEqual(user1Connections.map((connection) => connection.integration), [foreign.otherIntegration],
    'nothing was created');
  return foreign;
}

async function markNeedsReauth(ctx, key) {
  const current = await ctx.service.store.getConnection(key);
  const marked = await ctx.service.store.markNeedsReauth(key, { version: current.credentialsVersion, owner: 'test' });
  assert.equal(marked.status, 'needs_reauth');
  return marked;
}

test('an OAuth flow with connectionKey brings a needs_reauth connection back to active in place', async (t) => {
  const ctx = await setUp(t);
  const first = await connectWithOAuth(ctx.url, ctx.token);
  const { key } = first.connection;
  const before = await markNeedsReauth(ctx, key);
  ctx.provider.service.once('beforeResponse', (response) => {
    response.body.access_token = 'reconnected-access-token';
  });

  const status = await connectWithOAuth(ctx.url, ctx.token, 'sandbox-oauth', { connectionKey: key });
  assert.equal(status.status, 'succeeded');
  assert.equal(status.connection.key, key);
  assert.equal(status.connection.status, 'active');
  assert.equal(status.connection.createdAt, first.connection.createdAt);
  const after = await ctx.service.store.getConnection(key);
  assert.ok(after.credentialsVersion > before.credentialsVersion);
  assert.equal(after.refreshFailures, 0);
  assert.equal((await ctx.service.store.readCredentials(key)).accessToken, 'reconnected-access-token');
  assert.deepEqual((await listAll(ctx)).map((connection) => connection.key), [key], 'no second connection');
});

test('an OAuth flow refuses a connectionKey that is not this session\'s, and touches nothing', async (t) => {
  const ctx = await setUp(t);
  const startFlow = (token, integration, connectionKey) => request(`${ctx.url}/v1/oauth/flows`, {
    token, origin: HOST_ORIGIN, body: { integration, connectionKey },
  }).then(json);
  const { integration } = await assertForeignKeysRefused(ctx, 'oauth', startFlow);
  const malformed = await startFlow(ctx.token, integration, 42);
  assert.deepEqual([malformed.status, malformed.body.error.code], [400, 'bad_request']);
});

test('a connection deleted while its reconnect flow runs is not revived, nor replaced by a new one', async (t) => {
  const ctx = await setUp(t);
  const { connection } = await connectWithOAuth(ctx.url, ctx.token);
  const created = await json(await request(`${ctx.url}/v1/oauth/flows`, {
    token: ctx.token, origin: HOST_ORIGIN, body: { integration: 'sandbox-oauth', connectionKey: connection.key },
  }));
  assert.equal(created.status, 201);
  const authorize = await launchFlow(created.body);
  const callbackUrl = (await request(authorize.providerUrl)).headers.get('location');
  const deleted = await request(`${ctx.url}/v1/connections/${connection.key}`, { secret: ctx.secretKeys.test, method: 'DELETE' });
  assert.equal(deleted.status, 200);

  const page = await request(callbackUrl, { cookie: authorize.cookie });
  assert.equal(page.status, 404);
  assert.match(await page.text(), /connection_not_found/);
  const status = await json(await request(`${ctx.url}/v1/oauth/flows/${created.body.flowId}`, { token: ctx.token, origin: HOST_ORIGIN }));
  assert.deepEqual([status.body.status, status.body.error.code], ['failed', 'connection_not_found']);
  const stored = await ctx.service.store.getConnection(connection.key);
  assert.equal(stored.status, 'revoked');
  assert.equal(await ctx.service.store.readCredentials(connection.key), undefined, 'the new tokens were not stored');
  assert.equal((await listAll(ctx)).length, 1);
});

test('POST /v1/connections with connectionKey replaces that connection\'s key in place', async (t) => {
  const ctx = await setUp(t);
  const connect = (body) => request(`${ctx.url}/v1/connections`, { token: ctx.token, origin: HOST_ORIGIN, body }).then(json);
  const first = await connect({ integration: 'sandbox-apikey', fields: { apiKey: 'first-key-123' } });
  assert.equal(first.status, 201);
  const { key } = first.body.connection;
  await markNeedsReauth(ctx, key);

  const again = await connect({ integration: 'sandbox-apikey', fields: { apiKey: 'second-key-456' }, connectionKey: key });
  assert.equal(again.status, 201);
  assert.equal(again.body.connection.key, key);
  assert.equal(again.body.connection.status, 'active');
  assert.deepEqual(await ctx.service.store.readCredentials(key), { apiKey: 'second-key-456' });
  assert.deepEqual((await listAll(ctx)).map((connection) => connection.key), [key]);

  const invalid = await connect({ integration: 'sandbox-apikey', fields: { apiKey: 'short' }, connectionKey: key });
  assert.equal(invalid.body.error.code, 'invalid_fields', 'the fields are checked as for a new connection');
});

test('POST /v1/connections refuses a connectionKey that is not this session\'s, and touches nothing', async (t) => {
  const ctx = await setUp(t);
  await assertForeignKeysRefused(ctx, 'apikey', (token, integration, connectionKey) => request(`${ctx.url}/v1/connections`, {
    token, body: { integration, fields: { apiKey: 'attacker-key-789' }, connectionKey },
  }).then(json));
});
