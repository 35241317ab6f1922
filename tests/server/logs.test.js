import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import {
  HOST_ORIGIN, baseConfig, cookieOf, oauthIntegration, request, sessionToken, startOAuthProvider, startService,
} from './support.js';

const CANARY_API_KEY = 'canary-api-key-7f3a9c';
const CANARY_ACCESS_TOKEN = 'canary-access-token-51d2e8';
const CANARY_REFRESH_TOKEN = 'canary-refresh-token-a4b6c1';
const CANARY_CLIENT_SECRET = 'canary-client-secret-9e8d7c';

function logBuffer() {
  const chunks = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

test('credentials never reach the logs', async (t) => {
  const provider = await startOAuthProvider(t);
  provider.service.on('beforeResponse', (response) => {
    response.body.access_token = CANARY_ACCESS_TOKEN;
    response.body.refresh_token = CANARY_REFRESH_TOKEN;
  });
  const keyProvider = createServer((req, res) => {
    res.writeHead(req.headers.authorization === `Bearer ${CANARY_API_KEY}` ? 200 : 401).end('{}');
  });
  await new Promise((resolve) => keyProvider.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise((resolve) => keyProvider.close(resolve)));

  const logs = logBuffer();
  const { config, secretKeys } = baseConfig({
    logger: { level: 'trace', stream: logs.stream },
    integrations: {
      'sandbox-oauth': oauthIntegration(provider, { clientSecret: CANARY_CLIENT_SECRET }),
      'sandbox-apikey': {
        name: 'Key', authType: 'api_key',
        api: { baseUrl: `http://127.0.0.1:${keyProvider.address().port}` },
        fields: [{ name: 'apiKey', label: 'API key', type: 'secret' }],
        verify: { path: '/me', credential: { in: 'header', name: 'authorization', format: 'Bearer {apiKey}' } },
      },
    },
  });
  const { url } = await startService(t, config);
  const token = await sessionToken(secretKeys.test);

  // An OAuth flow from start to finish, with its code, state and browser cookie.
  const flow = await (await request(`${url}/v1/oauth/flows`, {
    token, origin: HOST_ORIGIN, body: { integration: 'sandbox-oauth' },
  })).json();
  const authorize = await request(flow.authorizeUrl);
  const cookie = cookieOf(authorize);
  const callbackUrl = new URL((await request(authorize.headers.get('location'))).headers.get('location'));
  assert.equal((await request(callbackUrl, { cookie })).status, 200);
  assert.equal((await request(callbackUrl, { cookie })).status, 409);

  // API keys: refused, accepted, and sent as unparseable JSON.
  assert.equal((await request(`${url}/v1/connections`, {
    token, body: { integration: 'sandbox-apikey', fields: { apiKey: `${CANARY_API_KEY}-wrong` } },
  })).status, 422);
  assert.equal((await request(`${url}/v1/connections`, {
    token, body: { integration: 'sandbox-apikey', fields: { apiKey: CANARY_API_KEY } },
  })).status, 201);
  await fetch(`${url}/v1/connections`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: `{"fields":{"apiKey":"${CANARY_API_KEY}"`,
    signal: AbortSignal.timeout(5000),
  });

  // Management calls with the secret key in both places, and a wrong one.
  await request(`${url}/v1/connections`, { secret: secretKeys.test });
  await request(`${url}/v1/connections`, { headers: { authorization: `Bearer ${secretKeys.test}` } });
  await request(`${url}/v1/connections`, { headers: { authorization: `Bearer ${secretKeys.test}0` } });

  const text = logs.text();
  assert.match(text, /request completed/, 'the logger was on');
  assert.match(text, /oauth flow succeeded/);
  const canaries = {
    'API key': CANARY_API_KEY,
    'access token': CANARY_ACCESS_TOKEN,
    'refresh token': CANARY_REFRESH_TOKEN,
    'client secret': CANARY_CLIENT_SECRET,
    'secret key': secretKeys.test,
    'session token': token,
    'authorization code': callbackUrl.searchParams.get('code'),
    state: callbackUrl.searchParams.get('state'),
    'browser binding cookie': cookie.split('=')[1],
  };
  for (const [name, value] of Object.entries(canaries)) {
    assert.ok(value && value.length > 8, `${name} canary is set`);
    assert.ok(!text.includes(value), `the ${name} appears in the logs`);
  }
});
