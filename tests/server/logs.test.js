// Canary credentials through every route, the OAuth popup (code, state, browser cookie, a replayed
// callback), passthrough, refresh (successful, failing and refused), revocation, webhooks and
// requests the framework refuses, with the logger at its most talkative: none may appear in the
// logs, even where the provider echoes them back in its answers.
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { createClient } from '../../server/src/client/index.js';
import { passthrough, startHttpServer } from './helpers.js';
import {
  HOST_ORIGIN, baseConfig, createClock, launchFlow, oauthIntegration, request, sessionToken, startOAuthProvider,
  startService,
} from './support.js';

const CANARY = {
  accessToken: 'canary-access-token-4b1e9f',
  refreshToken: 'canary-refresh-token-7c2d10',
  rotatedAccessToken: 'canary-rotated-access-9a8b7c',
  rotatedRefreshToken: 'canary-rotated-refresh-3e4f5a',
  apiKey: 'canary-api-key-d41d8c',
  clientSecret: 'canary-client-secret-0f1e2d',
  webhookSecret: 'canary-webhook-secret-0123456789abcdef01',
};

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

/** The popup's flow with plain requests, replaying the callback once; returns what the browser saw. */
async function connectWithOAuthAndReplay(url, token) {
  const flow = await (await request(`${url}/v1/oauth/flows`, {
    token, origin: HOST_ORIGIN, body: { integration: 'sandbox-oauth' },
  })).json();
  const { cookie, providerUrl } = await launchFlow(flow);
  const callbackUrl = new URL((await request(providerUrl)).headers.get('location'));
  assert.equal((await request(callbackUrl, { cookie })).status, 200);
  assert.equal((await request(callbackUrl, { cookie })).status, 409);
  const status = await (await request(`${url}/v1/oauth/flows/${flow.flowId}`, { token, origin: HOST_ORIGIN })).json();
  return {
    connection: status.connection,
    code: callbackUrl.searchParams.get('code'),
    state: callbackUrl.searchParams.get('state'),
    browserBinding: cookie.split('=')[1],
  };
}

test('no credential reaches the logs on any route', async (t) => {
  const provider = await startOAuthProvider(t);
  const refreshAnswers = [];
  provider.service.on('beforeResponse', (response, req) => {
    if (req.body.grant_type === 'authorization_code') {
      response.body.access_token = CANARY.accessToken;
      response.body.refresh_token = CANARY.refreshToken;
      return;
    }
    const answer = refreshAnswers.shift() ?? 'ok';
    // Failing answers quote the refresh token back, as some providers do.
    if (answer === 'ok') {
      response.body.access_token = CANARY.rotatedAccessToken;
      response.body.refresh_token = CANARY.rotatedRefreshToken;
    } else {
      response.statusCode = answer === '500' ? 500 : 400;
      response.body = {
        error: answer === '500' ? 'server_error' : 'invalid_grant',
        error_description: `cannot use ${req.body.refresh_token}`,
      };
    }
  });
  // The provider's API echoes the credentials it gets, in its body and its headers.
  const api = await startHttpServer(t, (req, res) => {
    if (req.url.startsWith('/me') && req.headers['x-key'] && req.headers['x-key'] !== CANARY.apiKey) {
      res.writeHead(401).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json', 'x-echo': String(req.headers.authorization ?? req.headers['x-key']) })
      .end(JSON.stringify({ seen: req.headers.authorization ?? req.headers['x-key'] }));
  });
  const hooks = await startHttpServer(t, (req, res) => res.writeHead(200).end());

  const logs = logBuffer();
  const clock = createClock();
  const { config, secretKeys } = baseConfig({
    logger: { level: 'trace', stream: logs.stream },
    integrations: {
      'sandbox-oauth': oauthIntegration(provider, {
        clientSecret: CANARY.clientSecret, api: { baseUrl: api.url },
        oauth: { revocationEndpoint: `${provider.issuer.url}/revoke` },
      }),
      'sandbox-apikey': {
        name: 'Key', authType: 'api_key', api: { baseUrl: api.url, credential: { in: 'header', name: 'x-key', format: '{apiKey}' } },
        fields: [{ name: 'apiKey', label: 'API key', type: 'secret' }],
        verify: { path: '/me' },
      },
    },
  });
  config.projects[0].webhook = { url: `${hooks.url}/hooks`, secret: CANARY.webhookSecret };
  config.refresh = { worker: false };
  config.rateLimit = { session: { max: 8, windowSeconds: 60 } };
  const { service, url } = await startService(t, config, { now: clock.now });
  const secret = secretKeys.test;
  const token = await sessionToken(secret);
  const client = createClient({ baseUrl: url, secretKey: secret });

  // Session-token routes: an OAuth flow, API keys refused and accepted (then reconnected), bodies the
  // framework refuses (not JSON, too large), and a session that goes over its rate limit.
  const popup = await connectWithOAuthAndReplay(url, token);
  const oauthConnection = popup.connection;
  await request(`${url}/v1/connections`, { token, body: { integration: 'sandbox-apikey', fields: { apiKey: `${CANARY.apiKey}-x` } } });
  const apiKeyConnection = (await (await request(`${url}/v1/connections`, {
    token, body: { integration: 'sandbox-apikey', fields: { apiKey: CANARY.apiKey } },
  })).json()).connection;
  await request(`${url}/v1/connections`, {
    token, body: { integration: 'sandbox-apikey', fields: { apiKey: CANARY.apiKey }, connectionKey: apiKeyConnection.key },
  });
  await fetch(`${url}/v1/connections`, {
    method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: `{"fields":{"apiKey":"${CANARY.apiKey}"`, signal: AbortSignal.timeout(5000),
  });
  await request(`${url}/v1/connections`, {
    token, body: { integration: 'sandbox-apikey', fields: { apiKey: CANARY.apiKey.repeat(5000) } },
  });
  const sessionStatuses = [];
  for (let index = 0; index < 4; index += 1) sessionStatuses.push((await request(`${url}/v1/session`, { token })).status);
  assert.equal(sessionStatuses.at(-1), 429, 'the session went over its rate limit');

  // Passthrough with both kinds of credential, refused paths, and a caller's own query secret.
  await (await passthrough(url, secret, oauthConnection.key, '/data')).text();
  await (await passthrough(url, secret, apiKeyConnection.key, `/data?api_key=${CANARY.apiKey}`)).text();
  await (await passthrough(url, secret, apiKeyConnection.key, '/%2e%2e/admin')).text();
  await (await passthrough(url, secret, apiKeyConnection.key, `/%zz?api_key=${CANARY.apiKey}`)).text();

  // Refresh: forced (rotating both tokens), then on demand with the provider failing, then by the
  // worker with the grant refused.
  await client.refreshConnection(oauthConnection.key);
  clock.shift(2 * 60 * 60 * 1000);
  refreshAnswers.push('500', 'invalid_grant');
  await (await passthrough(url, secret, oauthConnection.key, '/data')).text();
  clock.shift(60 * 1000);
  await service.refreshWorker.runOnce({ log: service.app.log });

  // Management: both ways of presenting the key, a wrong key, a delete with revocation.
  await client.listConnections();
  await request(`${url}/v1/connections/${apiKeyConnection.key}`, { secret });
  await request(`${url}/v1/connections`, { headers: { authorization: `Bearer ${secret}` } });
  await request(`${url}/v1/connections`, { headers: { authorization: `Bearer ${secret}0` } });
  await client.deleteConnection(apiKeyConnection.key);
  await service.store.saveConnection({
    projectId: 'demo', environment: 'test', identity: 'user-9', identityType: 'user', integration: 'sandbox-oauth',
    authType: 'oauth2', scopes: [], credentials: { accessToken: CANARY.accessToken, refreshToken: CANARY.refreshToken },
  });
  const [revocable] = await client.listConnections({ identity: 'user-9' });
  await client.deleteConnection(revocable.key);
  await service.webhooks.idle();

  const text = logs.text();
  for (const expected of ['request completed', 'oauth flow succeeded', 'api key connection saved', 'passthrough answered',
    'token refreshed', 'token refresh failed', 'the provider refused the refresh token', 'grant revoked at the provider',
    'webhook delivered']) {
    assert.ok(text.includes(expected), `the logs mention "${expected}"`);
  }
  assert.ok(hooks.requests.length >= 4, 'webhooks were sent');
  const canaries = {
    ...CANARY,
    secretKey: secret,
    sessionToken: token,
    authorizationCode: popup.code,
    state: popup.state,
    browserBinding: popup.browserBinding,
  };
  for (const [name, value] of Object.entries(canaries)) {
    assert.ok(value && value.length > 8, `the ${name} canary is set`);
    assert.ok(!text.includes(value), `the ${name} appears in the logs`);
  }
});
