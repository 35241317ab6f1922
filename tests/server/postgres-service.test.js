// The service on PostgreSQL: the whole HTTP surface on a real cluster, and two service processes
// sharing one database that refresh an expired token exactly once between them.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createClient } from '../../server/src/client/index.js';
import {
  connectWithOAuth, countRefreshes, passthrough, seedApiKeyConnection, seedOAuthConnection, startHttpServer,
} from './helpers.js';
import { startPostgres } from './postgres.js';
import { KEY_INTEGRATION, assertUnstorableTextRefused, logCapture } from './unstorable-text-cases.js';
import {
  baseConfig, json, oauthIntegration, request, sessionToken, startOAuthProvider, startService,
} from './support.js';

const SERVICE_PROCESS = fileURLToPath(new URL('./service-process.js', import.meta.url));
const CHILD_START_TIMEOUT_MS = 20_000;

let cluster;
before(async () => {
  cluster = await startPostgres();
});
after(() => cluster?.stop());

async function setUp(t) {
  const provider = await startOAuthProvider(t);
  const api = await startHttpServer(t, (req, res) => res.writeHead(200, { 'content-type': 'application/json' })
    .end(JSON.stringify({ authorization: req.headers.authorization })));
  const databaseUrl = await cluster.createDatabase();
  const { config, secretKeys } = baseConfig({
    database: { postgres: databaseUrl },
    integrations: {
      'sandbox-oauth': oauthIntegration(provider, {
        api: { baseUrl: api.url }, oauth: { revocationEndpoint: `${provider.issuer.url}/revoke` },
      }),
      'sandbox-apikey': {
        name: 'Key', authType: 'api_key', api: { baseUrl: api.url, credential: { in: 'header', name: 'x-key', format: '{apiKey}' } },
        fields: [{ name: 'apiKey', label: 'API key', type: 'secret' }],
      },
    },
  });
  config.refresh = { worker: false };
  const { service, url } = await startService(t, config);
  return { provider, api, config, databaseUrl, service, url, secretKeys, secret: secretKeys.test };
}

/** Starts tests/server/service-process.js with `config`; stopped (stdin closed) when the test ends. */
async function startServiceProcess(t, config, env = {}) {
  const child = spawn(process.execPath, [SERVICE_PROCESS], {
    env: { ...process.env, ...env, AUTHKIT_TEST_CONFIG: JSON.stringify(config) },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  t.after(async () => {
    if (child.exitCode !== null) return;
    const exited = once(child, 'exit');
    child.stdin.end();
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  });
  let output = '';
  const line = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the second service process did not start in time')), CHILD_START_TIMEOUT_MS);
    child.stdout.on('data', (chunk) => {
      output += chunk;
      if (output.includes('\n')) {
        clearTimeout(timer);
        resolve(output.split('\n')[0]);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the second service process exited with ${code}`));
    });
  });
  return JSON.parse(await line).url;
}

test('connections, flows, management and passthrough work on PostgreSQL', async (t) => {
  const ctx = await setUp(t);
  const token = await sessionToken(ctx.secret);
  const status = await connectWithOAuth(ctx.url, token);
  assert.equal(status.status, 'succeeded');
  const reconnected = await connectWithOAuth(ctx.url, token, 'sandbox-oauth', { connectionKey: status.connection.key });
  assert.equal(reconnected.connection.key, status.connection.key, 'a reconnect flow updates the same connection');
  const apiKey = await json(await request(`${ctx.url}/v1/connections`, {
    token, body: { integration: 'sandbox-apikey', fields: { apiKey: 'key-on-postgres-0123456789' } },
  }));
  assert.equal(apiKey.status, 201);

  const client = createClient({ baseUrl: ctx.url, secretKey: ctx.secret });
  const listed = await client.listConnections({ identity: 'user-1' });
  assert.deepEqual(listed.map((connection) => connection.integration), ['sandbox-oauth', 'sandbox-apikey']);
  const proxied = await client.passthrough({ connectionKey: apiKey.body.connection.key, path: '/me' });
  assert.equal(proxied.status, 200);
  const oauthProxied = await (await client.passthrough({ connectionKey: status.connection.key, path: '/me' })).json();
  assert.match(oauthProxied.authorization, /^Bearer ey/);
  assert.equal((await client.refreshConnection(status.connection.key)).status, 'active');
  assert.equal((await client.deleteConnection(apiKey.body.connection.key)).status, 'revoked');
  assert.deepEqual((await client.listConnections({ status: 'active' })).map((connection) => connection.key), [status.connection.key]);
});

test('a delete on PostgreSQL ends at the provider the tokens a refresh stored just before it', async (t) => {
  const ctx = await setUp(t);
  const revoked = [];
  ctx.provider.service.on('beforeRevoke', (_response, req) => {
    revoked.push(new Promise((resolve) => {
      let text = '';
      req.setEncoding('utf8');
      req.on('data', (chunk) => { text += chunk; });
      req.on('end', () => resolve(new URLSearchParams(text).get('token')));
    }));
  });
  const refreshes = countRefreshes(ctx.provider, (response) => {
    response.body.refresh_token = 'rotated-on-postgres';
  });
  const { connection } = await connectWithOAuth(ctx.url, await sessionToken(ctx.secret));
  // A refresh commits just ahead of the delete's own step in the store.
  const { revokeConnection } = ctx.service.store;
  ctx.service.store.revokeConnection = async (key) => {
    await ctx.service.refresher.refresh(key, { force: true });
    return revokeConnection(key);
  };
  const client = createClient({ baseUrl: ctx.url, secretKey: ctx.secret });
  assert.equal((await client.deleteConnection(connection.key)).status, 'revoked');
  assert.equal(refreshes.count, 1);
  assert.deepEqual(await Promise.all(revoked), ['rotated-on-postgres']);
  assert.equal(await ctx.service.store.readCredentials(connection.key), undefined);
});

test('20 parallel calls over two service processes sharing PostgreSQL make exactly one token request', async (t) => {
  const ctx = await setUp(t);
  const refreshes = countRefreshes(ctx.provider);
  const { database, ...withoutDatabase } = ctx.config;
  // The second process finds its database through DATABASE_URL.
  const otherUrl = await startServiceProcess(t, withoutDatabase, { DATABASE_URL: ctx.databaseUrl });
  assert.notEqual(otherUrl, ctx.url);

  const connection = await seedOAuthConnection(ctx.service, {
    accessToken: 'expired-access-token', expiresAt: new Date(Date.now() - 60_000).toISOString(),
  });
  const calls = Array.from({ length: 20 }, (_, index) => passthrough(index % 2 ? otherUrl : ctx.url, ctx.secret, connection.key, '/me'));
  const responses = await Promise.all(calls);
  const bodies = await Promise.all(responses.map((response) => response.json()));
  assert.deepEqual(responses.map((response) => response.status), Array(20).fill(200), JSON.stringify(bodies.find((body) => body.error)));
  assert.equal(refreshes.count, 1, 'one token request between both processes');
  const expected = `Bearer ${refreshes.issued[0]}`;
  assert.deepEqual(bodies.map((body) => body.authorization), Array(20).fill(expected));
  assert.equal(ctx.api.requests.filter((seen) => seen.headers.authorization === 'Bearer expired-access-token').length, 0);
});

test('attack: a NUL in a flow id, a connection key or an API-key field cannot make the PostgreSQL store answer 500', async (t) => {
  const provider = await startOAuthProvider(t);
  const logs = logCapture();
  const { config, secretKeys } = baseConfig({
    database: { postgres: await cluster.createDatabase() },
    integrations: { 'sandbox-oauth': oauthIntegration(provider), 'sandbox-apikey': KEY_INTEGRATION },
    logger: { level: 'info', stream: logs.stream },
  });
  config.refresh = { worker: false };
  const { service, url } = await startService(t, config);
  const connection = await seedApiKeyConnection(service, { integration: 'sandbox-apikey', values: { apiKey: 'k-1' } });
  await assertUnstorableTextRefused({
    url, service, logs, secret: secretKeys.test, token: await sessionToken(secretKeys.test), connectionKey: connection.key,
  });
});
