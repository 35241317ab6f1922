// An OAuth flow that asks for fields first (a tenant, a region, an extra secret): the values are
// checked, kept encrypted with the flow, fill the provider's URLs, and end up with the connection,
// secret ones only inside its encrypted credentials.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import {
  HOST_ORIGIN, baseConfig, json, launchFlow, oauthIntegration, request, sessionToken, startOAuthProvider, startService,
  tempDir,
} from './support.js';

const SECRET_VALUE = 'tok-secret-4711';

async function setUp(t) {
  const provider = await startOAuthProvider(t);
  const dir = tempDir(t);
  const issuer = provider.issuer.url;
  const { config, secretKeys } = baseConfig({
    dir,
    integrations: {
      'tenant-oauth': oauthIntegration(provider, {
        fields: [
          { name: 'tenant', label: 'Tenant', type: 'subdomain', required: true },
          { name: 'region', label: 'Region', type: 'select', required: true, options: [{ value: 'us', label: 'US' }, { value: 'eu', label: 'EU' }] },
          { name: 'apiToken', label: 'Extra token', type: 'secret', required: true },
        ],
        oauth: {
          authorizationEndpoint: `${issuer}/authorize?tenant={tenant}`,
          tokenEndpoint: `${issuer}/token?tenant={tenant}&region={region}`,
        },
      }),
      'plain-oauth': oauthIntegration(provider),
    },
  });
  const { service, url } = await startService(t, config);
  const token = await sessionToken(secretKeys.test);
  const db = new Database(`${dir}/authkit.sqlite`);
  t.after(() => db.close());
  return { provider, service, url, token, db };
}

const start = (ctx, body) => request(`${ctx.url}/v1/oauth/flows`, { token: ctx.token, origin: HOST_ORIGIN, body }).then(json);

async function finish(ctx, flow) {
  const authorize = await launchFlow(flow);
  assert.equal(authorize.status, 200, authorize.html);
  const { providerUrl } = authorize;
  const callbackUrl = (await request(providerUrl)).headers.get('location');
  const callback = await request(callbackUrl, { cookie: authorize.cookie });
  assert.equal(callback.status, 200, await callback.text());
  const status = await json(await request(`${ctx.url}/v1/oauth/flows/${flow.flowId}`, { token: ctx.token, origin: HOST_ORIGIN }));
  assert.equal(status.body.status, 'succeeded', JSON.stringify(status.body));
  return { providerUrl, connection: status.body.connection };
}

test('fields are checked before a flow starts', async (t) => {
  const ctx = await setUp(t);
  let result = await start(ctx, { integration: 'tenant-oauth', fields: { tenant: 'acme', region: 'mars' } });
  assert.equal(result.status, 422);
  assert.deepEqual(result.body.error.fields, {
    region: 'Must be one of the listed options.', apiToken: 'This field is required.',
  });
  result = await start(ctx, { integration: 'tenant-oauth', fields: { tenant: 'a.b', region: 'eu', apiToken: 'x', more: 1 } });
  assert.equal(result.status, 422);
  assert.deepEqual(Object.keys(result.body.error.fields).sort(), ['more', 'tenant']);
  result = await start(ctx, { integration: 'tenant-oauth', fields: 'acme' });
  assert.equal(result.status, 400);
  result = await start(ctx, { integration: 'plain-oauth', fields: { anything: 'x' } });
  assert.equal(result.status, 422, 'an integration without fields takes none');
  assert.equal(ctx.db.prepare('SELECT COUNT(*) FROM oauth_flows').pluck().get(), 0, 'no flow was stored');
});

test('the values fill the provider URLs and stay with the connection, secrets encrypted', async (t) => {
  const ctx = await setUp(t);
  let tokenRequestUrl;
  ctx.provider.service.once('beforeResponse', (response, req) => {
    tokenRequestUrl = req.url;
  });
  const created = await start(ctx, { integration: 'tenant-oauth', fields: { tenant: 'acme', region: 'eu', apiToken: SECRET_VALUE } });
  assert.equal(created.status, 201);

  const row = ctx.db.prepare('SELECT * FROM oauth_flows WHERE id = ?').get(created.body.flowId);
  assert.ok(row.fields_ciphertext.length > 0 && row.fields_key_id === 'k1', 'the values are sealed with the current key');
  assert.ok(!row.fields_ciphertext.toString('latin1').includes(SECRET_VALUE));
  assert.ok(!JSON.stringify(row).includes('acme'), 'not even the non-secret values are stored in the clear');
  assert.deepEqual(await ctx.service.store.readFlowFields(created.body.flowId), { tenant: 'acme', region: 'eu', apiToken: SECRET_VALUE });

  const { providerUrl, connection } = await finish(ctx, created.body);
  assert.equal(providerUrl.searchParams.get('tenant'), 'acme');
  assert.ok(!providerUrl.href.includes(SECRET_VALUE), 'a secret never goes into a URL');
  assert.equal(new URL(tokenRequestUrl, 'http://x').search, '?tenant=acme&region=eu');

  assert.deepEqual(connection.fields, { tenant: 'acme', region: 'eu' }, 'the record shows non-secret values only');
  const credentials = ctx.service.store.readCredentials(connection.key);
  assert.deepEqual(credentials.fields, { tenant: 'acme', region: 'eu', apiToken: SECRET_VALUE });
  const ended = ctx.db.prepare('SELECT * FROM oauth_flows WHERE id = ?').get(created.body.flowId);
  assert.equal(ended.fields_ciphertext, null, 'a finished flow keeps no field values');
  assert.equal(ended.verifier_ciphertext, null);

  const listed = await json(await request(`${ctx.url}/v1/session`, { token: ctx.token, origin: HOST_ORIGIN }));
  assert.ok(!JSON.stringify(listed.body).includes(SECRET_VALUE));
});

test('sealed flow fields are bound to their flow', async (t) => {
  const ctx = await setUp(t);
  const fields = { tenant: 'acme', region: 'us', apiToken: SECRET_VALUE };
  const first = await start(ctx, { integration: 'tenant-oauth', fields });
  const second = await start(ctx, { integration: 'tenant-oauth', fields: { ...fields, tenant: 'other' } });
  ctx.db.prepare(`UPDATE oauth_flows SET (fields_key_id, fields_iv, fields_ciphertext, fields_tag) =
    (SELECT fields_key_id, fields_iv, fields_ciphertext, fields_tag FROM oauth_flows WHERE id = @from) WHERE id = @to`)
    .run({ from: first.body.flowId, to: second.body.flowId });
  assert.throws(() => ctx.service.store.readFlowFields(second.body.flowId), { code: 'decryption_failed' });
  // A flow whose fields cannot be read fails instead of signing in somewhere unexpected.
  const page = await launchFlow(second.body);
  assert.equal(page.status, 400);
  assert.match(page.html, /oauth_failed/);
});

test('token responses with a non-standard token_type still connect', async (t) => {
  const ctx = await setUp(t);
  for (const [change, expected] of [[(body) => { body.token_type = 'bot'; }, 'bot'], [(body) => { delete body.token_type; }, 'bearer']]) {
    ctx.provider.service.once('beforeResponse', (response) => change(response.body));
    const created = await start(ctx, { integration: 'plain-oauth' });
    const { connection } = await finish(ctx, created.body);
    assert.equal(ctx.service.store.readCredentials(connection.key).tokenType, expected);
  }
});
