// Requests refused before any route runs (a malformed percent-encoding, a body that is not JSON or
// too large, a request line that is not HTTP) get AuthKit's error shape with code bad_request, and
// the answer never quotes the request's path or body.
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { test } from 'node:test';
import { baseConfig, json, request, sessionToken, startService } from './support.js';

const SECRET_IN_PATH = 'path-canary-5e1f0a';
const SECRET_IN_BODY = 'body-canary-c39d27';

async function setUp(t) {
  const { config, secretKeys } = baseConfig({
    integrations: {
      'sandbox-apikey': { name: 'Key', authType: 'api_key', fields: [{ name: 'apiKey', label: 'API key', type: 'secret' }] },
    },
  });
  const { service, url } = await startService(t, config);
  return { service, url, secret: secretKeys.test, token: await sessionToken(secretKeys.test) };
}

/** Asserts AuthKit's error shape, and that none of `unquoted` appears in the raw answer. */
function assertRefusal(raw, { status, message }, answer, unquoted) {
  assert.equal(answer.status, status, raw);
  const body = JSON.parse(raw);
  assert.deepEqual(Object.keys(body), ['error']);
  assert.deepEqual(Object.keys(body.error).sort(), ['code', 'message']);
  assert.equal(body.error.code, 'bad_request');
  if (message) assert.match(body.error.message, message);
  for (const text of unquoted) assert.ok(!raw.includes(text), `the answer quotes "${text}"`);
}

async function refused(response, expected, unquoted = []) {
  assert.match(response.headers.get('content-type'), /^application\/json/);
  assertRefusal(await response.text(), expected, response, unquoted);
}

/** Sends `raw` bytes as they are and resolves to { status, body } of the answer. */
function rawExchange(url, raw) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let answer = '';
    socket.setTimeout(5000, () => socket.destroy(new Error('no answer')));
    socket.on('data', (chunk) => { answer += chunk; });
    socket.on('error', reject);
    socket.on('close', () => {
      const [head, body] = answer.split('\r\n\r\n');
      resolve({ status: Number(head.split(' ')[1]), head, body });
    });
    socket.write(raw);
  });
}

test('a malformed percent-encoding in the path is a bad_request that does not quote the path', async (t) => {
  const ctx = await setUp(t);
  const paths = [
    `/v1/passthrough/%zz/${SECRET_IN_PATH}`,
    `/v1/connections/%zz${SECRET_IN_PATH}`,
    `/v1/oauth/flows/%E0%A4%A${SECRET_IN_PATH}`,
  ];
  for (const path of paths) {
    const response = await request(`${ctx.url}${path}`, {
      secret: ctx.secret, headers: { 'x-authkit-connection-key': 'conn_x' },
    });
    await refused(response, { status: 400, message: /malformed percent-encoding/ }, [SECRET_IN_PATH, '%zz', '/v1/']);
  }
});

test('a path parameter longer than the router takes is refused in the same shape', async (t) => {
  const ctx = await setUp(t);
  const response = await request(`${ctx.url}/v1/connections/conn_${SECRET_IN_PATH.repeat(20)}`, { secret: ctx.secret });
  await refused(response, { status: 414, message: /too long/ }, [SECRET_IN_PATH]);
});

test('bodies that are not JSON, empty, too large or of another type are refused without being quoted', async (t) => {
  const ctx = await setUp(t);
  const post = (body, contentType = 'application/json') => fetch(`${ctx.url}/v1/connections`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ctx.token}`, 'content-type': contentType },
    body,
    signal: AbortSignal.timeout(5000),
  });
  const cases = [
    [`{"integration":"sandbox-apikey","fields":{"apiKey":"${SECRET_IN_BODY}"`, undefined, 400, /not valid JSON/],
    ['', undefined, 400, /empty/],
    [JSON.stringify({ integration: 'sandbox-apikey', fields: { apiKey: SECRET_IN_BODY.repeat(4000) } }), undefined, 413,
      /too large/],
    [`<fields><apiKey>${SECRET_IN_BODY}</apiKey></fields>`, 'application/xml', 415, /application\/json/],
  ];
  for (const [body, contentType, status, message] of cases) {
    await refused(await post(body, contentType), { status, message }, [SECRET_IN_BODY]);
  }
  assert.deepEqual(await ctx.service.store.listConnections({ projectId: 'demo', environment: 'test' }), [],
    'nothing was stored');

  const valid = await json(await request(`${ctx.url}/v1/connections`, {
    token: ctx.token, body: { integration: 'sandbox-apikey', fields: { apiKey: SECRET_IN_BODY } },
  }));
  assert.equal(valid.status, 201, 'the same route still takes a well-formed body');
});

test('requests Node cannot parse as HTTP get the same shape before the connection closes', async (t) => {
  const ctx = await setUp(t);
  const garbage = await rawExchange(ctx.url, `NOT-HTTP ${SECRET_IN_PATH}\r\n\r\n`);
  assert.match(garbage.head, /content-type: application\/json/i);
  assertRefusal(garbage.body, { status: 400 }, garbage, [SECRET_IN_PATH]);

  const hugeHeaders = await rawExchange(ctx.url,
    `GET /healthz HTTP/1.1\r\nhost: localhost\r\nx-filler: ${SECRET_IN_PATH.repeat(2000)}\r\n\r\n`);
  assertRefusal(hugeHeaders.body, { status: 431, message: /headers are too large/ }, hugeHeaders, [SECRET_IN_PATH]);

  const health = await json(await request(`${ctx.url}/healthz`));
  assert.deepEqual(health.body, { ok: true }, 'the service keeps answering');
});
