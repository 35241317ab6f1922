// Two sandbox providers that run locally so the demo works offline:
// "Acme CRM", an OAuth 2.0 authorization server (code flow, PKCE S256, consent page with Approve / Deny),
// and "Beacon Mail", an API that accepts one documented API key.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import { NO_FRAMING_HEADERS, refuseForeignHost } from './browser-guards.js';
import { serverLifecycle } from './listen.js';

export const SANDBOX_API_KEY = 'beacon_test_key_123';
const CODE_TTL_MS = 60_000;
const ACCESS_TTL_S = 3600;

const escapeHtml = (text) =>
  String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

const base64url = (buffer) => buffer.toString('base64url');
const token = (prefix) => `${prefix}_${base64url(randomBytes(24))}`;

function sameSecret(a, b) {
  const left = Buffer.from(String(a));
  const right = Buffer.from(String(b));
  return left.length === right.length && timingSafeEqual(left, right);
}

async function readForm(request) {
  const chunks = [];
  let size = 0;
  for await (const chunk of request) {
    size += chunk.length;
    if (size > 64 * 1024) throw new Error('body too large');
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function send(response, status, body, headers = {}) {
  const isJson = typeof body !== 'string';
  response.writeHead(status, {
    'content-type': isJson ? 'application/json' : 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    ...NO_FRAMING_HEADERS,
    ...headers,
  });
  response.end(isJson ? JSON.stringify(body) : body);
}

function consentPage({ requestId, clientName, scopes }) {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Acme CRM — authorize</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/consent.css"></head>
<body><main>
<h1>Acme CRM <small>sandbox</small></h1>
<p><strong>${escapeHtml(clientName)}</strong> wants to access your Acme CRM account
(signed in as <strong>sandbox user</strong>).</p>
<p>Requested access: ${scopes.map((s) => `<code>${escapeHtml(s)}</code>`).join(' ') || 'basic profile'}</p>
<form method="post" action="/oauth/decide">
<input type="hidden" name="request" value="${escapeHtml(requestId)}">
<button name="decision" value="approve" type="submit">Approve</button>
<button name="decision" value="deny" type="submit">Deny</button>
</form></main></body></html>`;
}

const CONSENT_CSS = `body{font-family:system-ui,sans-serif;background:#f8fafc;color:#0f172a;margin:0}
main{max-width:380px;margin:48px auto;padding:24px;background:#fff;border-radius:12px;box-shadow:0 4px 20px #0002}
h1{font-size:1.3rem} small{font-size:.75rem;color:#475569}
button{font:inherit;padding:10px 18px;margin-right:8px;border-radius:8px;border:1px solid #334155;cursor:pointer}
button[value=approve]{background:#1d4ed8;color:#fff;border-color:#1d4ed8}`;

/**
 * clients: { [clientId]: { secret, name, redirectUris: [] } }
 * Returns { server, listen(port, host), close(), origin }.
 */
export function createSandboxProvider({ clients }) {
  const pending = new Map(); // consent request id → authorize parameters
  const codes = new Map(); // code → grant
  const accessTokens = new Map(); // access token → { expiresAt, scope }
  const refreshTokens = new Map(); // refresh token → { scope }
  // The issuer and the base of every URL this server hands out, known once it listens.
  const origin = () => lifecycle.origin;

  function authorize(url, response) {
    const p = Object.fromEntries(url.searchParams);
    const client = clients[p.client_id];
    // Unknown client or redirect URI: never redirect (that would be an open redirector).
    if (!client || !client.redirectUris.includes(p.redirect_uri)) {
      return send(response, 400, '<!doctype html><p>Unknown client or redirect URI.</p>');
    }
    const back = new URL(p.redirect_uri);
    const fail = (error) => {
      back.searchParams.set('error', error);
      if (p.state) back.searchParams.set('state', p.state);
      back.searchParams.set('iss', origin());
      response.writeHead(302, { location: back.href }).end();
    };
    if (p.response_type !== 'code') return fail('unsupported_response_type');
    if (p.code_challenge_method !== 'S256' || !p.code_challenge) return fail('invalid_request');
    const requestId = base64url(randomBytes(16));
    pending.set(requestId, { ...p, createdAt: Date.now() });
    const scopes = (p.scope ?? '').split(' ').filter(Boolean);
    // The decision posts here and then redirects to the client: form-action must allow both. No
    // other site may frame the page, or its Approve button could be clicked through a decoy.
    const formTargets = `'self' ${new URL(p.redirect_uri).origin}`;
    return send(response, 200, consentPage({ requestId, clientName: client.name, scopes }), {
      'content-security-policy': `default-src 'none'; style-src 'self'; form-action ${formTargets}; frame-ancestors 'none'`,
      'referrer-policy': 'no-referrer',
    });
  }

  async function decide(request, response) {
    const form = await readForm(request);
    const grant = pending.get(form.get('request'));
    pending.delete(form.get('request'));
    if (!grant) return send(response, 400, '<!doctype html><p>This consent request expired. Start again.</p>');
    const back = new URL(grant.redirect_uri);
    if (form.get('decision') === 'approve') {
      const code = token('code');
      codes.set(code, { ...grant, expiresAt: Date.now() + CODE_TTL_MS });
      back.searchParams.set('code', code);
    } else {
      back.searchParams.set('error', 'access_denied');
      back.searchParams.set('error_description', 'The user denied access.');
    }
    if (grant.state) back.searchParams.set('state', grant.state);
    back.searchParams.set('iss', origin());
    response.writeHead(302, { location: back.href }).end();
  }

  function clientFrom(request, form) {
    const header = request.headers.authorization ?? '';
    let id = form.get('client_id');
    let secret = form.get('client_secret');
    if (header.startsWith('Basic ')) {
      const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      id = decodeURIComponent(decoded.slice(0, colon));
      secret = decodeURIComponent(decoded.slice(colon + 1));
    }
    const client = clients[id];
    return client && sameSecret(client.secret, secret ?? '') ? { id, ...client } : null;
  }

  function issueTokens(scope) {
    const access = token('acme_at');
    const refresh = token('acme_rt');
    accessTokens.set(access, { expiresAt: Date.now() + ACCESS_TTL_S * 1000, scope });
    refreshTokens.set(refresh, { scope });
    return { access_token: access, token_type: 'Bearer', expires_in: ACCESS_TTL_S, refresh_token: refresh, scope };
  }

  async function tokenEndpoint(request, response) {
    const form = await readForm(request);
    const client = clientFrom(request, form);
    if (!client) return send(response, 401, { error: 'invalid_client' });
    if (form.get('grant_type') === 'authorization_code') {
      const grant = codes.get(form.get('code'));
      codes.delete(form.get('code')); // one use, whatever happens next
      if (!grant || grant.expiresAt < Date.now() || grant.client_id !== client.id) {
        return send(response, 400, { error: 'invalid_grant' });
      }
      if (form.get('redirect_uri') !== grant.redirect_uri) return send(response, 400, { error: 'invalid_grant' });
      const challenge = base64url(createHash('sha256').update(form.get('code_verifier') ?? '').digest());
      if (challenge !== grant.code_challenge) return send(response, 400, { error: 'invalid_grant', error_description: 'PKCE verification failed.' });
      return send(response, 200, issueTokens(grant.scope ?? ''));
    }
    if (form.get('grant_type') === 'refresh_token') {
      const previous = refreshTokens.get(form.get('refresh_token'));
      if (!previous) return send(response, 400, { error: 'invalid_grant' });
      refreshTokens.delete(form.get('refresh_token'));
      return send(response, 200, issueTokens(previous.scope));
    }
    return send(response, 400, { error: 'unsupported_grant_type' });
  }

  function bearer(request) {
    const header = request.headers.authorization ?? '';
    return header.startsWith('Bearer ') ? header.slice(7) : '';
  }

  function crmMe(request, response) {
    const grant = accessTokens.get(bearer(request));
    if (!grant || grant.expiresAt < Date.now()) return send(response, 401, { error: 'invalid_token' });
    return send(response, 200, { id: 'acme-user-1', name: 'Sandbox User', company: 'Acme Corp' });
  }

  function mailMe(request, response) {
    if (!sameSecret(bearer(request), SANDBOX_API_KEY)) {
      return send(response, 401, { error: { message: 'Invalid API key.' } });
    }
    return send(response, 200, { account: 'beacon-sandbox', plan: 'free' });
  }

  const server = createServer((request, response) => {
    if (refuseForeignHost(request, response)) return undefined;
    const url = new URL(request.url, origin() || 'http://localhost');
    const route = `${request.method} ${url.pathname}`;
    const handle = {
      'GET /oauth/authorize': () => authorize(url, response),
      'POST /oauth/decide': () => decide(request, response),
      'POST /oauth/token': () => tokenEndpoint(request, response),
      'GET /consent.css': () => send(response, 200, CONSENT_CSS, { 'content-type': 'text/css' }),
      'GET /crm/v1/me': () => crmMe(request, response),
      'GET /mail/v1/me': () => mailMe(request, response),
    }[route];
    if (!handle) return send(response, 404, { error: 'not_found' });
    return Promise.resolve(handle()).catch(() => send(response, 400, { error: 'invalid_request' }));
  });

  const lifecycle = serverLifecycle(server);
  return lifecycle;
}
