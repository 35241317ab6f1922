// Caps on OAuth flows waiting for their sign-in, through the running service: a host that mints session
// tokens freely (a fresh token for every request, so the per-token rate limit never applies) can
// still not fill the flows table, neither for one identity nor across a project. Only pending,
// unexpired flows count.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig } from '../../server/src/index.js';
import {
  HOST_ORIGIN, baseConfig, createClock, json, request, sessionToken, startService, tempDir,
} from './support.js';

const ELEVEN_MINUTES = 11 * 60 * 1000;
const integrations = {
  'sandbox-oauth': {
    name: 'OAuth', authType: 'oauth2', clientId: 'id', clientSecret: 'secret',
    oauth: { authorizationEndpoint: 'https://p.example/authorize', tokenEndpoint: 'https://p.example/token' },
  },
};

async function setUp(t, flows) {
  const clock = createClock();
  const { config, secretKeys } = baseConfig({ dir: tempDir(t), integrations });
  config.flows = flows;
  const { service, url } = await startService(t, config, { now: clock.now });
  return { clock, service, url, secretKeys };
}

/** Starts a flow as the widget does, with a token minted for this one request. */
async function startFlow(ctx, { identity = 'user-1', secretKey = ctx.secretKeys.test } = {}) {
  const token = await sessionToken(secretKey, { identity });
  const response = await request(`${ctx.url}/v1/oauth/flows`, { token, origin: HOST_ORIGIN, body: { integration: 'sandbox-oauth' } });
  return { ...(await json(response)), headers: response.headers };
}

function assertRefused(answer, wording) {
  assert.equal(answer.status, 429, JSON.stringify(answer.body));
  assert.equal(answer.body.error.code, 'too_many_pending_flows');
  assert.match(answer.body.error.message, wording);
  assert.match(answer.body.error.message, /Finish or close the open sign-in windows, then try again in a few minutes\./);
  const retryAfter = Number(answer.headers.get('retry-after'));
  assert.ok(retryAfter >= 1 && retryAfter <= 600, `Retry-After ${retryAfter}: when the oldest open flow expires at the latest`);
  assert.equal(answer.headers.get('access-control-allow-origin'), HOST_ORIGIN, 'the widget can read the answer');
}

test('attack: a host minting tokens freely cannot create unbounded pending flows for one identity', async (t) => {
  const ctx = await setUp(t, { maxPendingPerIdentity: 3 });
  const started = [];
  for (let index = 0; index < 3; index += 1) {
    const answer = await startFlow(ctx);
    assert.equal(answer.status, 201, JSON.stringify(answer.body));
    started.push(answer.body.flowId);
  }
  for (let attempt = 0; attempt < 5; attempt += 1) assertRefused(await startFlow(ctx), /already open for this account/);
  assert.equal((await ctx.service.store.countPendingFlows({
    projectId: 'demo', environment: 'test', identityType: 'user', identity: 'user-1',
  })).count, 3, 'no refused request left a flow behind');

  assert.equal((await startFlow(ctx, { identity: 'user-2' })).status, 201, 'another identity is not held back');
  await ctx.service.store.failFlow(started[0], { code: 'oauth_denied', message: 'Denied.' });
  assert.equal((await startFlow(ctx)).status, 201, 'a flow that ended frees its place');
});

test('attack: a host minting tokens freely cannot create unbounded pending flows in one project', async (t) => {
  const ctx = await setUp(t, { maxPendingPerIdentity: 2, maxPendingPerProject: 5 });
  for (let index = 0; index < 5; index += 1) {
    const answer = await startFlow(ctx, { identity: `user-${index}` });
    assert.equal(answer.status, 201, JSON.stringify(answer.body));
  }
  for (let index = 5; index < 10; index += 1) {
    assertRefused(await startFlow(ctx, { identity: `user-${index}` }), /open in this app right now/);
  }
  const live = await startFlow(ctx, { identity: 'user-0', secretKey: ctx.secretKeys.live });
  assert.equal(live.status, 201, 'each environment of a project has its own count');
});

test('expired flows stop counting at once, and the sweep ends them', async (t) => {
  const ctx = await setUp(t, { maxPendingPerIdentity: 2 });
  ctx.clock.shift(-ELEVEN_MINUTES); // these two start eleven minutes "ago"
  for (let index = 0; index < 2; index += 1) assert.equal((await startFlow(ctx)).status, 201);
  assertRefused(await startFlow(ctx), /already open for this account/);
  ctx.clock.reset();

  assert.equal((await startFlow(ctx)).status, 201, 'expired, they no longer count, swept or not');
  assert.equal((await ctx.service.flowSweeper.runOnce()).expired, 2);
  const owner = { projectId: 'demo', environment: 'test', identityType: 'user', identity: 'user-1' };
  assert.equal((await ctx.service.store.countPendingFlows(owner)).count, 1);
  assert.equal((await startFlow(ctx)).status, 201);
  assertRefused(await startFlow(ctx), /already open for this account/);
});

test('the limits are settings with checked values', () => {
  const { config } = baseConfig({ integrations });
  assert.deepEqual(
    [loadConfig(config).flows.maxPendingPerIdentity, loadConfig(config).flows.maxPendingPerProject], [10, 1000], 'defaults');
  config.flows = { maxPendingPerIdentity: 0, maxPendingPerProject: 'many' };
  assert.throws(() => loadConfig(config), (error) => {
    assert.deepEqual(error.issues.map(({ path }) => path), ['flows.maxPendingPerIdentity', 'flows.maxPendingPerProject']);
    assert.match(error.message, /flows\.maxPendingPerIdentity: must be a whole number between 1 and 1000/);
    return true;
  });
});
