// Webhook signatures and delivery: HMAC-SHA256 over timestamp and body, bounded retries.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { verifyWebhook } from '../../server/src/client/index.js';
import { signWebhook } from '../../server/src/webhooks/signature.js';
import { createWebhookSender } from '../../server/src/webhooks/sender.js';
import { startHttpServer } from './helpers.js';

const SECRET = 'whsec_webhook_tests_0123456789abcdef0123';
const connection = {
  key: 'conn_1', projectId: 'demo', environment: 'live', integration: 'x', identity: 'u', identityType: 'user',
  authType: 'api_key', status: 'active', scopes: [], createdAt: '2030-01-01T00:00:00.000Z', updatedAt: '2030-01-01T00:00:00.000Z',
};

test('a signature verifies only with its body, secret and a recent timestamp', () => {
  const body = JSON.stringify({ type: 'connection.created', data: {} });
  const now = () => 1_900_000_000_000;
  const timestamp = 1_900_000_000;
  const signature = signWebhook(body, SECRET, timestamp);
  assert.match(signature, /^t=1900000000,v1=[0-9a-f]{64}$/);
  assert.deepEqual(verifyWebhook({ body, signature, secret: SECRET, now }), JSON.parse(body));
  assert.deepEqual(verifyWebhook({ body: Buffer.from(body), signature, secret: SECRET, now }), JSON.parse(body));
  const refusals = [
    [{ body: body.replace('created', 'deleted') }, 'webhook_signature_invalid'],
    [{ secret: `${SECRET}x` }, 'webhook_signature_invalid'],
    [{ signature: signature.replace('t=1900000000', 't=1900000001') }, 'webhook_signature_invalid'],
    [{ signature: 'garbage' }, 'webhook_signature_invalid'],
    [{ signature: undefined }, 'webhook_signature_invalid'],
    [{ now: () => (timestamp + 301) * 1000 }, 'webhook_too_old'],
  ];
  for (const [change, code] of refusals) {
    assert.throws(() => verifyWebhook({ body, signature, secret: SECRET, now, ...change }), { code });
  }
});

function sender(maxAttempts) {
  return createWebhookSender({ config: { webhooks: { maxAttempts, retryBaseMs: 5, timeoutMs: 2000 } }, now: Date.now });
}

test('a failed delivery is retried, each attempt signed afresh, until it succeeds', async (t) => {
  let answers = [500, 502, 200];
  const receiver = await startHttpServer(t, (req, res) => res.writeHead(answers.shift() ?? 200).end());
  const webhooks = sender(5);
  t.after(() => webhooks.close());
  webhooks.emit({ id: 'demo', webhook: { url: receiver.url, secret: SECRET } }, 'connection.created', connection);
  await webhooks.idle();
  assert.equal(receiver.requests.length, 3);
  const ids = new Set(receiver.requests.map((delivery) => delivery.headers['x-authkit-delivery']));
  assert.equal(ids.size, 1, 'one event, delivered under one id');
  for (const delivery of receiver.requests) {
    const event = verifyWebhook({ body: delivery.body, signature: delivery.headers['x-authkit-signature'], secret: SECRET });
    assert.equal(event.type, 'connection.created');
    assert.equal(delivery.headers['x-authkit-event'], 'connection.created');
    assert.equal(event.environment, 'live');
  }
  answers = [];
});

test('retries are bounded, redirects are not followed, and a project without a webhook sends nothing', async (t) => {
  const elsewhere = await startHttpServer(t, (req, res) => res.writeHead(200).end());
  const failing = await startHttpServer(t, (req, res) => res.writeHead(req.url === '/moved' ? 307 : 500,
    req.url === '/moved' ? { location: `${elsewhere.url}/` } : {}).end());
  const webhooks = sender(3);
  t.after(() => webhooks.close());
  webhooks.emit({ id: 'demo', webhook: { url: `${failing.url}/down`, secret: SECRET } }, 'connection.deleted', connection);
  webhooks.emit({ id: 'demo', webhook: { url: `${failing.url}/moved`, secret: SECRET } }, 'connection.deleted', connection);
  webhooks.emit({ id: 'demo', webhook: null }, 'connection.deleted', connection);
  await webhooks.idle();
  assert.equal(failing.requests.filter((delivery) => delivery.url === '/down').length, 3);
  assert.equal(failing.requests.filter((delivery) => delivery.url === '/moved').length, 3);
  assert.equal(elsewhere.requests.length, 0);
});

test('closing stops pending retries', async (t) => {
  const receiver = await startHttpServer(t, (req, res) => res.writeHead(500).end());
  const webhooks = createWebhookSender({ config: { webhooks: { maxAttempts: 10, retryBaseMs: 600_000, timeoutMs: 2000 } }, now: Date.now });
  webhooks.emit({ id: 'demo', webhook: { url: receiver.url, secret: SECRET } }, 'connection.created', connection);
  while (receiver.requests.length === 0) await new Promise((resolve) => { setTimeout(resolve, 10); });
  await webhooks.close();
  assert.equal(receiver.requests.length, 1, 'the ten-minute pause was cut short and nothing more was sent');
});
