// A local OAuth 2.0 provider that departs from the common path the way real ones do, one quirk at a
// time: extra callback parameters, a token nested in its answer, scope as an array, no expires_in,
// extra required token parameters, PKCE refused, and an API that takes the token in its own header.
// It listens on 127.0.0.1 and records every request, so tests can check what AuthKit sent.
import { randomBytes } from 'node:crypto';
import { startHttpServer } from './helpers.js';

const CLIENT_ID = 'quirkyclient';
const CLIENT_SECRET = 'quirky-client-secret-for-tests';

// RFC 6749 section 2.3.1: the client id and secret are form-encoded before they are joined.
function clientAuthenticated(header) {
  const match = /^Basic ([A-Za-z0-9+/=]+)$/.exec(header ?? '');
  if (!match) return false;
  const [id, secret] = Buffer.from(match[1], 'base64').toString('utf8').split(':')
    .map((part) => decodeURIComponent(part.replace(/\+/g, ' ')));
  return id === CLIENT_ID && secret === CLIENT_SECRET;
}

/**
 * quirks: {
 *   callbackExtras: { name: value } added to the redirect back (QuickBooks' realmId),
 *   tokenAnswer: (tokens) => answer body, from { accessToken, refreshToken } (default: standard),
 *   requireTokenParams: { name: value } the token request must carry (Shopify's expiring=1),
 *   refusePkce: true to answer 400 when a code_challenge or code_verifier is sent,
 *   apiAuth: { header, format } how the API wants the token (default Authorization: Bearer …),
 * }
 * Resolves to { url, requests, definition(overrides), issued } where `issued` lists the access tokens.
 */
export async function startQuirkyProvider(t, quirks = {}) {
  const codes = new Map(); // code → the authorize request's query
  const issued = [];
  const refreshTokens = new Set();
  const apiAuth = quirks.apiAuth ?? { header: 'authorization', format: 'Bearer {token}' };

  const send = (res, status, body) => {
    res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify(body));
  };

  function newTokens() {
    const tokens = { accessToken: `at-${randomBytes(12).toString('hex')}`, refreshToken: `rt-${randomBytes(12).toString('hex')}` };
    issued.push(tokens.accessToken);
    refreshTokens.add(tokens.refreshToken);
    return tokens;
  }

  const standardAnswer = ({ accessToken, refreshToken }) => ({
    access_token: accessToken, token_type: 'bearer', expires_in: 3600, refresh_token: refreshToken, scope: 'read',
  });

  const provider = await startHttpServer(t, (req, res, body) => {
    const url = new URL(req.url, 'http://provider');
    if (url.pathname === '/authorize') {
      if (quirks.refusePkce && url.searchParams.has('code_challenge')) return send(res, 400, { error: 'invalid_request' });
      const code = randomBytes(12).toString('hex');
      codes.set(code, url.searchParams);
      const back = new URL(url.searchParams.get('redirect_uri'));
      back.searchParams.set('code', code);
      back.searchParams.set('state', url.searchParams.get('state'));
      for (const [name, value] of Object.entries(quirks.callbackExtras ?? {})) back.searchParams.set(name, value);
      res.writeHead(302, { location: back.href });
      return res.end();
    }
    if (url.pathname === '/token') {
      const form = new URLSearchParams(body.toString('utf8'));
      if (!clientAuthenticated(req.headers.authorization)) return send(res, 401, { error: 'invalid_client' });
      for (const [name, value] of Object.entries(quirks.requireTokenParams ?? {})) {
        if (form.get(name) !== value) return send(res, 400, { error: 'invalid_request', error_description: `${name} missing` });
      }
      if (form.get('grant_type') === 'authorization_code') {
        if (!codes.delete(form.get('code'))) return send(res, 400, { error: 'invalid_grant' });
        if (quirks.refusePkce && form.has('code_verifier')) return send(res, 400, { error: 'invalid_request' });
      } else if (form.get('grant_type') === 'refresh_token') {
        if (!refreshTokens.delete(form.get('refresh_token'))) return send(res, 400, { error: 'invalid_grant' });
      } else {
        return send(res, 400, { error: 'unsupported_grant_type' });
      }
      return send(res, 200, (quirks.tokenAnswer ?? standardAnswer)(newTokens()));
    }
    if (url.pathname.startsWith('/api/')) {
      const sent = req.headers[apiAuth.header.toLowerCase()];
      const token = issued.find((candidate) => sent === apiAuth.format.replace('{token}', candidate));
      if (!token) return send(res, 401, { error: 'unauthorized' });
      return send(res, 200, { path: url.pathname, token });
    }
    return send(res, 404, { error: 'not_found' });
  });

  return {
    url: provider.url,
    requests: provider.requests,
    issued,
    /** An oauth2 definition for this provider, with `oauth` and `api` overrides merged in. */
    definition({ oauth = {}, api = {}, ...rest } = {}) {
      return {
        name: 'Quirky',
        category: 'testing',
        authType: 'oauth2',
        oauth: {
          authorizationEndpoint: `${provider.url}/authorize`,
          tokenEndpoint: `${provider.url}/token`,
          scopes: ['read'],
          ...oauth,
        },
        api: { baseUrl: `${provider.url}/api`, ...api },
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        ...rest,
      };
    },
    tokenRequests: () => provider.requests.filter((request) => request.url === '/token')
      .map((request) => new URLSearchParams(request.body.toString('utf8'))),
  };
}
