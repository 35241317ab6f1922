// The browser's side of an OAuth flow: the PKCE pair and state that protect it, and the provider's
// authorize URL the popup is sent to. The token endpoint's side is token-endpoint.js.
import * as oauth from 'oauth4webapi';

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
  // A provider that refuses PKCE (pkce: false) gets neither the challenge here nor the verifier later.
  if (settings.pkce !== false) {
    url.searchParams.set('code_challenge', codeChallenge);
    url.searchParams.set('code_challenge_method', 'S256');
  }
  return url.href;
}
