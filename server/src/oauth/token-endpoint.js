// Calls to a provider's token and revocation endpoints for one integration definition, through
// oauth4webapi: the code exchange, the refresh grant and revocation (RFC 7009). All three
// authenticate the client, encode the request and read the answer the same way, so a provider whose
// sign-in works also refreshes and revokes. Every failure comes out as a ProviderCallError.
import * as oauth from 'oauth4webapi';
import { isLoopbackUrl } from '../catalog.js';
import { classifyProviderError } from './provider-call-error.js';
import { tokenEndpointOptions } from './token-response.js';

function authorizationServerOf(definition) {
  const { oauth: settings } = definition;
  return {
    // oauth4webapi needs an issuer; without a configured one, the token endpoint's origin stands in
    // (only ID tokens are compared to it, and AuthKit does not ask for them).
    issuer: settings.issuer ?? new URL(settings.tokenEndpoint).origin,
    token_endpoint: settings.tokenEndpoint,
    ...(settings.revocationEndpoint ? { revocation_endpoint: settings.revocationEndpoint } : {}),
  };
}

const clientOf = (definition) => ({ client_id: definition.clientId });

function clientAuthenticationOf(definition) {
  return definition.oauth.tokenEndpointAuthMethod === 'client_secret_post'
    ? oauth.ClientSecretPost(definition.clientSecret)
    : oauth.ClientSecretBasic(definition.clientSecret);
}

function requestOptions(definition, endpoint, timeoutMs) {
  return {
    ...tokenEndpointOptions(definition).request,
    signal: AbortSignal.timeout(timeoutMs),
    [oauth.allowInsecureRequests]: isLoopbackUrl(new URL(endpoint)),
  };
}

function grantedScopes(definition, grantedScope, fallback) {
  if (typeof grantedScope !== 'string') return fallback;
  // Providers disagree on the separator of the granted scope; accept theirs and the standard space.
  return grantedScope.split(definition.oauth.scopeSeparator)
    .flatMap((part) => part.split(/\s+/))
    .filter((scope) => scope.length > 0);
}

/** The stored form of a token answer, on top of `kept` (what earlier answers stored). */
function credentialsFrom(result, kept, now) {
  const credentials = { ...kept, accessToken: result.access_token, tokenType: result.token_type };
  if (result.refresh_token !== undefined) credentials.refreshToken = result.refresh_token;
  if (result.id_token !== undefined) credentials.idToken = result.id_token;
  const tokenExpiresAt = typeof result.expires_in === 'number'
    ? new Date(now() + result.expires_in * 1000).toISOString()
    : null;
  if (tokenExpiresAt) credentials.expiresAt = tokenExpiresAt;
  else delete credentials.expiresAt;
  return { credentials, tokenExpiresAt };
}

/**
 * Exchanges an authorization code. `callbackParameters` is the callback's query (URLSearchParams)
 * and `state` the value it was checked against. Resolves to { credentials, scopes, tokenExpiresAt }
 * (an ISO string or null).
 */
export async function exchangeCode(definition, {
  callbackParameters, state, codeVerifier, redirectUri, timeoutMs, now = Date.now,
}) {
  const as = authorizationServerOf(definition);
  const client = clientOf(definition);
  let result;
  try {
    const parameters = new URLSearchParams(callbackParameters);
    // The issuer parameter has already been checked by the caller when the definition names one.
    if (!definition.oauth.issuer) parameters.delete('iss');
    const checkedParameters = oauth.validateAuthResponse(as, client, parameters, state);
    const response = await oauth.authorizationCodeGrantRequest(as, client, clientAuthenticationOf(definition),
      checkedParameters, redirectUri, definition.oauth.pkce === false ? oauth.nopkce : codeVerifier, {
        ...requestOptions(definition, as.token_endpoint, timeoutMs),
        additionalParameters: definition.oauth.extraTokenParams ?? {},
      });
    result = await oauth.processAuthorizationCodeResponse(as, client, response, tokenEndpointOptions(definition).response);
  } catch (error) {
    throw classifyProviderError(error);
  }
  const { credentials, tokenExpiresAt } = credentialsFrom(result, {}, now);
  return {
    credentials,
    scopes: grantedScopes(definition, result.scope, [...definition.oauth.scopes]),
    tokenExpiresAt,
    // The whole answer, for the values a definition captures from it (never stored as such).
    answer: result,
  };
}

/**
 * Uses `credentials.refreshToken` at the definition's token endpoint. Resolves to
 * { credentials, scopes, tokenExpiresAt } where credentials keep the old refresh token (and ID
 * token, and any other stored value, such as the flow's field values) when the provider sends no
 * new one.
 */
export async function refreshTokens(definition, credentials, { previousScopes, timeoutMs, now = Date.now }) {
  const as = authorizationServerOf(definition);
  const client = clientOf(definition);
  let result;
  try {
    const response = await oauth.refreshTokenGrantRequest(as, client, clientAuthenticationOf(definition),
      credentials.refreshToken, requestOptions(definition, as.token_endpoint, timeoutMs));
    result = await oauth.processRefreshTokenResponse(as, client, response, tokenEndpointOptions(definition).response);
  } catch (error) {
    throw classifyProviderError(error);
  }
  const refreshed = credentialsFrom(result, credentials, now);
  return { ...refreshed, scopes: grantedScopes(definition, result.scope, previousScopes) };
}

/**
 * Revokes the connection's grant at the provider when the definition has a revocation endpoint:
 * the refresh token if there is one (which ends the whole grant at most providers), else the access
 * token. Resolves to true when the provider confirmed, false when there is nothing to call.
 */
export async function revokeTokens(definition, credentials, { timeoutMs }) {
  if (!definition?.oauth?.revocationEndpoint || !credentials) return false;
  const token = credentials.refreshToken ?? credentials.accessToken;
  if (!token) return false;
  const as = authorizationServerOf(definition);
  try {
    const options = {
      ...requestOptions(definition, as.revocation_endpoint, timeoutMs),
      additionalParameters: { token_type_hint: credentials.refreshToken ? 'refresh_token' : 'access_token' },
    };
    const response = await oauth.revocationRequest(as, clientOf(definition), clientAuthenticationOf(definition), token,
      options);
    await oauth.processRevocationResponse(response);
    return true;
  } catch (error) {
    throw classifyProviderError(error);
  }
}
