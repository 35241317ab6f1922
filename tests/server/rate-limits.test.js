// Rate limits: per session on session-token routes, per identity on credential checks, per state and
// per flow on the OAuth popup's pages (tests/server/http-edge.test.js shows why); 429 rate_limited
// with Retry-After.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig } from '../../server/src/config.js';
import { HOST_ORIGIN, baseConfig, json, request, sessionToken, startService } from './support.js';

const integrations = {
  'sandbox-apikey': { name: 'Key', authType: 'api_key', fields: [{ name: 'apiKey', label: 'API key', type: 'secret' }] },
};

async function setUp(t, rateLimit) {
  const { config, secretKeys } = baseConfig({ integrations });
  config.rateLimit = rateLimit;
  const { url } = await startService(t, config);
  return { url, secret: secretKeys.test };
}

async function statuses(count, send) {
  const results = [];
  for (let index = 0; index < count; index += 1) results.push(await send(index));
  return results;
}

test('a session that calls too often gets 429 rate_limited with Retry-After; other sessions go on', async (t) => {
  const ctx = await setUp(t, { session: { max: 3, windowSeconds: 60 } });
  const busy = await sessionToken(ctx.secret);
  const answers = await statuses(4, () => request(`${ctx.url}/v1/session`, { token: busy, origin: HOST_ORIGIN }));
  assert.deepEqual(answers.map((answer) => answer.status), [200, 200, 200, 429]);
  const limited = await json(answers[3]);
  assert.equal(limited.body.error.code, 'rate_limited');
  const retryAfter = Number(limited.headers.get('retry-after'));
  assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`);
  assert.equal(limited.headers.get('access-control-allow-origin'), HOST_ORIGIN, 'the widget can read why');

  const other = await sessionToken(ctx.secret, { identity: 'user-2' });
  assert.equal((await request(`${ctx.url}/v1/session`, { token: other, origin: HOST_ORIGIN })).status, 200);
  const bad = await request(`${ctx.url}/v1/session`, { token: 'not-a-token', origin: HOST_ORIGIN });
  assert.equal(bad.status, 401, 'authentication is checked first');
});

test('credential checks are limited per identity, across that identity\'s sessions', async (t) => {
  const ctx = await setUp(t, { connect: { max: 2, windowSeconds: 60 } });
  const submit = async (identity) => request(`${ctx.url}/v1/connections`, {
    token: await sessionToken(ctx.secret, { identity }), body: { integration: 'sandbox-apikey', fields: { apiKey: 'some-key-value' } },
  });
  const answers = await statuses(3, () => submit('user-1'));
  assert.deepEqual(answers.map((answer) => answer.status), [201, 201, 429]);
  assert.equal((await json(answers[2])).body.error.code, 'rate_limited');
  assert.equal((await submit('user-2')).status, 201);
  assert.equal((await request(`${ctx.url}/v1/session`, { token: await sessionToken(ctx.secret) })).status, 200,
    'other routes are not affected');
});

test('the OAuth popup pages are limited: a callback repeated with one state gets 429', async (t) => {
  const ctx = await setUp(t, { oauth: { max: 2, windowSeconds: 60 } });
  const answers = await statuses(3, () => request(`${ctx.url}/v1/oauth/callback?state=nothing`));
  assert.deepEqual(answers.map((answer) => answer.status), [400, 400, 429]);
  const limited = await json(answers[2]);
  assert.equal(limited.body.error.code, 'rate_limited');
  assert.ok(Number(limited.headers.get('retry-after')) >= 1);
});

test('rate limits can be switched off, and bad settings are reported by path', () => {
  const { config } = baseConfig({ integrations });
  assert.equal(loadConfig({ ...config, rateLimit: false }).rateLimit, false);
  const defaults = loadConfig(config).rateLimit;
  assert.deepEqual(defaults.connect, { max: 30, windowMs: 60_000 });
  assert.throws(() => loadConfig({ ...config, rateLimit: { session: { max: 0 }, burst: {} } }), (error) => {
    assert.deepEqual(error.issues.map((issue) => issue.path).sort(), ['rateLimit.burst', 'rateLimit.session.max']);
    return true;
  });
});
