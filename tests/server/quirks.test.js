// One end-to-end test per family of provider quirks the definition format expresses, each against
// the local quirky provider: connect, the values stored with the connection, a passthrough call,
// a refresh, a second call with the new token, and the delete. Tests named "quirk: …" are counted
// by npm test.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig } from '../../server/src/index.js';
import { connectWithOAuth, passthrough } from './helpers.js';
import { startQuirkyProvider } from './quirky-provider.js';
import { baseConfig, json, request, sessionToken, startService } from './support.js';

/** `overrides(provider)`: the definition's oauth and api settings, which may name the provider's URL. */
async function setUp(t, quirks, overrides = () => ({})) {
  const provider = await startQuirkyProvider(t, quirks);
  const { config, secretKeys } = baseConfig({ integrations: { quirky: provider.definition(overrides(provider)) } });
  const { service, url } = await startService(t, config);
  const token = await sessionToken(secretKeys.test);
  return { provider, service, url, secret: secretKeys.test, token };
}

/** Connects, calls the API through the passthrough, refreshes, calls again, deletes. */
async function connectCallRefreshDelete(ctx, apiPath = '/things') {
  const status = await connectWithOAuth(ctx.url, ctx.token, 'quirky');
  assert.equal(status.status, 'succeeded', JSON.stringify(status));
  const { connection } = status;
  const first = await json(await passthrough(ctx.url, ctx.secret, connection.key, apiPath));
  assert.equal(first.status, 200, JSON.stringify(first.body));
  const refreshed = await request(`${ctx.url}/v1/connections/${connection.key}/refresh`, { secret: ctx.secret, method: 'POST' });
  assert.equal(refreshed.status, 200, await refreshed.text());
  const second = await json(await passthrough(ctx.url, ctx.secret, connection.key, apiPath));
  assert.equal(second.status, 200, JSON.stringify(second.body));
  assert.notEqual(second.body.token, first.body.token, 'the refreshed token is the one sent');
  const deleted = await request(`${ctx.url}/v1/connections/${connection.key}`, { secret: ctx.secret, method: 'DELETE' });
  assert.equal(deleted.status, 200);
  return { connection, first: first.body, second: second.body };
}

test('quirk: a value the callback carries (QuickBooks\' realmId) is kept and fills the API address', async (t) => {
  const ctx = await setUp(t, { callbackExtras: { realmId: '9130355' } }, (provider) => ({
    oauth: { captures: { realmId: { from: 'callback', key: 'realmId' } } },
    api: { baseUrl: `${provider.url}/api/company/{realmId}` },
  }));
  const { connection, first } = await connectCallRefreshDelete(ctx, '/items');
  assert.deepEqual(connection.fields, { realmId: '9130355' }, 'shown in the connection\'s metadata');
  assert.equal(first.path, '/api/company/9130355/items');
});

test('attack: a value the provider\'s callback carries cannot move the API address', async (t) => {
  // A hostile or compromised provider, or anyone who can add parameters to the redirect back.
  const ctx = await setUp(t, { callbackExtras: { realmId: '../../../token?x=' } }, (provider) => ({
    oauth: { captures: { realmId: { from: 'callback', key: 'realmId' } } },
    api: { baseUrl: `${provider.url}/api/company/{realmId}` },
  }));
  const status = await connectWithOAuth(ctx.url, ctx.token, 'quirky');
  assert.equal(status.status, 'succeeded');
  const call = await passthrough(ctx.url, ctx.secret, status.connection.key, '/items');
  const apiCalls = ctx.provider.requests.filter((entry) => entry.url !== '/token' && !entry.url.startsWith('/authorize'));
  assert.equal(apiCalls.length, 1, `one call, status ${call.status}`);
  assert.equal(apiCalls[0].url, '/api/company/..%2F..%2F..%2Ftoken%3Fx%3D/items', 'the value stays inside its path segment');
});

test('quirk: a token nested in the answer (Slack\'s authed_user), and a value captured from the answer', async (t) => {
  const ctx = await setUp(t, {
    tokenAnswer: ({ accessToken, refreshToken }) => ({
      ok: true,
      team: { id: 'T0QUIRKY' },
      access_token: 'xoxb-the-bot-token-not-asked-for',
      token_type: 'bot',
      authed_user: { id: 'U1', access_token: accessToken, token_type: 'user', scope: 'read', expires_in: 3600, refresh_token: refreshToken },
    }),
  }, () => ({
    oauth: { tokenPath: 'authed_user', captures: { teamId: { from: 'token', key: 'team.id' } } },
  }));
  const { connection, first } = await connectCallRefreshDelete(ctx);
  assert.deepEqual(connection.fields, { teamId: 'T0QUIRKY' });
  assert.equal(first.token, ctx.provider.issued[0], 'the user\'s token, not the bot\'s');
});

test('quirk: scope granted as an array (Linear\'s older apps) is read, not refused', async (t) => {
  const ctx = await setUp(t, {
    tokenAnswer: ({ accessToken, refreshToken }) => ({
      access_token: accessToken, token_type: 'Bearer', expires_in: 3600, refresh_token: refreshToken, scope: ['read', 'write'],
    }),
  });
  const { connection } = await connectCallRefreshDelete(ctx);
  assert.deepEqual(connection.scopes, ['read', 'write']);
});

test('quirk: an API that takes the token in its own header (Shopify\'s X-Shopify-Access-Token)', async (t) => {
  const ctx = await setUp(t, { apiAuth: { header: 'x-shopify-access-token', format: '{token}' } }, () => ({
    api: { credential: { in: 'header', name: 'X-Shopify-Access-Token', format: '{accessToken}' } },
  }));
  await connectCallRefreshDelete(ctx);
  const apiCall = ctx.provider.requests.find((entry) => entry.url.startsWith('/api/'));
  assert.equal(apiCall.headers.authorization, undefined, 'no Authorization header goes along');
});

test('quirk: parameters the token request must carry (Shopify\'s expiring=1)', async (t) => {
  const ctx = await setUp(t, { requireTokenParams: { expiring: '1' } }, () => ({
    oauth: { extraTokenParams: { expiring: '1' } },
  }));
  const status = await connectWithOAuth(ctx.url, ctx.token, 'quirky');
  assert.equal(status.status, 'succeeded', JSON.stringify(status));
  assert.equal(ctx.provider.tokenRequests()[0].get('expiring'), '1');
  const call = await passthrough(ctx.url, ctx.secret, status.connection.key, '/things');
  assert.equal(call.status, 200);
});

test('quirk: a provider that refuses PKCE gets neither a challenge nor a verifier', async (t) => {
  const ctx = await setUp(t, { refusePkce: true }, () => ({ oauth: { pkce: false } }));
  await connectCallRefreshDelete(ctx);
  const authorize = ctx.provider.requests.find((entry) => entry.url.startsWith('/authorize'));
  assert.equal(new URL(authorize.url, 'http://provider').searchParams.get('code_challenge'), null);
  assert.equal(ctx.provider.tokenRequests()[0].get('code_verifier'), null);
});

test('the quirk settings are checked when the configuration loads, each mistake named by its path', () => {
  const definition = (oauth, api) => ({
    name: 'Quirky',
    authType: 'oauth2',
    oauth: { authorizationEndpoint: 'https://quirky.example/authorize', tokenEndpoint: 'https://quirky.example/token', ...oauth },
    api: { baseUrl: 'https://api.quirky.example', ...api },
    clientId: 'id',
    clientSecret: 'secret',
  });
  const issuesOf = (oauth, api) => {
    const { config } = baseConfig({ integrations: { quirky: definition(oauth, api) } });
    try {
      loadConfig(config);
      return [];
    } catch (error) {
      return error.issues.map((issue) => issue.path);
    }
  };
  const at = (key) => `integrations.quirky.${key}`;
  assert.deepEqual(issuesOf({ pkce: 'no' }), [at('oauth.pkce')]);
  assert.deepEqual(issuesOf({ extraTokenParams: { code: 'x' } }), [at('oauth.extraTokenParams.code')]);
  assert.deepEqual(issuesOf({ extraTokenParams: { expiring: 1 } }), [at('oauth.extraTokenParams.expiring')]);
  assert.deepEqual(issuesOf({ tokenPath: '../secret' }), [at('oauth.tokenPath')]);
  assert.deepEqual(issuesOf({ captures: { realmId: { from: 'header', key: 'x' } } }), [at('oauth.captures.realmId')]);
  assert.deepEqual(issuesOf({ captures: { '1bad': { from: 'callback', key: 'x' } } }), [at('oauth.captures.1bad')]);
  assert.deepEqual(issuesOf({}, { baseUrl: 'https://api.quirky.example/company/{realmId}' }), [at('api.baseUrl')],
    'an address may name only values that are always there');
  assert.deepEqual(issuesOf({ captures: { realmId: { from: 'callback', key: 'realmId' } } },
    { baseUrl: 'https://api.quirky.example/company/{realmId}' }), []);
  assert.deepEqual(issuesOf({}, { credential: { in: 'header', name: 'x-token', format: '{apiKey}' } }), [at('api.credential.format')]);
  assert.deepEqual(issuesOf({}, { credential: { in: 'basic', username: '{accessToken}' } }), [at('api.credential.in')]);
});
