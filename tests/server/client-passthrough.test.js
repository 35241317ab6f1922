// The Node client's passthrough against a running service: a path built from user input can reach
// the provider's API only, never climb out of /v1/passthrough/ to the management API, which the
// same secret key would open (every identity's connections, listing and deleting them).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createService } from '../../server/src/index.js';
import { AuthKitError, createClient } from '../../server/src/client/index.js';
import { seedApiKeyConnection, startHttpServer } from './helpers.js';
import { baseConfig } from './support.js';

const API_KEY = 'ak_live_client_passthrough_0123456789';

async function setUp(t) {
  const api = await startHttpServer(t, (req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ url: req.url }));
  });
  const { config, secretKeys } = baseConfig({
    integrations: {
      'key-header': {
        name: 'Key', authType: 'api_key',
        api: { baseUrl: `${api.url}/v1`, credential: { in: 'header', name: 'x-api-key', format: '{apiKey}' } },
        fields: [{ name: 'apiKey', label: 'API key', type: 'secret', required: true }],
      },
    },
  });
  config.refresh = { worker: false };
  const service = createService(config);
  // Every request the service receives, whatever its route: what a refused call must never add to.
  const received = [];
  service.app.addHook('onRequest', async (request) => {
    received.push(`${request.method} ${request.url}`);
  });
  t.after(() => service.close());
  const url = await service.listen();
  const client = createClient({ baseUrl: url, secretKey: secretKeys.test });
  const alice = await seedApiKeyConnection(service, { identity: 'alice', integration: 'key-header', values: { apiKey: API_KEY } });
  const bob = await seedApiKeyConnection(service, { identity: 'bob', integration: 'key-header', values: { apiKey: API_KEY } });
  return { api, service, url, client, received, alice, bob };
}

const refusedPath = { name: 'AuthKitError', code: 'passthrough_path_invalid', status: 400 };

async function assertRefused(ctx, options) {
  const before = ctx.received.length;
  await assert.rejects(ctx.client.passthrough({ connectionKey: ctx.alice.key, ...options }), (error) => {
    assert.ok(error instanceof AuthKitError, `${options.path}: ${error}`);
    assert.deepEqual({ name: error.name, code: error.code, status: error.status }, refusedPath, options.path);
    assert.match(error.message, /encodeURIComponent/);
    return true;
  }, options.path);
  assert.deepEqual(ctx.received.slice(before), [], `${options.path}: nothing was sent to the service`);
}

test('the recorder sees management calls, so "received nothing" below means what it says', async (t) => {
  const ctx = await setUp(t);
  assert.equal((await ctx.client.listConnections()).length, 2);
  assert.deepEqual(ctx.received, ['GET /v1/connections']);
});

test('attack: a passthrough path of /../connections never reaches the management API', async (t) => {
  const ctx = await setUp(t);
  await assertRefused(ctx, { path: '/../connections' });
  assert.equal(ctx.api.requests.length, 0);
});

test('attack: /%2E%2e/connections?identity=bob never lists another identity\'s connections', async (t) => {
  const ctx = await setUp(t);
  await assertRefused(ctx, { path: '/%2E%2e/connections?identity=bob' });
  assert.equal(ctx.api.requests.length, 0);
});

test('attack: a DELETE through a climbing path never revokes another identity\'s connection', async (t) => {
  const ctx = await setUp(t);
  for (const climb of ['..', '%2e%2e', '.%2E', '%2e.', '..\\..\\v1', '%252e%252e']) {
    await assertRefused(ctx, { method: 'DELETE', path: `/${climb}/connections/${ctx.bob.key}` });
  }
  assert.equal((await ctx.client.getConnection(ctx.bob.key)).status, 'active', 'the victim\'s connection is still there');
  assert.equal(ctx.api.requests.length, 0);
});

test('dot segments in any spelling are refused; dots that are data pass', async (t) => {
  const ctx = await setUp(t);
  const refused = [
    '/..', '/.', '/a/./b', '/a/..', '/a/../../connections', '/%2e', '/%2E%2E/connections', '/.%2e/connections',
    '/%2e./connections', '/..\\connections', '/a\\..\\..\\connections', '/%2e%2e%5cconnections', '/..%2fconnections',
    '/%252e%252e/connections', '/%252E./connections', '/%25252e%25252e/connections', '/a/%2e%2e%2f%2e%2e%2fconnections',
  ];
  for (const path of refused) await assertRefused(ctx, { path });
  assert.equal(ctx.api.requests.length, 0);

  const passed = {
    '/users/me?fields=id': '/v1/users/me?fields=id',
    '/files/a..b/.hidden/...': '/v1/files/a..b/.hidden/...',
    '/projects/group%2Fproject/issues': '/v1/projects/group%2Fproject/issues',
    '/search?q=../../connections': '/v1/search?q=../../connections',
    [`/users/${encodeURIComponent('a b/c?d')}`]: '/v1/users/a%20b%2Fc%3Fd',
  };
  for (const [path, arrived] of Object.entries(passed)) {
    const response = await ctx.client.passthrough({ connectionKey: ctx.alice.key, path });
    assert.equal(response.status, 200, path);
    assert.equal((await response.json()).url, arrived, path);
  }
  assert.ok(ctx.received.every((line) => line.split(' ')[1].startsWith('/v1/passthrough/')), ctx.received.join('\n'));
});
