// The service's HTTP edge: rate-limit keys a shared address cannot exhaust, requests refused before
// their body is read and cut off when they arrive too slowly, text the stores cannot hold, the headers
// every answer carries, and the trustProxy and timeouts settings.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { connect as connectSocket } from 'node:net';
import { test } from 'node:test';
import { loadConfig } from '../../server/src/config.js';
import { connectWithOAuth, passthrough, seedApiKeyConnection, startHttpServer } from './helpers.js';
import {
  HOST_ORIGIN, baseConfig, launchFlow, oauthIntegration, request, sessionToken, startOAuthProvider, startService,
} from './support.js';
import { KEY_INTEGRATION, assertUnstorableTextRefused, logCapture } from './unstorable-text-cases.js';

async function setUp(t, { rateLimit, timeouts, trustProxy, logs, api } = {}) {
  const provider = await startOAuthProvider(t);
  const { config, secretKeys } = baseConfig({
    integrations: {
      'sandbox-oauth': oauthIntegration(provider),
      'sandbox-apikey': {
        ...KEY_INTEGRATION,
        ...(api ? { api: { baseUrl: api.url, credential: { in: 'header', name: 'x-key', format: '{apiKey}' } } } : {}),
      },
    },
    ...(logs ? { logger: { level: 'info', stream: logs.stream } } : {}),
  });
  if (rateLimit !== undefined) config.rateLimit = rateLimit;
  if (timeouts) config.timeouts = timeouts;
  if (trustProxy !== undefined) config.trustProxy = trustProxy;
  const { service, url } = await startService(t, config);
  return { service, url, secret: secretKeys.test, token: await sessionToken(secretKeys.test), provider };
}

const junkId = () => `flow_${randomBytes(18).toString('base64url')}`;

/**
 * A raw connection: writes `head`, then one `piece` every `everyMs` until the service closes it or
 * `giveUpMs` passes. Resolves to { statusLine, answeredAfterMs, closedAfterMs } (closedAfterMs is
 * undefined when the service kept it open).
 */
function trickle(url, head, { piece = ' ', everyMs = 50, giveUpMs = 5000 } = {}) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = connectSocket(Number(port), hostname);
    let received = '';
    let answeredAfterMs;
    const finish = (closedAfterMs) => {
      clearInterval(ticker);
      clearTimeout(deadline);
      socket.destroy();
      resolve({ statusLine: received.split('\r\n')[0], answeredAfterMs, closedAfterMs });
    };
    socket.on('data', (chunk) => {
      answeredAfterMs ??= Date.now() - started;
      received += chunk;
    });
    socket.on('error', () => {});
    socket.on('close', () => finish(Date.now() - started));
    socket.write(head);
    const ticker = setInterval(() => {
      if (!socket.destroyed) socket.write(piece);
    }, everyMs);
    const deadline = setTimeout(() => finish(undefined), giveUpMs);
  });
}

const postHead = (path, headers) => `POST ${path} HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\n`
  + `content-length: 60000\r\n${Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join('')}\r\n{`;

test('attack: junk requests from a shared proxy address cannot lock the OAuth callback out', async (t) => {
  // Every request comes from 127.0.0.1, as every browser behind one reverse proxy would.
  const ctx = await setUp(t, { rateLimit: { oauth: { max: 3, windowSeconds: 60 } } });
  const junk = [];
  for (let index = 0; index < 10; index += 1) {
    junk.push(request(`${ctx.url}/v1/oauth/callback?state=${randomBytes(32).toString('base64url')}&code=junk`));
    junk.push(request(`${ctx.url}/v1/oauth/callback?code=junk`));
    junk.push(request(`${ctx.url}/v1/oauth/authorize/${junkId()}`));
    junk.push(fetch(`${ctx.url}/v1/oauth/authorize/${junkId()}`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: HOST_ORIGIN },
      body: 'nonce=junk', redirect: 'manual', signal: AbortSignal.timeout(5000),
    }));
  }
  const statuses = await Promise.all(junk.map(async (pending) => {
    const response = await pending;
    await response.arrayBuffer();
    return response.status;
  }));

  const status = await connectWithOAuth(ctx.url, ctx.token);
  assert.equal(status.status, 'succeeded', 'the real sign-in went through: its launch and callback were not 429');
  assert.equal(statuses.length, 40);
  assert.equal(statuses.filter((code) => code === 429).length, 7,
    'only the repeated stateless callback ran out of budget (10 sent, 3 allowed)');
});

test('the popup pages count each state and each flow separately', async (t) => {
  const ctx = await setUp(t, { rateLimit: { oauth: { max: 2, windowSeconds: 60 } } });
  const callback = (state) => request(`${ctx.url}/v1/oauth/callback?state=${state}`);
  const answers = [await callback('same'), await callback('same'), await callback('same'), await callback('other')];
  assert.deepEqual(answers.map((answer) => answer.status), [400, 400, 429, 400]);
  const flowId = junkId();
  const links = [];
  for (let index = 0; index < 3; index += 1) {
    links.push((await request(`${ctx.url}/v1/oauth/authorize/${flowId}`)).status);
  }
  assert.equal(links[2], 429, 'one flow id asked for too often');
  assert.notEqual((await request(`${ctx.url}/v1/oauth/authorize/${junkId()}`)).status, 429);
});

test('attack: launches with a known flow id but a wrong nonce cannot use up the real launch', async (t) => {
  const ctx = await setUp(t, { rateLimit: { oauth: { max: 2, windowSeconds: 60 } } });
  const created = await request(`${ctx.url}/v1/oauth/flows`, {
    token: ctx.token, origin: HOST_ORIGIN, body: { integration: 'sandbox-oauth' },
  });
  const flow = await created.json();
  // Someone who saw the flow id (not its nonce) hammers its launch address.
  for (let index = 0; index < 5; index += 1) {
    const junk = await launchFlow(flow, { nonce: `wrong-${index % 2}` });
    assert.ok([403, 429].includes(junk.status));
  }
  const real = await launchFlow(flow);
  assert.equal(real.status, 200, 'the widget\'s own launch still goes through');
});

test('attack: a client trickling a body without a valid token is cut off early', async (t) => {
  const ctx = await setUp(t);
  const attempts = [
    ['POST /v1/connections without a token', postHead('/v1/connections', {})],
    ['POST /v1/connections with a bad token', postHead('/v1/connections', { authorization: 'Bearer not-a-token' })],
    ['POST /v1/oauth/flows with a bad token', postHead('/v1/oauth/flows', { authorization: 'Bearer not-a-token' })],
    ['a refresh with a bad secret key', postHead('/v1/connections/conn_x/refresh', { 'x-authkit-secret': 'sk_test_wrong' })],
    ['a passthrough upload without a secret key', postHead('/v1/passthrough/upload', {})],
  ];
  const results = await Promise.all(attempts.map(([, head]) => trickle(ctx.url, head, { giveUpMs: 4000 })));
  results.forEach((result, index) => {
    const [name] = attempts[index];
    assert.equal(result.statusLine, 'HTTP/1.1 401 Unauthorized', name);
    assert.ok(result.answeredAfterMs < 1000, `${name}: answered after ${result.answeredAfterMs} ms`);
    assert.ok(result.closedAfterMs !== undefined && result.closedAfterMs < 1500,
      `${name}: the connection was closed (after ${result.closedAfterMs} ms), not kept to read the body`);
  });
});

test('attack: a client with a valid token trickling a body is cut off by the request timeout', async (t) => {
  const ctx = await setUp(t, { timeouts: { headersSeconds: 1, requestSeconds: 2 } });
  const result = await trickle(ctx.url, postHead('/v1/connections', { authorization: `Bearer ${ctx.token}` }),
    { giveUpMs: 6000 });
  assert.equal(result.statusLine, 'HTTP/1.1 408 Request Timeout');
  assert.ok(result.closedAfterMs >= 1900 && result.closedAfterMs < 4000, `closed after ${result.closedAfterMs} ms`);
});

test('attack: a client trickling its headers is cut off by the headers timeout', async (t) => {
  const ctx = await setUp(t, { timeouts: { headersSeconds: 1, requestSeconds: 5 } });
  const [slowHeaders, silent] = await Promise.all([
    trickle(ctx.url, 'GET /healthz HTTP/1.1\r\nhost: 127.0.0.1\r\n',
      { piece: 'x-padding: 1\r\n', everyMs: 100, giveUpMs: 5000 }),
    trickle(ctx.url, '', { piece: '', giveUpMs: 5000 }),
  ]);
  for (const [name, result] of [['trickled headers', slowHeaders], ['a silent connection', silent]]) {
    assert.equal(result.statusLine, 'HTTP/1.1 408 Request Timeout', name);
    assert.ok(result.closedAfterMs >= 900 && result.closedAfterMs < 3000,
      `${name}: closed after ${result.closedAfterMs} ms`);
  }
});

test('a request that arrives in time is answered, on a connection kept alive', async (t) => {
  const ctx = await setUp(t, { timeouts: { headersSeconds: 1, requestSeconds: 2 } });
  const body = JSON.stringify({ integration: 'sandbox-apikey', fields: { apiKey: 'k-123' } });
  const head = `POST /v1/connections HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\n`
    + `authorization: Bearer ${ctx.token}\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
  const result = await trickle(ctx.url, head, { piece: '', giveUpMs: 1000 });
  assert.equal(result.statusLine, 'HTTP/1.1 201 Created');
  assert.equal(result.closedAfterMs, undefined, 'kept alive for the next request');
});

test('attack: a NUL or an unpaired surrogate in any part of a request is refused with 400 invalid_characters on SQLite', async (t) => {
  const logs = logCapture();
  const ctx = await setUp(t, { logs });
  const connection = await seedApiKeyConnection(ctx.service, { integration: 'sandbox-apikey', values: { apiKey: 'k-1' } });
  await assertUnstorableTextRefused({ ...ctx, logs, connectionKey: connection.key });
  // A header cannot carry one past Node's parser (fetch cannot even send it): refused before any route.
  const header = await trickle(ctx.url, `GET /v1/passthrough/me HTTP/1.1\r\nhost: 127.0.0.1\r\nx-authkit-secret: ${ctx.secret}`
    + '\r\nx-authkit-connection-key: conn_\u0000\r\n\r\n', { piece: '', giveUpMs: 2000 });
  assert.equal(header.statusLine, 'HTTP/1.1 400 Bad Request');
});

function assertNotCacheable(name, response) {
  assert.equal(response.headers.get('cache-control'), 'no-store', `${name}: cache-control`);
  assert.equal(response.headers.get('x-content-type-options'), 'nosniff', `${name}: x-content-type-options`);
  assert.equal(response.headers.get('x-frame-options'), 'DENY', `${name}: x-frame-options`);
  assert.match(response.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/, `${name}: frame-ancestors`);
}

test('attack: API answers carrying identities and flow ids are not cacheable or sniffable', async (t) => {
  const api = await startHttpServer(t, (req, res) => res.writeHead(200, {
    'content-type': 'application/json', 'cache-control': 'public, max-age=600', etag: '"v1"',
  }).end('{"ok":true}'));
  const ctx = await setUp(t, { rateLimit: { oauth: { max: 1, windowSeconds: 60 } }, api });
  const connection = await seedApiKeyConnection(ctx.service, { integration: 'sandbox-apikey', values: { apiKey: 'k-1' } });
  const widget = (path, body) => request(`${ctx.url}${path}`, { token: ctx.token, origin: HOST_ORIGIN, body });
  const created = await widget('/v1/oauth/flows', { integration: 'sandbox-oauth' });
  const flow = await created.clone().json();
  const answers = {
    'GET /v1/session': await widget('/v1/session'),
    'POST /v1/oauth/flows': created,
    'GET /v1/oauth/flows/:id': await widget(`/v1/oauth/flows/${flow.flowId}`),
    'POST /v1/connections (422)': await widget('/v1/connections', { integration: 'sandbox-apikey', fields: { nope: 'x' } }),
    'a session route without a token (401)': await request(`${ctx.url}/v1/session`, { origin: HOST_ORIGIN }),
    'a CORS preflight': await fetch(`${ctx.url}/v1/session`, {
      method: 'OPTIONS', headers: { origin: HOST_ORIGIN, 'access-control-request-method': 'GET' },
    }),
    'GET /v1/connections': await request(`${ctx.url}/v1/connections`, { secret: ctx.secret }),
    'GET /v1/connections/:key': await request(`${ctx.url}/v1/connections/${connection.key}`, { secret: ctx.secret }),
    'a management route with a bad key (401)': await request(`${ctx.url}/v1/connections`, { secret: 'sk_test_wrong' }),
    'a passthrough answer the provider marked public': await passthrough(ctx.url, ctx.secret, connection.key, '/items'),
    'an unknown route (404)': await request(`${ctx.url}/v1/nothing-here`),
    'a malformed path (400)': await request(`${ctx.url}/v1/connections/%zz`, { secret: ctx.secret }),
    'GET /healthz': await request(`${ctx.url}/healthz`),
    'the callback page': await request(`${ctx.url}/v1/oauth/callback?state=junk`),
    'a rate-limited callback (429)': await request(`${ctx.url}/v1/oauth/callback?state=junk`),
    'the authorize link page': await request(flow.authorizeUrl),
  };
  assert.equal(answers['a rate-limited callback (429)'].status, 429);
  for (const [name, response] of Object.entries(answers)) {
    await response.arrayBuffer();
    assertNotCacheable(name, response);
  }
  assert.equal(answers['a passthrough answer the provider marked public'].headers.get('etag'), '"v1"',
    'validators still pass, so a host can revalidate on purpose');
});

test('the raw answer to a request Node cannot parse carries the same headers', async (t) => {
  const ctx = await setUp(t);
  const { hostname, port } = new URL(ctx.url);
  const text = await new Promise((resolve, reject) => {
    const socket = connectSocket(Number(port), hostname);
    let received = '';
    socket.on('data', (chunk) => { received += chunk; });
    socket.on('close', () => resolve(received));
    socket.on('error', reject);
    socket.setTimeout(3000, () => socket.destroy());
    socket.write('NOT HTTP AT ALL\r\n\r\n');
  });
  assert.match(text, /^HTTP\/1\.1 400 /);
  assert.match(text, /\r\ncache-control: no-store\r\n/i);
  assert.match(text, /\r\nx-content-type-options: nosniff\r\n/i);
});

test('behind a trusted proxy the client is the forwarded address; otherwise the connecting one', async (t) => {
  const addressesSeen = async (trustProxy) => {
    const logs = logCapture();
    const ctx = await setUp(t, { trustProxy, logs, rateLimit: false });
    await (await fetch(`${ctx.url}/healthz`, { headers: { 'x-forwarded-for': '203.0.113.7' } })).arrayBuffer();
    return logs.entries().filter((entry) => entry.req).map((entry) => entry.req.remoteAddress);
  };
  assert.deepEqual(await addressesSeen(['127.0.0.1']), ['203.0.113.7']);
  assert.deepEqual(await addressesSeen(false), ['127.0.0.1'], 'a client cannot name its own address');
});

test('trustProxy and timeouts are checked when the configuration loads', () => {
  const { config } = baseConfig();
  const load = (extra) => loadConfig({ ...config, ...extra });
  assert.equal(load({}).trustProxy, false);
  assert.equal(load({ trustProxy: true }).trustProxy, true);
  assert.equal(load({ trustProxy: 2 }).trustProxy, 2);
  assert.equal(load({ trustProxy: '1' }).trustProxy, 1, 'a hop count from an environment variable');
  assert.deepEqual(load({ trustProxy: ['10.0.0.0/8', '192.168.1.10', '::1', 'fd00::/8', 'loopback'] }).trustProxy,
    ['10.0.0.0/8', '192.168.1.10', '::1', 'fd00::/8', 'loopback']);
  assert.deepEqual(load({ trustProxy: '10.0.0.1, 10.0.0.2' }).trustProxy, ['10.0.0.1', '10.0.0.2']);
  for (const bad of [0, 21, 1.5, 'yes', [], ['10.0.0.0/33'], ['300.1.1.1'], ['10.0.0.1', 5], '10.0.0.0/8/1', {}]) {
    assert.throws(() => load({ trustProxy: bad }), (error) => {
      assert.deepEqual(error.issues.map((issue) => issue.path), ['trustProxy'], JSON.stringify(bad));
      return true;
    });
  }

  assert.deepEqual(load({}).timeouts, { headersMs: 10_000, requestMs: 30_000, idleMs: 60_000, keepAliveMs: 72_000 });
  assert.deepEqual(load({ timeouts: { headersSeconds: 5, requestSeconds: 20 } }).timeouts,
    { headersMs: 5000, requestMs: 20_000, idleMs: 60_000, keepAliveMs: 72_000 });
  assert.throws(() => load({ timeouts: { headersSeconds: 0, idleSeconds: 'long', slow: 1 } }), (error) => {
    assert.deepEqual(error.issues.map((issue) => issue.path).sort(),
      ['timeouts.headersSeconds', 'timeouts.idleSeconds', 'timeouts.slow']);
    return true;
  });
  assert.throws(() => load({ timeouts: { headersSeconds: 20, requestSeconds: 10 } }), (error) => {
    assert.deepEqual(error.issues.map((issue) => issue.path), ['timeouts.requestSeconds']);
    return true;
  });
});
