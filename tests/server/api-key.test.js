import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { test } from 'node:test';
import { HOST_ORIGIN, baseConfig, json, request, sessionToken, startService } from './support.js';

const GOOD_KEY = 'ak_good_1234567890';

/** A provider that accepts exactly one API key; `mode` makes it fail in other ways. */
async function startKeyProvider(t) {
  const provider = { mode: 'normal', seen: [] };
  const server = createServer((req, res) => {
    provider.seen.push({ path: req.url, authorization: req.headers.authorization });
    if (provider.mode === 'broken') {
      res.writeHead(500).end();
    } else if (provider.mode === 'slow') {
      setTimeout(() => res.writeHead(200).end('{}'), 2000).unref();
    } else if (req.url === '/v1/me' && req.headers.authorization === `Bearer ${GOOD_KEY}`) {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"acct_1"}');
    } else {
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"bad key"}');
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise((resolve) => {
    server.closeAllConnections();
    server.close(resolve);
  }));
  provider.baseUrl = `http://127.0.0.1:${server.address().port}/v1`;
  return provider;
}

/** A port nothing listens on. */
async function closedPort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function keyIntegration(baseUrl) {
  return {
    name: 'Sandbox Key',
    category: 'testing',
    authType: 'api_key',
    api: { baseUrl },
    fields: [{ name: 'apiKey', label: 'API key', type: 'secret', required: true, minLength: 8 }],
    verify: { method: 'GET', path: '/me', credential: { in: 'header', name: 'authorization', format: 'Bearer {apiKey}' } },
  };
}

async function setUp(t, { providerTimeoutMs } = {}) {
  const provider = await startKeyProvider(t);
  const { config, secretKeys } = baseConfig({
    integrations: {
      'sandbox-apikey': keyIntegration(provider.baseUrl),
      'down-apikey': keyIntegration(`http://127.0.0.1:${await closedPort()}`),
      'plain-apikey': {
        name: 'Plain', authType: 'api_key',
        fields: [{ name: 'token', label: 'Token', type: 'secret' }, { name: 'region', label: 'Region', pattern: '[a-z]{2}-[0-9]' }],
      },
      'sandbox-oauth': {
        name: 'OAuth', authType: 'oauth2', clientId: 'id', clientSecret: 'secret',
        oauth: { authorizationEndpoint: 'https://p.example/a', tokenEndpoint: 'https://p.example/t' },
      },
    },
  });
  if (providerTimeoutMs) config.providerTimeoutMs = providerTimeoutMs;
  const { service, url } = await startService(t, config);
  const token = await sessionToken(secretKeys.test);
  const connect = (body, options = {}) => request(`${url}/v1/connections`, {
    token: options.token ?? token, origin: HOST_ORIGIN, body,
  }).then(json);
  return { provider, service, url, token, secretKeys, connect };
}

test('the right key is verified with the provider and stored encrypted', async (t) => {
  const ctx = await setUp(t);
  const result = await ctx.connect({ integration: 'sandbox-apikey', fields: { apiKey: GOOD_KEY } });
  assert.equal(result.status, 201);
  const { connection } = result.body;
  assert.equal(connection.integration, 'sandbox-apikey');
  assert.equal(connection.authType, 'api_key');
  assert.equal(connection.status, 'active');
  assert.equal(connection.identity, 'user-1');
  assert.deepEqual(connection.scopes, []);
  assert.ok(!JSON.stringify(result.body).includes(GOOD_KEY));
  assert.deepEqual(ctx.provider.seen, [{ path: '/v1/me', authorization: `Bearer ${GOOD_KEY}` }]);
  assert.deepEqual(ctx.service.store.readCredentials(connection.key), { apiKey: GOOD_KEY });
});

test('a key the provider refuses gives invalid_credentials on the key field', async (t) => {
  const ctx = await setUp(t);
  const result = await ctx.connect({ integration: 'sandbox-apikey', fields: { apiKey: 'ak_wrong_000000' } });
  assert.equal(result.status, 422);
  assert.equal(result.body.error.code, 'invalid_credentials');
  assert.equal(typeof result.body.error.message, 'string');
  assert.deepEqual(result.body.error.fields, { apiKey: 'The provider did not accept this value.' });
  assert.ok(!JSON.stringify(result.body).includes('ak_wrong_000000'));
  const listed = await json(await request(`${ctx.url}/v1/connections`, { secret: ctx.secretKeys.test }));
  assert.deepEqual(listed.body.connections, []);
});

test('an unreachable, failing or slow provider gives provider_unreachable', async (t) => {
  const ctx = await setUp(t, { providerTimeoutMs: 300 });
  let result = await ctx.connect({ integration: 'down-apikey', fields: { apiKey: GOOD_KEY } });
  assert.equal(result.status, 502);
  assert.equal(result.body.error.code, 'provider_unreachable');

  ctx.provider.mode = 'broken';
  result = await ctx.connect({ integration: 'sandbox-apikey', fields: { apiKey: GOOD_KEY } });
  assert.equal(result.status, 502);
  assert.equal(result.body.error.code, 'provider_unreachable');

  ctx.provider.mode = 'slow';
  result = await ctx.connect({ integration: 'sandbox-apikey', fields: { apiKey: GOOD_KEY } });
  assert.equal(result.status, 502);
  assert.equal(result.body.error.code, 'provider_unreachable');
});

test('invalid fields are refused before the provider is asked', async (t) => {
  const ctx = await setUp(t);
  let result = await ctx.connect({ integration: 'sandbox-apikey', fields: {} });
  assert.equal(result.status, 422);
  assert.equal(result.body.error.code, 'invalid_fields');
  assert.deepEqual(result.body.error.fields, { apiKey: 'This field is required.' });

  result = await ctx.connect({ integration: 'plain-apikey', fields: { token: 't', region: 'moon', other: 'x' } });
  assert.equal(result.status, 422);
  assert.deepEqual(result.body.error.fields, {
    other: 'This field is not expected.', region: 'Does not have the expected format.',
  });
  assert.deepEqual(ctx.provider.seen, []);

  result = await ctx.connect({ integration: 'plain-apikey', fields: { token: 't', region: 'eu-1' } });
  assert.equal(result.status, 201, 'without verify, valid fields are stored directly');
});

test('connecting checks the integration and the request body', async (t) => {
  const ctx = await setUp(t);
  let result = await ctx.connect({ integration: 'sandbox-oauth', fields: {} });
  assert.equal(result.status, 400);
  assert.equal(result.body.error.code, 'bad_request');

  const limited = await sessionToken(ctx.secretKeys.test, { integrations: ['plain-apikey'] });
  result = await ctx.connect({ integration: 'sandbox-apikey', fields: { apiKey: GOOD_KEY } }, { token: limited });
  assert.equal(result.status, 403);
  assert.equal(result.body.error.code, 'integration_not_allowed');

  result = await ctx.connect({ integration: 'sandbox-apikey' });
  assert.equal(result.status, 400);
  assert.equal(result.body.error.code, 'bad_request');

  const raw = await fetch(`${ctx.url}/v1/connections`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ctx.token}`, 'content-type': 'application/json' },
    body: `{"fields":{"apiKey":"${GOOD_KEY}"`,
    signal: AbortSignal.timeout(5000),
  });
  const body = await raw.json();
  assert.equal(raw.status, 400);
  assert.equal(body.error.code, 'bad_request');
  assert.ok(!JSON.stringify(body).includes(GOOD_KEY), 'a parse error does not echo the body');
});
