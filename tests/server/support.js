// Shared setup for the service tests: configs with fresh keys, a movable clock, a running service on
// an ephemeral port, and small HTTP helpers. Everything listens on 127.0.0.1 only.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OAuth2Server } from 'oauth2-mock-server';
import { createService, createToken, generateSecretKey } from '../../server/src/index.js';

export const HOST_ORIGIN = 'http://127.0.0.1:4100';
export const OTHER_ORIGIN = 'http://127.0.0.1:4999';

/** A clock the service reads; tests shift it instead of waiting. */
export function createClock() {
  let offsetMs = 0;
  return {
    now: () => Date.now() + offsetMs,
    shift(ms) {
      offsetMs += ms;
    },
    reset() {
      offsetMs = 0;
    },
  };
}

export function tempDir(t) {
  const dir = mkdtempSync(join(tmpdir(), 'authkit-test-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function baseConfig({
  dir, integrations = {}, enabled = Object.keys(integrations), logger = false, database,
} = {}) {
  const testKey = generateSecretKey('test');
  const liveKey = generateSecretKey('live');
  return {
    secretKeys: { test: testKey, live: liveKey },
    config: {
      host: '127.0.0.1',
      port: 0,
      database: database ?? { sqlite: dir ? join(dir, 'authkit.sqlite') : ':memory:' },
      encryptionKeys: [{ id: 'k1', key: randomBytes(32).toString('base64') }],
      projects: [{
        id: 'demo',
        secretKeys: [testKey, liveKey],
        allowedOrigins: [HOST_ORIGIN],
        integrations: enabled,
        branding: { companyName: 'Demo Co' },
      }],
      integrations,
      logger,
    },
  };
}

/** Starts the service; it is closed when the test ends. */
export async function startService(t, config, options) {
  const service = createService(config, options);
  t.after(() => service.close());
  const url = await service.listen();
  return { service, url };
}

export async function startOAuthProvider(t) {
  const provider = new OAuth2Server();
  await provider.issuer.keys.generate('RS256');
  await provider.start(0, '127.0.0.1');
  t.after(() => provider.stop());
  return provider;
}

export function oauthIntegration(provider, { oauth = {}, ...overrides } = {}) {
  const issuer = provider.issuer.url;
  return {
    name: 'Sandbox OAuth',
    category: 'testing',
    logo: null,
    authType: 'oauth2',
    oauth: {
      authorizationEndpoint: `${issuer}/authorize`,
      tokenEndpoint: `${issuer}/token`,
      issuer,
      scopes: ['read', 'write'],
      ...oauth,
    },
    // Letters only: the mock provider does not URL-decode Basic credentials as RFC 6749 asks.
    clientId: 'authkitclient',
    clientSecret: 'client-secret-for-tests-only',
    ...overrides,
  };
}

export async function sessionToken(secretKey, overrides = {}) {
  const { token } = await createToken({
    secretKey, identity: 'user-1', identityType: 'user', ttlSeconds: 600, ...overrides,
  });
  return token;
}

/** fetch that never follows redirects and always gives up within a few seconds. */
export function request(url, { token, secret, origin, body, method, headers = {}, cookie, referer } = {}) {
  const allHeaders = { ...headers };
  if (referer) allHeaders.referer = referer;
  if (token) allHeaders.authorization = `Bearer ${token}`;
  if (secret) allHeaders['x-authkit-secret'] = secret;
  if (origin) allHeaders.origin = origin;
  if (cookie) allHeaders.cookie = cookie;
  if (body !== undefined) allHeaders['content-type'] = 'application/json';
  return fetch(url, {
    method: method ?? (body === undefined ? 'GET' : 'POST'),
    headers: allHeaders,
    body: body === undefined ? undefined : JSON.stringify(body),
    redirect: 'manual',
    signal: AbortSignal.timeout(5000),
  });
}

/**
 * Launches a flow as the widget does: a form POST of the flow's nonce from the host page, so with the
 * host's Origin. `options` may replace the origin or the nonce (null: none, as for origin), the body, or add headers. Resolves to
 * { status, cookie, providerUrl (when it continues to the provider), html, headers }.
 */
export async function launchFlow(flow, { origin = HOST_ORIGIN, nonce = flow.nonce, body, headers = {}, cookie } = {}) {
  const form = body ?? new URLSearchParams(nonce === null ? {} : { nonce }).toString();
  const response = await fetch(flow.authorizeUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(origin ? { origin } : {}),
      ...(cookie ? { cookie } : {}),
      ...headers,
    },
    body: form,
    redirect: 'manual',
    signal: AbortSignal.timeout(5000),
  });
  const html = await response.text();
  const data = pageData(html);
  return {
    status: response.status,
    cookie: cookieOf(response),
    providerUrl: data?.url ? new URL(data.url) : undefined,
    html,
    headers: response.headers,
  };
}

export async function json(response) {
  return { status: response.status, body: await response.json(), headers: response.headers };
}

/** "name=value" of the first Set-Cookie header, as a browser would send it back. */
export function cookieOf(response) {
  const header = response.headers.get('set-cookie');
  return header ? header.split(';')[0] : undefined;
}

/** The JSON a service page hands to its script: { url } to continue to, or { close }. */
export function pageData(html) {
  const match = /<script type="application\/json" id="authkit-data">([^<]*)<\/script>/.exec(html);
  return match ? JSON.parse(match[1]) : undefined;
}
