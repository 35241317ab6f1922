// Webhook signatures and delivery: HMAC-SHA256 over timestamp and body, secrets strong enough to
// mean something (two while changing them), bounded and jittered retries, limited concurrency.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { verifyWebhook } from '../../server/src/client/index.js';
import { loadConfig } from '../../server/src/config.js';
import { signWebhook } from '../../server/src/webhooks/signature.js';
import { createWebhookSender } from '../../server/src/webhooks/sender.js';
import { generateSecretKey } from '../../server/src/token.js';
import { startHttpServer } from './helpers.js';

const SECRET = 'whsec_webhook_tests_0123456789abcdef0123';
const PREVIOUS_SECRET = 'whsec_previous_secret_0123456789abcdef01';
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

// An event as an attacker would write it, and the current time for the verifier.
const forgedBody = JSON.stringify({ id: 'evt_forged', type: 'connection.deleted', data: { connection: { key: 'conn_1' } } });
const atSigningTime = () => 1_900_000_000_000;

test('attack: a forged event signed with an empty secret is refused', () => {
  // A receiver whose secret variable is unset ends up passing '' (e.g. `process.env.X ?? ''`);
  // an HMAC under the empty key is one anybody can compute.
  const signature = signWebhook(forgedBody, '', 1_900_000_000);
  assert.throws(() => verifyWebhook({ body: forgedBody, signature, secret: '', now: atSigningTime }),
    { code: 'webhook_secret_invalid' });
});

test('attack: a forged event signed with a short, guessable secret is refused', () => {
  for (const secret of ['secret', 'whsec_0123456789abcdef012345678']) {
    const signature = signWebhook(forgedBody, secret, 1_900_000_000);
    assert.throws(() => verifyWebhook({ body: forgedBody, signature, secret, now: atSigningTime }),
      { code: 'webhook_secret_invalid', message: /at least 32 characters/ });
    assert.throws(() => verifyWebhook({ body: forgedBody, signature, secret: [SECRET, secret], now: atSigningTime }),
      { code: 'webhook_secret_invalid' }, 'a weak previous secret is refused as well');
  }
});

test('attack: a replayed old event is refused when toleranceSeconds is not a number', () => {
  // A year-old delivery, replayed by someone who recorded it; the receiver read its tolerance
  // from an unset variable (Number(undefined) is NaN).
  const signature = signWebhook(forgedBody, SECRET, 1_900_000_000 - 365 * 86_400);
  assert.throws(() => verifyWebhook({ body: forgedBody, signature, secret: SECRET, now: atSigningTime, toleranceSeconds: NaN }),
    { code: 'webhook_tolerance_invalid' });
});

test('a missing or unusable secret, a parsed body or no options give coded errors, not TypeErrors', () => {
  const signature = signWebhook(forgedBody, SECRET, 1_900_000_000);
  const secretRefusals = [undefined, null, 42, Buffer.from(SECRET), [], [SECRET, PREVIOUS_SECRET, `${SECRET}2`], [SECRET, undefined]];
  for (const secret of secretRefusals) {
    assert.throws(() => verifyWebhook({ body: forgedBody, signature, secret, now: atSigningTime }), (error) => {
      assert.ok(!(error instanceof TypeError), `${error.name}: ${error.message}`);
      assert.equal(error.code, 'webhook_secret_invalid');
      assert.match(error.message, /webhook secret/);
      return true;
    });
  }
  assert.throws(() => verifyWebhook(), { code: 'webhook_secret_invalid' });
  assert.throws(() => verifyWebhook({ body: JSON.parse(forgedBody), signature, secret: SECRET, now: atSigningTime }),
    { code: 'webhook_body_invalid', message: /exactly as received/ });
  assert.throws(() => verifyWebhook({ body: forgedBody, signature, secret: SECRET, now: atSigningTime, toleranceSeconds: '300' }),
    { code: 'webhook_tolerance_invalid' });
  const asBytes = new TextEncoder().encode(forgedBody);
  assert.equal(verifyWebhook({ body: asBytes, signature, secret: SECRET, now: atSigningTime }).id, 'evt_forged');
  for (const garbled of ['t=,v1=', `t=1e9,v1=${'0'.repeat(64)}`, `t=1900000000,v1=${'0'.repeat(63)}`, 't=1900000000', 42]) {
    assert.throws(() => verifyWebhook({ body: forgedBody, signature: garbled, secret: SECRET, now: atSigningTime }),
      { code: 'webhook_signature_invalid' });
  }
});

test('while the secret changes, a delivery signed with the current or the previous one verifies', async (t) => {
  const body = JSON.stringify({ id: 'evt_1', type: 'connection.created', data: {} });
  const both = [SECRET, PREVIOUS_SECRET];
  for (const signedWith of both) {
    const signature = signWebhook(body, signedWith, 1_900_000_000);
    assert.equal(verifyWebhook({ body, signature, secret: both, now: atSigningTime }).id, 'evt_1');
  }
  const stranger = signWebhook(body, 'whsec_some_other_project_0123456789abcdef', 1_900_000_000);
  assert.throws(() => verifyWebhook({ body, signature: stranger, secret: both, now: atSigningTime }),
    { code: 'webhook_signature_invalid' });
  const late = signWebhook(body, PREVIOUS_SECRET, 1_900_000_000 - 301);
  assert.throws(() => verifyWebhook({ body, signature: late, secret: both, now: atSigningTime }), { code: 'webhook_too_old' });

  // The service signs with its one configured secret; a receiver still accepting the old one too takes it.
  const receiver = await startHttpServer(t, (req, res) => res.writeHead(200).end());
  const webhooks = sender(1);
  t.after(() => webhooks.close());
  webhooks.emit({ id: 'demo', webhook: { url: receiver.url, secret: SECRET } }, 'connection.created', connection);
  await webhooks.idle();
  const [delivery] = receiver.requests;
  const event = verifyWebhook({ body: delivery.body, signature: delivery.headers['x-authkit-signature'], secret: [PREVIOUS_SECRET, SECRET] });
  assert.equal(event.type, 'connection.created');
});

test('webhooks.concurrency defaults to 4 and is bounded, and a short webhook secret is refused by path', () => {
  const config = {
    database: { sqlite: ':memory:' },
    encryptionKeys: [{ id: 'k1', key: Buffer.alloc(32, 7).toString('base64') }],
    projects: [{ id: 'demo', secretKeys: [generateSecretKey('test')], allowedOrigins: ['https://app.example.com'], integrations: [] }],
  };
  assert.equal(loadConfig(config).webhooks.concurrency, 4);
  assert.equal(loadConfig({ ...config, webhooks: { concurrency: 16 } }).webhooks.concurrency, 16);
  for (const concurrency of [0, 65, 2.5, '4']) {
    assert.throws(() => loadConfig({ ...config, webhooks: { concurrency } }),
      { code: 'invalid_config', issues: [{ path: 'webhooks.concurrency', message: 'must be a whole number between 1 and 64' }] });
  }
  const withSecret = (secret) => ({ ...config, projects: [{ ...config.projects[0], webhook: { url: 'https://app.example.com/hooks', secret } }] });
  for (const secret of ['', 'x'.repeat(31)]) {
    assert.throws(() => loadConfig(withSecret(secret)), { code: 'invalid_config', issues: [
      { path: 'projects[0].webhook.secret', message: 'must be a random string of at least 32 characters' }] });
  }
});

/** A receiver that answers each request after `holdMs` and counts how many it holds at once. */
async function countingReceiver(t, { holdMs, status = () => 200 }) {
  const counts = { inFlight: 0, most: 0 };
  const receiver = await startHttpServer(t, (req, res) => {
    counts.inFlight += 1;
    counts.most = Math.max(counts.most, counts.inFlight);
    setTimeout(() => {
      counts.inFlight -= 1;
      res.writeHead(status(req)).end();
    }, holdMs);
  });
  return { receiver, counts };
}

test('a burst of events reaches a receiver at most webhooks.concurrency at a time, and every one arrives', async (t) => {
  const attemptsSeen = new Map();
  // Every event's first attempt fails, so retries queue up behind first attempts too.
  const { receiver, counts } = await countingReceiver(t, { holdMs: 30, status: (req) => {
    const id = req.headers['x-authkit-delivery'];
    attemptsSeen.set(id, (attemptsSeen.get(id) ?? 0) + 1);
    return attemptsSeen.get(id) === 1 ? 503 : 200;
  } });
  const other = await countingReceiver(t, { holdMs: 30 });
  const webhooks = createWebhookSender({
    config: { webhooks: { maxAttempts: 3, retryBaseMs: 5, timeoutMs: 5000, concurrency: 3 } }, now: Date.now,
  });
  t.after(() => webhooks.close());
  const project = { id: 'demo', webhook: { url: `${receiver.url}/hooks`, secret: SECRET } };
  const otherProject = { id: 'other', webhook: { url: `${other.receiver.url}/hooks`, secret: SECRET } };
  const bulk = 24;
  for (let index = 0; index < bulk; index += 1) {
    webhooks.emit(project, 'connection.deleted', { ...connection, key: `conn_${index}` });
    webhooks.emit(otherProject, 'connection.deleted', { ...connection, key: `conn_${index}` });
  }
  await webhooks.idle();

  assert.equal(counts.most, 3, 'never more than the limit in flight, and the limit was used');
  assert.equal(other.counts.most, 3, 'each URL has its own limit');
  assert.equal(receiver.requests.length, bulk * 2, 'one failed and one successful attempt per event');
  const delivered = new Set(receiver.requests.map((delivery) => {
    const event = verifyWebhook({ body: delivery.body, signature: delivery.headers['x-authkit-signature'], secret: SECRET });
    return event.data.connection.key;
  }));
  assert.equal(delivered.size, bulk, 'no event was lost in the queue');
  assert.equal(other.receiver.requests.length, bulk);
});

test('retry pauses are jittered: between half and all of the doubled pause, drawn afresh each time', async (t) => {
  const receiver = await startHttpServer(t, (req, res) => res.writeHead(500).end());
  const draws = [0, 0.999_999, 0.5];
  const webhooks = createWebhookSender({
    config: { webhooks: { maxAttempts: 4, retryBaseMs: 100, timeoutMs: 2000, concurrency: 4 } },
    now: Date.now,
    random: () => draws.shift(),
  });
  t.after(() => webhooks.close());
  const pauses = [];
  const log = { info() {}, error() {}, warn: (fields) => pauses.push(fields.retryInMs) };
  webhooks.emit({ id: 'demo', webhook: { url: receiver.url, secret: SECRET } }, 'connection.created', connection, log);
  await webhooks.idle();
  // Ceilings 100, 200 and 400 ms; the last failure has no pause after it.
  assert.deepEqual(pauses, [50, 200, 300, undefined]);
  assert.equal(receiver.requests.length, 4);
});

test('events that failed together are retried at different moments', async (t) => {
  const secondAttemptAt = new Map();
  const receiver = await startHttpServer(t, (req, res) => {
    const id = req.headers['x-authkit-delivery'];
    if (secondAttemptAt.has(id)) secondAttemptAt.set(id, performance.now());
    else secondAttemptAt.set(id, null);
    res.writeHead(503).end();
  });
  const webhooks = createWebhookSender({
    config: { webhooks: { maxAttempts: 2, retryBaseMs: 600, timeoutMs: 2000, concurrency: 8 } }, now: Date.now,
  });
  t.after(() => webhooks.close());
  for (let index = 0; index < 8; index += 1) {
    webhooks.emit({ id: 'demo', webhook: { url: receiver.url, secret: SECRET } }, 'connection.deleted', { ...connection, key: `conn_${index}` });
  }
  await webhooks.idle();
  const times = [...secondAttemptAt.values()];
  assert.equal(times.length, 8);
  assert.ok(times.every((time) => time !== null), 'every event was retried');
  // Pauses are drawn from 300 to 600 ms: eight of them falling within 40 ms of each other is
  // about as likely as a one-in-a-hundred-thousand event; without jitter they all land together.
  const spread = Math.max(...times) - Math.min(...times);
  assert.ok(spread > 40, `second attempts spread over ${spread.toFixed(1)} ms`);
});

test('closing drops the deliveries still waiting for their turn, without waiting out a pause', async (t) => {
  const receiver = await startHttpServer(t, () => {}); // never answers
  const webhooks = createWebhookSender({
    config: { webhooks: { maxAttempts: 3, retryBaseMs: 600_000, timeoutMs: 60_000, concurrency: 1 } }, now: Date.now,
  });
  for (let index = 0; index < 5; index += 1) {
    webhooks.emit({ id: 'demo', webhook: { url: receiver.url, secret: SECRET } }, 'connection.deleted', { ...connection, key: `conn_${index}` });
  }
  for (let wait = 0; wait < 200 && receiver.requests.length === 0; wait += 1) {
    await new Promise((resolve) => { setTimeout(resolve, 10); });
  }
  const closingStarted = performance.now();
  await webhooks.close();
  await webhooks.idle();
  // The attempt in flight is cut by closing; the pause that would follow it (a minute) is not taken.
  assert.ok(performance.now() - closingStarted < 5000, 'closing ended promptly');
  assert.equal(receiver.requests.length, 1, 'the four waiting in line were not sent after closing');
});
