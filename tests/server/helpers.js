// Helpers of the refresh, passthrough, webhook and multi-process tests: a local HTTP server that
// records what reaches it, a token endpoint that counts its calls, seeding connections, and the
// OAuth flow of the popup done with plain requests. Everything listens on 127.0.0.1.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { HOST_ORIGIN, launchFlow, request } from './support.js';

/** A server on 127.0.0.1 whose handler is `handler(req, res, body)`; records every request. */
export async function startHttpServer(t, handler) {
  const requests = [];
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      requests.push({ method: req.method, url: req.url, headers: req.headers, body });
      handler(req, res, body);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise((resolve) => {
    server.closeAllConnections();
    server.close(resolve);
  }));
  return { url: `http://127.0.0.1:${server.address().port}`, requests, server };
}

/** Counts the refresh grants the mock provider answers; `onRefresh(response, req)` may change them. */
// The mock's access tokens are JWTs stamped to the second, so two issued in one second are equal;
// refreshed ones get a name of their own.
export function countRefreshes(provider, onRefresh) {
  const counter = { count: 0, refreshTokensSeen: [], issued: [] };
  provider.service.on('beforeResponse', (response, req) => {
    if (req.body.grant_type !== 'refresh_token') return;
    counter.count += 1;
    counter.refreshTokensSeen.push(req.body.refresh_token);
    response.body.access_token = `refreshed-access-token-${counter.count}-${randomUUID()}`;
    onRefresh?.(response, req);
    if (response.statusCode === 200) counter.issued.push(response.body.access_token);
  });
  return counter;
}

/** A clock that stands still until shifted, so computed times can be compared exactly. */
export function frozenClock() {
  let current = Date.now();
  return {
    now: () => current,
    shift(ms) {
      current += ms;
    },
  };
}

const HOUR_MS = 60 * 60 * 1000;

/** Stores an OAuth connection directly, as a finished flow would. */
export async function seedOAuthConnection(service, {
  identity = 'user-1', integration = 'sandbox-oauth', accessToken = 'seeded-access-token',
  refreshToken = 'seeded-refresh-token', expiresAt = new Date(Date.now() + HOUR_MS).toISOString(), projectId = 'demo',
  environment = 'test', fields,
} = {}) {
  const credentials = {
    accessToken, tokenType: 'bearer', ...(refreshToken ? { refreshToken } : {}), ...(expiresAt ? { expiresAt } : {}),
    ...(fields ? { fields } : {}),
  };
  return service.store.saveConnection({
    projectId, environment, identity, identityType: 'user', integration, authType: 'oauth2', scopes: ['read'],
    tokenExpiresAt: expiresAt ?? null, credentials,
  });
}

/** Stores an API-key connection directly. */
export async function seedApiKeyConnection(service, { identity = 'user-1', integration, values }) {
  return service.store.saveConnection({
    projectId: 'demo', environment: 'test', identity, identityType: 'user', integration, authType: 'api_key',
    scopes: [], tokenExpiresAt: null, credentials: values,
  });
}

/**
 * The whole popup flow with plain requests; resolves to the flow status body. `connectionKey`
 * reconnects that connection.
 */
export async function connectWithOAuth(url, token, integration = 'sandbox-oauth', { connectionKey } = {}) {
  const created = await request(`${url}/v1/oauth/flows`, { token, origin: HOST_ORIGIN, body: { integration, connectionKey } });
  assert.equal(created.status, 201);
  const flow = await created.json();
  const authorize = await launchFlow(flow);
  assert.equal(authorize.status, 200, authorize.html);
  const { cookie } = authorize;
  const atProvider = await request(authorize.providerUrl);
  assert.equal(atProvider.status, 302);
  const done = await request(atProvider.headers.get('location'), { cookie });
  assert.equal(done.status, 200);
  await done.text();
  const status = await request(`${url}/v1/oauth/flows/${flow.flowId}`, { token, origin: HOST_ORIGIN });
  return status.json();
}

/** A passthrough call with the secret key. */
export function passthrough(url, secret, connectionKey, path, { method = 'GET', headers = {}, body } = {}) {
  return fetch(`${url}/v1/passthrough${path}`, {
    method,
    headers: { 'x-authkit-secret': secret, 'x-authkit-connection-key': connectionKey, ...headers },
    body,
    redirect: 'manual',
    signal: AbortSignal.timeout(10_000),
  });
}
