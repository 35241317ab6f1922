// The passthrough proxy: credentials injected toward the integration's base URL only, bodies
// streamed both ways, safe headers, no redirect followed, timeouts, and refresh on demand.
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { createClient } from '../../server/src/client/index.js';
import {
  countRefreshes, passthrough, seedApiKeyConnection, seedOAuthConnection, startHttpServer,
} from './helpers.js';
import { baseConfig, json, oauthIntegration, startOAuthProvider, startService } from './support.js';

const API_KEY = 'ak_live_passthrough_secret_0123456789';

/** The provider's API: echoes what it got; a few paths behave otherwise. */
async function startApi(t, elsewhereUrl) {
  return startHttpServer(t, (req, res, body) => {
    if (req.url.startsWith('/v1/slow')) return; // never answers
    if (req.url.startsWith('/v1/away')) {
      res.writeHead(302, { location: `${elsewhereUrl()}/collect` }).end();
      return;
    }
    if (req.url.startsWith('/v1/echo-key-redirect')) {
      res.writeHead(302, { location: `/v1/next?api_key=${API_KEY}`, 'x-fine': 'kept' }).end();
      return;
    }
    if (req.url.startsWith('/v1/big')) {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      for (let index = 0; index < 64; index += 1) res.write(Buffer.alloc(16 * 1024, index));
      res.end();
      return;
    }
    res.writeHead(201, {
      'content-type': 'application/json',
      'x-provider': 'yes',
      'set-cookie': 'provider_session=abc; Path=/',
      connection: 'keep-alive, x-hop',
      'x-hop': 'only for this hop',
    });
    res.end(JSON.stringify({
      method: req.method, url: req.url, headers: req.headers, bodyLength: body.length, bodyText: body.length < 200 ? body.toString() : '',
    }));
  });
}

/** Sends a request line exactly as written (fetch would normalize it, and refuses some headers). */
function rawRequest(baseUrl, path, headers, { method = 'GET', body } = {}) {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ hostname, port, path, method, headers, timeout: 5000 }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString() }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(body);
  });
}

async function setUp(t, { providerTimeoutMs = 2000, withOAuth = false } = {}) {
  const elsewhere = await startHttpServer(t, (req, res) => res.writeHead(200).end('elsewhere'));
  const api = await startApi(t, () => elsewhere.url);
  const provider = withOAuth ? await startOAuthProvider(t) : undefined;
  const apiKeyIntegration = (credential) => ({
    name: 'Key', authType: 'api_key', api: { baseUrl: `${api.url}/v1`, credential },
    fields: [{ name: 'apiKey', label: 'API key', type: 'secret', required: true }],
  });
  const integrations = {
    'key-header': apiKeyIntegration({ in: 'header', name: 'x-api-key', format: '{apiKey}' }),
    'key-query': apiKeyIntegration({ in: 'query', name: 'api_key', format: '{apiKey}' }),
    'key-basic': apiKeyIntegration({ in: 'basic', username: '{apiKey}', password: '' }),
    'no-api': { name: 'No API', authType: 'api_key', fields: [{ name: 'apiKey', label: 'Key', type: 'secret' }] },
  };
  if (provider) integrations['sandbox-oauth'] = oauthIntegration(provider, { api: { baseUrl: `${api.url}/v1` } });
  const { config, secretKeys } = baseConfig({ integrations });
  config.providerTimeoutMs = providerTimeoutMs;
  config.refresh = { worker: false };
  const { service, url } = await startService(t, config);
  return { api, elsewhere, provider, service, url, secret: secretKeys.test, secretKeys };
}

test('an OAuth connection gets its bearer token; the caller\'s own credentials and hop headers do not pass', async (t) => {
  const ctx = await setUp(t, { withOAuth: true });
  const connection = await seedOAuthConnection(ctx.service, { accessToken: 'access-token-for-the-api' });
  const body = JSON.stringify({ hello: 'world' });
  // node:http rather than fetch, which refuses to send hop-by-hop headers such as Connection.
  const response = await rawRequest(ctx.url, '/v1/passthrough/users/me?fields=id,name&x=%2F', {
    'x-authkit-secret': ctx.secret, 'x-authkit-connection-key': connection.key,
    'content-type': 'application/json', 'content-length': String(body.length), authorization: 'Bearer caller-token',
    cookie: 'a=b', 'x-custom': 'kept', 'x-forwarded-for': '10.1.2.3', connection: 'x-drop-me', 'x-drop-me': 'hop',
    'x-authkit-other': 'internal',
  }, { method: 'POST', body });
  assert.equal(response.status, 201);
  assert.equal(response.headers['x-provider'], 'yes');
  assert.equal(response.headers['set-cookie'], undefined, 'provider cookies are not relayed');
  assert.equal(response.headers['x-hop'], undefined, 'headers named by Connection stay on their hop');
  const seen = JSON.parse(response.body);
  assert.equal(seen.method, 'POST');
  assert.equal(seen.url, '/v1/users/me?fields=id,name&x=%2F', 'path and query arrive as sent');
  assert.equal(seen.headers.authorization, 'Bearer access-token-for-the-api');
  assert.equal(seen.headers['x-custom'], 'kept');
  assert.equal(seen.bodyText, body);
  for (const name of ['cookie', 'x-authkit-secret', 'x-authkit-connection-key', 'x-forwarded-for', 'x-drop-me', 'x-authkit-other']) {
    assert.equal(seen.headers[name], undefined, `${name} is not sent to the provider`);
  }
});

test('API keys go in the header, query or basic credential the definition names', async (t) => {
  const ctx = await setUp(t);
  const expectations = {
    'key-header': (seen) => assert.equal(seen.headers['x-api-key'], API_KEY),
    'key-query': (seen) => assert.equal(new URL(seen.url, 'http://x').searchParams.get('api_key'), API_KEY),
    'key-basic': (seen) => assert.equal(seen.headers.authorization, `Basic ${Buffer.from(`${API_KEY}:`).toString('base64')}`),
  };
  for (const [integration, check] of Object.entries(expectations)) {
    const connection = await seedApiKeyConnection(ctx.service, { integration, values: { apiKey: API_KEY } });
    // A query parameter of the same name from the caller is replaced, not doubled.
    const response = await passthrough(ctx.url, ctx.secret, connection.key, '/items?api_key=callers&page=2');
    assert.equal(response.status, 201, integration);
    const seen = await response.json();
    check(seen);
    assert.equal(new URL(seen.url, 'http://x').searchParams.get('page'), '2');
    if (integration === 'key-query') assert.deepEqual(new URL(seen.url, 'http://x').searchParams.getAll('api_key'), [API_KEY]);
  }
});

test('paths that could leave the integration\'s base URL are refused before anything is sent', async (t) => {
  const ctx = await setUp(t);
  const connection = await seedApiKeyConnection(ctx.service, { integration: 'key-header', values: { apiKey: API_KEY } });
  const headers = { 'x-authkit-secret': ctx.secret, 'x-authkit-connection-key': connection.key };
  const evil = ctx.elsewhere.url.replace('http://', '');
  const refused = [
    '/v1/passthrough/../admin',
    '/v1/passthrough/%2e%2e/admin',
    '/v1/passthrough/%2E%2e/%2e%2e/admin',
    '/v1/passthrough/.%2e/admin',
    '/v1/passthrough/%252e%252e/admin',
    '/v1/passthrough/a/..%2f..%2fadmin',
    '/v1/passthrough/a/%2e%2e%5cadmin',
    '/v1/passthrough/a/./b',
    '/v1/passthrough//admin',
    `/v1/passthrough//${evil}/collect`,
    `/v1/passthrough/http://${evil}/collect`,
    `/v1/passthrough/http:%2f%2f${evil}/collect`,
    `/v1/passthrough/https:${evil}/collect`,
    `/v1/passthrough/@${evil}/collect`,
    '/v1/passthrough/a\\..\\admin',
    '/v1/passthrough/a%5c..%5cadmin',
    '/v1/passthrough/a/%00b',
  ];
  for (const path of refused) {
    const response = await rawRequest(ctx.url, path, headers);
    assert.equal(response.status, 400, `${path} → ${response.status} ${response.body}`);
    assert.equal(JSON.parse(response.body).error.code, 'passthrough_path_invalid', path);
  }
  // Refused by the router already (a malformed percent-encoding).
  assert.equal((await rawRequest(ctx.url, '/v1/passthrough/%zz', headers)).status, 400);
  // Not passthrough routes at all: an absolute-form request target and a prefix without its slash.
  for (const path of [`http://${evil}/collect`, `/v1/passthrough@${evil}/collect`]) {
    const response = await rawRequest(ctx.url, path, headers);
    assert.equal(response.status, 404, path);
  }
  assert.equal(ctx.api.requests.length, 0, 'the provider received nothing');
  assert.equal(ctx.elsewhere.requests.length, 0, 'nothing reached another host');

  // Encoded slashes inside a segment are data, not traversal (GitLab's "group%2Fproject").
  const allowed = await rawRequest(ctx.url, '/v1/passthrough/projects/group%2Fproject/issues', headers);
  assert.equal(allowed.status, 201);
  assert.equal(JSON.parse(allowed.body).url, '/v1/projects/group%2Fproject/issues');
});

test('a redirect is handed back, not followed: no credential reaches another origin', async (t) => {
  const ctx = await setUp(t);
  const connection = await seedApiKeyConnection(ctx.service, { integration: 'key-header', values: { apiKey: API_KEY } });
  const response = await passthrough(ctx.url, ctx.secret, connection.key, '/away');
  assert.equal(response.status, 302);
  assert.equal(response.headers.get('location'), `${ctx.elsewhere.url}/collect`);

  // The Node client does not follow it either, so neither the secret key nor the API key travels.
  const client = createClient({ baseUrl: ctx.url, secretKey: ctx.secret });
  const viaClient = await client.passthrough({ connectionKey: connection.key, path: '/away' });
  assert.equal(viaClient.status, 302);
  assert.equal(ctx.elsewhere.requests.length, 0, 'the other origin was never called');

  // A provider echoing the credential in a header: that header is dropped, the others stay.
  const echoed = await passthrough(ctx.url, ctx.secret, connection.key, '/echo-key-redirect');
  assert.equal(echoed.status, 302);
  assert.equal(echoed.headers.get('location'), null);
  assert.equal(echoed.headers.get('x-fine'), 'kept');
});

test('HEAD and bodiless answers pass through as they are', async (t) => {
  const ctx = await setUp(t);
  const connection = await seedApiKeyConnection(ctx.service, { integration: 'key-header', values: { apiKey: API_KEY } });
  const head = await passthrough(ctx.url, ctx.secret, connection.key, '/items/1', { method: 'HEAD' });
  assert.equal(head.status, 201);
  assert.equal(head.headers.get('x-provider'), 'yes');
  assert.equal((await head.arrayBuffer()).byteLength, 0);
  assert.equal(ctx.api.requests.at(-1).method, 'HEAD');
  const options = await passthrough(ctx.url, ctx.secret, connection.key, '/items/1', { method: 'OPTIONS' });
  assert.equal(options.status, 201);
  assert.equal(ctx.api.requests.at(-1).method, 'OPTIONS');
});

test('bodies stream both ways', async (t) => {
  const ctx = await setUp(t);
  const connection = await seedApiKeyConnection(ctx.service, { integration: 'key-header', values: { apiKey: API_KEY } });
  const upload = Buffer.alloc(3 * 1024 * 1024, 7);
  const chunks = Readable.from((function* generate() {
    for (let offset = 0; offset < upload.length; offset += 256 * 1024) yield upload.subarray(offset, offset + 256 * 1024);
  })());
  const client = createClient({ baseUrl: ctx.url, secretKey: ctx.secret });
  const response = await client.passthrough({
    connectionKey: connection.key, method: 'PUT', path: '/files/a.bin',
    headers: { 'content-type': 'application/octet-stream' }, body: chunks,
  });
  assert.equal(response.status, 201);
  const seen = await response.json();
  assert.equal(seen.bodyLength, upload.length, 'the whole upload arrived (larger than the JSON body limit)');
  assert.equal(seen.headers['transfer-encoding'], 'chunked', 'it was streamed, not buffered');

  const download = await passthrough(ctx.url, ctx.secret, connection.key, '/big');
  assert.equal(download.status, 200);
  const bytes = Buffer.from(await download.arrayBuffer());
  assert.equal(bytes.length, 64 * 16 * 1024);
  assert.equal(bytes[16 * 1024 * 63], 63);
});

test('a provider that does not answer in time is a 504 provider_timeout; an unreachable one a 502', async (t) => {
  const ctx = await setUp(t, { providerTimeoutMs: 200 });
  const connection = await seedApiKeyConnection(ctx.service, { integration: 'key-header', values: { apiKey: API_KEY } });
  const slow = await json(await passthrough(ctx.url, ctx.secret, connection.key, '/slow'));
  assert.equal(slow.status, 504);
  assert.equal(slow.body.error.code, 'provider_timeout');

  ctx.api.server.closeAllConnections();
  await new Promise((resolve) => ctx.api.server.close(resolve));
  const down = await json(await passthrough(ctx.url, ctx.secret, connection.key, '/anything'));
  assert.equal(down.status, 502);
  assert.equal(down.body.error.code, 'provider_unreachable');
});

test('who may call, and which connections can be used', async (t) => {
  const ctx = await setUp(t, { withOAuth: true });
  const connection = await seedApiKeyConnection(ctx.service, { integration: 'key-header', values: { apiKey: API_KEY } });
  const code = async (response) => (await json(response)).body.error.code;
  assert.equal((await passthrough(ctx.url, 'sk_test_wrong', connection.key, '/x')).status, 401);
  assert.equal(await code(await passthrough(ctx.url, ctx.secretKeys.live, connection.key, '/x')), 'not_found',
    'a live key does not open a test connection');
  const missing = await fetch(`${ctx.url}/v1/passthrough/x`, { headers: { 'x-authkit-secret': ctx.secret } });
  assert.equal(missing.status, 400);
  assert.equal(await code(await passthrough(ctx.url, ctx.secret, 'conn_nope', '/x')), 'not_found');
  const noApi = await seedApiKeyConnection(ctx.service, { integration: 'no-api', values: { apiKey: API_KEY } });
  assert.equal(await code(await passthrough(ctx.url, ctx.secret, noApi.key, '/x')), 'passthrough_unavailable');
  await ctx.service.store.revokeConnection(connection.key);
  const revoked = await passthrough(ctx.url, ctx.secret, connection.key, '/x');
  assert.equal(revoked.status, 409);
  assert.equal(await code(revoked), 'connection_revoked');
  assert.equal(ctx.api.requests.length, 0);
});

test('20 parallel calls with an expired token make exactly one token request', async (t) => {
  const ctx = await setUp(t, { withOAuth: true });
  let issued;
  const refreshes = countRefreshes(ctx.provider, (response) => {
    issued = response.body.access_token;
  });
  const connection = await seedOAuthConnection(ctx.service, {
    accessToken: 'expired-access-token', expiresAt: new Date(Date.now() - 60_000).toISOString(),
  });
  const responses = await Promise.all(Array.from({ length: 20 }, () => passthrough(ctx.url, ctx.secret, connection.key, '/me')));
  const bodies = await Promise.all(responses.map((response) => response.json()));
  assert.deepEqual(responses.map((response) => response.status), Array(20).fill(201));
  assert.equal(refreshes.count, 1, 'one refresh grant for all twenty');
  assert.deepEqual(refreshes.refreshTokensSeen, ['seeded-refresh-token']);
  for (const body of bodies) assert.equal(body.headers.authorization, `Bearer ${issued}`);
});
