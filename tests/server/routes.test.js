// The session view, the management API, authentication errors and CORS.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createToken, generateSecretKey } from '../../server/src/index.js';
import {
  HOST_ORIGIN, OTHER_ORIGIN, baseConfig, createClock, json, request, sessionToken, startService,
} from './support.js';

const integrations = {
  'sandbox-oauth': {
    name: 'Sandbox OAuth', category: 'testing', logo: 'https://cdn.example/oauth.svg', authType: 'oauth2',
    clientId: 'id', clientSecret: 'client-secret-never-shown',
    oauth: { authorizationEndpoint: 'https://p.example/authorize', tokenEndpoint: 'https://p.example/token' },
  },
  'sandbox-apikey': {
    name: 'Sandbox Key', category: 'testing', authType: 'api_key',
    fields: [{ name: 'apiKey', label: 'API key', type: 'secret', placeholder: 'ak_…' }],
  },
  'extra-apikey': {
    name: 'Extra', authType: 'api_key', fields: [{ name: 'apiKey', label: 'API key', type: 'secret' }],
  },
};

async function setUp(t, { clock = createClock() } = {}) {
  const { config, secretKeys } = baseConfig({ integrations, enabled: ['sandbox-oauth', 'sandbox-apikey', 'extra-apikey'] });
  const otherKey = generateSecretKey('test');
  config.projects.push({
    id: 'other', secretKeys: [otherKey], allowedOrigins: [OTHER_ORIGIN], integrations: ['sandbox-apikey'],
  });
  const { service, url } = await startService(t, config, { now: clock.now });
  const token = await sessionToken(secretKeys.test);
  const connect = async (identity, integration = 'sandbox-apikey', secretKey = secretKeys.test) => {
    const userToken = await sessionToken(secretKey, { identity });
    const result = await json(await request(`${url}/v1/connections`, {
      token: userToken, body: { integration, fields: { apiKey: `key-of-${identity}` } },
    }));
    assert.equal(result.status, 201);
    return result.body.connection;
  };
  return { service, url, token, secretKeys, otherKey, connect, clock };
}

test('healthz answers', async (t) => {
  const { url } = await setUp(t);
  assert.deepEqual((await json(await request(`${url}/healthz`))).body, { ok: true });
});

test('the session lists enabled integrations, this identity\'s connections and branding', async (t) => {
  const ctx = await setUp(t);
  const mine = await ctx.connect('user-1');
  await ctx.connect('user-2');
  await ctx.connect('user-1', 'sandbox-apikey', ctx.otherKey);

  const { token, expiresAt } = await createToken({
    secretKey: ctx.secretKeys.test, identity: 'user-1', identityType: 'user',
    integrations: ['extra-apikey', 'sandbox-apikey', 'not-enabled'],
  });
  const result = await json(await request(`${ctx.url}/v1/session`, { token, origin: HOST_ORIGIN }));
  assert.equal(result.status, 200);
  const { sessionId, ...rest } = result.body;
  assert.equal(typeof sessionId, 'string');
  assert.deepEqual(rest, {
    identity: 'user-1',
    identityType: 'user',
    environment: 'test',
    expiresAt,
    integrations: [
      {
        id: 'sandbox-apikey', name: 'Sandbox Key', description: null, category: 'testing', logo: null, authType: 'api_key',
        fields: [{ name: 'apiKey', label: 'API key', type: 'secret', required: false, placeholder: 'ak_…' }],
      },
      {
        id: 'extra-apikey', name: 'Extra', description: null, category: 'other', logo: null, authType: 'api_key',
        fields: [{ name: 'apiKey', label: 'API key', type: 'secret', required: false }],
      },
    ],
    connections: [mine],
    branding: { companyName: 'Demo Co' },
  });

  const all = await json(await request(`${ctx.url}/v1/session`, { token: ctx.token }));
  assert.deepEqual(all.body.integrations.map(({ id }) => id), ['sandbox-oauth', 'sandbox-apikey', 'extra-apikey']);
  assert.ok(!JSON.stringify(all.body).includes('client-secret-never-shown'));
  assert.ok(!JSON.stringify(all.body).includes('p.example'));
});

test('a session limited to some integrations sees only the connections of those', async (t) => {
  const ctx = await setUp(t);
  const key = await ctx.connect('user-1', 'sandbox-apikey');
  const extra = await ctx.connect('user-1', 'extra-apikey');
  const keys = async (token) => (await json(await request(`${ctx.url}/v1/session`, { token, origin: HOST_ORIGIN })))
    .body.connections.map((connection) => connection.key);

  assert.deepEqual(await keys(ctx.token), [key.key, extra.key], 'an unlimited token sees them all');
  assert.deepEqual(await keys(await sessionToken(ctx.secretKeys.test, { integrations: ['extra-apikey'] })), [extra.key]);
  assert.deepEqual(await keys(await sessionToken(ctx.secretKeys.test, { integrations: ['sandbox-oauth'] })), [],
    'nothing of integrations outside the token, not even that they exist');
});

test('session routes refuse missing, invalid and expired tokens', async (t) => {
  const ctx = await setUp(t);
  let result = await json(await request(`${ctx.url}/v1/session`));
  assert.equal(result.status, 401);
  assert.equal(result.body.error.code, 'token_missing');

  result = await json(await request(`${ctx.url}/v1/session`, { token: 'x.y.z' }));
  assert.equal(result.body.error.code, 'token_invalid');

  result = await json(await request(`${ctx.url}/v1/session`, { token: ctx.secretKeys.test }));
  assert.equal(result.status, 401);
  assert.equal(result.body.error.code, 'token_invalid', 'a secret key is not a session token');

  ctx.clock.shift(11 * 60 * 1000);
  result = await json(await request(`${ctx.url}/v1/session`, { token: ctx.token }));
  assert.equal(result.status, 401);
  assert.equal(result.body.error.code, 'token_expired');
});

test('management lists, filters, reads and revokes connections of its own project and environment', async (t) => {
  const ctx = await setUp(t);
  const a = await ctx.connect('user-1');
  const b = await ctx.connect('user-2');
  const c = await ctx.connect('user-1', 'extra-apikey');
  const foreign = await ctx.connect('user-1', 'sandbox-apikey', ctx.otherKey);
  const live = await ctx.connect('user-1', 'sandbox-apikey', ctx.secretKeys.live);

  const list = (query, options = { secret: ctx.secretKeys.test }) => request(`${ctx.url}/v1/connections${query}`, options)
    .then(json);
  assert.deepEqual((await list('')).body.connections.map(({ key }) => key).sort(), [a.key, b.key, c.key].sort());
  assert.deepEqual((await list('?identity=user-1')).body.connections.map(({ key }) => key).sort(), [a.key, c.key].sort());
  assert.deepEqual((await list('?identity=user-1&integration=extra-apikey')).body.connections, [c]);
  assert.deepEqual((await list('?identityType=team')).body.connections, []);
  assert.deepEqual((await list('', { headers: { authorization: `Bearer ${ctx.secretKeys.live}` } })).body.connections, [live]);

  let result = await list('?colour=blue');
  assert.equal(result.status, 400);
  assert.equal(result.body.error.code, 'bad_request');
  result = await list('?status=gone');
  assert.equal(result.body.error.code, 'bad_request');

  const get = (key, secret = ctx.secretKeys.test) => request(`${ctx.url}/v1/connections/${key}`, { secret }).then(json);
  assert.deepEqual((await get(a.key)).body, { connection: a });
  for (const key of [foreign.key, live.key, 'conn_unknown']) {
    result = await get(key);
    assert.equal(result.status, 404);
    assert.equal(result.body.error.code, 'not_found');
  }

  const deleted = await json(await request(`${ctx.url}/v1/connections/${a.key}`, { secret: ctx.secretKeys.test, method: 'DELETE' }));
  assert.equal(deleted.status, 200);
  assert.equal(deleted.body.connection.status, 'revoked');
  assert.equal(ctx.service.store.readCredentials(a.key), undefined, 'the secret is dropped');
  assert.deepEqual((await list('?status=revoked')).body.connections.map(({ key }) => key), [a.key]);
  const session = await json(await request(`${ctx.url}/v1/session`, { token: ctx.token }));
  assert.ok(!session.body.connections.some(({ key }) => key === a.key), 'revoked connections leave the session view');

  const again = await ctx.connect('user-1');
  assert.equal(again.key, a.key, 'connecting again reuses the revoked connection');
  assert.equal(again.status, 'active');
  assert.deepEqual(ctx.service.store.readCredentials(a.key), { apiKey: 'key-of-user-1' });
});

test('management routes need a valid secret key', async (t) => {
  const ctx = await setUp(t);
  const cases = [
    {},
    { secret: generateSecretKey('test') },
    { secret: 'sk_test_nonsense' },
    { token: ctx.token },
    { headers: { authorization: `Bearer ${ctx.secretKeys.test}x` } },
  ];
  for (const options of cases) {
    const result = await json(await request(`${ctx.url}/v1/connections`, options));
    assert.equal(result.status, 401);
    assert.equal(result.body.error.code, 'secret_key_invalid');
    assert.ok(!JSON.stringify(result.body).includes('sk_test_'), 'the presented key is not echoed');
  }
  const unknownRoute = await json(await request(`${ctx.url}/v1/nothing`));
  assert.equal(unknownRoute.status, 404);
  assert.equal(unknownRoute.body.error.code, 'not_found');
});

test('CORS: the project\'s origins get the headers, other origins do not', async (t) => {
  const ctx = await setUp(t);
  const preflight = (origin, path = '/v1/session') => fetch(`${ctx.url}${path}`, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    signal: AbortSignal.timeout(5000),
  });

  let response = await preflight(HOST_ORIGIN);
  assert.equal(response.status, 204);
  assert.equal(response.headers.get('access-control-allow-origin'), HOST_ORIGIN);
  assert.match(response.headers.get('access-control-allow-headers'), /authorization/);
  response = await preflight('http://evil.example');
  assert.equal(response.headers.get('access-control-allow-origin'), null);

  response = await request(`${ctx.url}/v1/session`, { token: ctx.token, origin: HOST_ORIGIN });
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('access-control-allow-origin'), HOST_ORIGIN);
  assert.match(response.headers.get('vary'), /origin/i);

  // OTHER_ORIGIN belongs to another project: this project's token must not work from there.
  for (const origin of [OTHER_ORIGIN, 'http://evil.example']) {
    response = await request(`${ctx.url}/v1/session`, { token: ctx.token, origin });
    assert.equal(response.status, 403);
    assert.equal((await response.json()).error.code, 'origin_not_allowed');
    assert.equal(response.headers.get('access-control-allow-origin'), null);
  }

  const bound = await sessionToken(ctx.secretKeys.test, { origin: 'http://127.0.0.1:4101' });
  response = await request(`${ctx.url}/v1/session`, { token: bound, origin: HOST_ORIGIN });
  assert.equal(response.status, 403, 'a token bound to another origin is refused');
  assert.equal(response.headers.get('access-control-allow-origin'), null);

  response = await request(`${ctx.url}/v1/session`, { origin: HOST_ORIGIN });
  assert.equal(response.status, 401);
  assert.equal(response.headers.get('access-control-allow-origin'), HOST_ORIGIN, 'the widget can read why it was refused');

  response = await request(`${ctx.url}/v1/connections`, { secret: ctx.secretKeys.test, origin: HOST_ORIGIN });
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('access-control-allow-origin'), null, 'management routes have no CORS');
});

// A session token that leaves the page it was made for (an injected <authkit-connect> can send one
// anywhere) must be of no use to a page on another origin, even one the project also allows: every
// widget route checks the token's origin claim against the browser's Origin header.
test('a session token bound to its page\'s origin is refused on every widget route from another page', async (t) => {
  const secondOrigin = 'http://127.0.0.1:4101';
  const { config, secretKeys } = baseConfig({ integrations });
  config.projects[0].allowedOrigins.push(secondOrigin);
  const { url } = await startService(t, config);
  const token = await sessionToken(secretKeys.test, { origin: HOST_ORIGIN });

  const calls = [
    ['/v1/session', {}],
    ['/v1/oauth/flows', { body: { integration: 'sandbox-oauth' } }],
    ['/v1/oauth/flows/flow_unknown', {}],
    ['/v1/connections', { body: { integration: 'sandbox-apikey', fields: { apiKey: 'a-key' } } }],
  ];
  for (const [path, options] of calls) {
    const response = await request(`${url}${path}`, { token, origin: secondOrigin, ...options });
    assert.equal(response.status, 403, path);
    assert.equal((await response.json()).error.code, 'origin_not_allowed', path);
    assert.equal(response.headers.get('access-control-allow-origin'), null, path);
  }
  const listed = await json(await request(`${url}/v1/connections`, { secret: secretKeys.test }));
  assert.deepEqual(listed.body.connections, [], 'nothing was created from the other page');

  const own = await request(`${url}/v1/session`, { token, origin: HOST_ORIGIN });
  assert.equal(own.status, 200, 'the page it was made for still uses it');
  assert.equal(own.headers.get('access-control-allow-origin'), HOST_ORIGIN);
});
