// Talks OAuth 2 to a provider on behalf of one integration definition, through oauth4webapi.
import * as oauth from 'oauth4webapi';
import { isLoopbackUrl } from '../catalog.js';

export async function createPkcePair() {
  const codeVerifier = oauth.generateRandomCodeVerifier();
  return { codeVerifier, codeChallenge: await oauth.calculatePKCECodeChallenge(codeVerifier) };
}

export const createState = () => oauth.generateRandomState();

export function buildAuthorizationUrl(definition, { redirectUri, state, codeChallenge }) {
  const { oauth: settings } = definition;
  const url = new URL(settings.authorizationEndpoint);
  for (const [name, value] of Object.entries(settings.extraAuthorizeParams)) url.searchParams.set(name, value);
  url.searchParams.set('client_id', definition.clientId);
  url.searchParams.set('redirect_uri', redirectUri);
  url.searchParams.set('response_type', 'code');
  if (settings.scopes.length > 0) url.searchParams.set('scope', settings.scopes.join(settings.scopeSeparator));
  url.searchParams.set('state', state);
  url.searchParams.set('code_challenge', codeChallenge);
  url.searchParams.set('code_challenge_method', 'S256');
  return url.href;
}

function authorizationServerOf(definition) {
  const { oauth: settings } = definition;
  return {
    // oauth4webapi needs an issuer; without a configured one, the token endpoint's origin stands in
    // (only ID tokens are compared to it, and AuthKit does not ask for them).
    issuer: settings.issuer ?? new URL(settings.tokenEndpoint).origin,
    authorization_endpoint: settings.authorizationEndpoint,
    token_endpoint: settings.tokenEndpoint,
  };
}

function clientAuthenticationOf(definition) {
  return definition.oauth.tokenEndpointAuthMethod === 'client_secret_post'
    ? oauth.ClientSecretPost(definition.clientSecret)
    : oauth.ClientSecretBasic(definition.clientSecret);
}

function scopesOf(definition, grantedScope) {
  if (typeof grantedScope !== 'string') return [...definition.oauth.scopes];
  // Providers disagree on the separator of the granted scope; accept theirs and the standard space.
  return grantedScope.split(definition.oauth.scopeSeparator)
    .flatMap((part) => part.split(/\s+/))
    .filter((scope) => scope.length > 0);
}

/**
 * Exchanges an authorization code. `callbackParameters` is the callback's query (URLSearchParams)
 * and `state` the value it was checked against. Resolves to the credentials to store, the granted
 * scopes and the access token's expiry (ISO string or null). Throws on any exchange failure.
 */
export async function exchangeCode(definition, {
  callbackParameters, state, codeVerifier, redirectUri, timeoutMs, now = Date.now,
}) {
  const as = authorizationServerOf(definition);
  const client = { client_id: definition.clientId };
  const parameters = new URLSearchParams(callbackParameters);
  // The issuer parameter has already been checked by the caller when the definition names one.
  if (!definition.oauth.issuer) parameters.delete('iss');
  const checkedParameters = oauth.validateAuthResponse(as, client, parameters, state);
  const options = {
    signal: AbortSignal.timeout(timeoutMs),
    [oauth.allowInsecureRequests]: isLoopbackUrl(new URL(as.token_endpoint)),
  };
  const response = await oauth.authorizationCodeGrantRequest(
    as, client, clientAuthenticationOf(definition), checkedParameters, redirectUri, codeVerifier, options,
  );
  const result = await oauth.processAuthorizationCodeResponse(as, client, response);

  const credentials = { accessToken: result.access_token, tokenType: result.token_type };
  if (result.refresh_token !== undefined) credentials.refreshToken = result.refresh_token;
  if (result.id_token !== undefined) credentials.idToken = result.id_token;
  const tokenExpiresAt = typeof result.expires_in === 'number'
    ? new Date(now() + result.expires_in * 1000).toISOString()
    : null;
  if (tokenExpiresAt) credentials.expiresAt = tokenExpiresAt;
  return { credentials, scopes: scopesOf(definition, result.scope), tokenExpiresAt };
}
