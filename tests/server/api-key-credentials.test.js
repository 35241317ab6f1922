// How an API-key credential travels to the provider's check: a header, a query parameter or basic
// authentication, with the definition's fixed headers and a path filled from the fields.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { test } from 'node:test';
import { HOST_ORIGIN, baseConfig, json, request, sessionToken, startService } from './support.js';

const SID = `AC${'a1'.repeat(16)}`;
const TOKEN = 'auth-token-secret-1234';

async function startProvider(t) {
  const seen = [];
  const server = createServer((req, res) => {
    seen.push({ url: req.url, headers: req.headers });
    const basic = `Basic ${Buffer.from(`${SID}:${TOKEN}`).toString('base64')}`;
    const accepted = (req.url === `/2010-04-01/Accounts/${SID}.json` && req.headers.authorization === basic)
      || req.url === `/v1/users/me?api_token=${encodeURIComponent(TOKEN)}`
      || (req.url === '/v1/models' && req.headers['x-api-key'] === `sk-ant-${TOKEN}` && req.headers['anthropic-version'] === '2023-06-01');
    res.writeHead(accepted ? 200 : 401, { 'content-type': 'application/json' }).end('{}');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise((resolve) => {
    server.closeAllConnections();
    server.close(resolve);
  }));
  return { seen, baseUrl: `http://127.0.0.1:${server.address().port}` };
}

async function setUp(t) {
  const provider = await startProvider(t);
  // Built-in definitions pointed at the local provider: only their base URL changes.
  const { config, secretKeys } = baseConfig({ enabled: ['twilio', 'pipedrive', 'anthropic'] });
  config.integrations = {
    twilio: { api: { baseUrl: provider.baseUrl } },
    pipedrive: { api: { baseUrl: `${provider.baseUrl}/v1` } },
    anthropic: { api: { baseUrl: provider.baseUrl } },
  };
  const { service, url } = await startService(t, config);
  const token = await sessionToken(secretKeys.test);
  const connect = (integration, fields) => request(`${url}/v1/connections`, { token, origin: HOST_ORIGIN, body: { integration, fields } })
    .then(json);
  return { provider, service, connect };
}

test('basic authentication from two fields, with a field in the verify path', async (t) => {
  const ctx = await setUp(t);
  const result = await ctx.connect('twilio', { accountSid: SID, authToken: TOKEN });
  assert.equal(result.status, 201, JSON.stringify(result.body));
  assert.deepEqual(result.body.connection.fields, { accountSid: SID }, 'the SID is shown, the token never');
  assert.ok(!JSON.stringify(result.body).includes(TOKEN));
  assert.deepEqual(ctx.service.store.readCredentials(result.body.connection.key), { accountSid: SID, authToken: TOKEN });

  const refused = await ctx.connect('twilio', { accountSid: SID, authToken: 'wrong-token' });
  assert.equal(refused.status, 422);
  assert.deepEqual(refused.body.error.fields, {
    accountSid: 'The provider did not accept this value.', authToken: 'The provider did not accept this value.',
  });
});

test('a credential in a query parameter, and fixed headers next to a header credential', async (t) => {
  const ctx = await setUp(t);
  assert.equal((await ctx.connect('pipedrive', { apiToken: TOKEN })).status, 201);
  assert.equal((await ctx.connect('anthropic', { apiKey: `sk-ant-${TOKEN}` })).status, 201);
  assert.equal(ctx.provider.seen.at(-1).headers['anthropic-version'], '2023-06-01');
  assert.equal(ctx.provider.seen.at(-1).headers['x-api-key'], `sk-ant-${TOKEN}`);
});

test('values that cannot travel in a request are refused without asking the provider', async (t) => {
  const ctx = await setUp(t);
  const result = await ctx.connect('anthropic', { apiKey: 'sk-ant-ключ' });
  assert.equal(result.status, 422);
  assert.equal(result.body.error.code, 'invalid_credentials');
  assert.equal(ctx.provider.seen.length, 0);
});
