// The token endpoint as real providers run it. RFC 6749 wants a form-encoded request and a flat
// answer with a token_type and a space-separated scope, and oauth4webapi holds providers to that:
// Notion only reads JSON requests, Slack answers token_type "bot" or "user" and puts a user's token
// under authed_user, Shopify leaves token_type out, Linear's older apps get scope as an array. These
// are bridged here rather than failing the connection.
import * as oauth from 'oauth4webapi';
import { valueAtPath } from '../catalog/oauth-quirks.js';

const isJson = (response) => /\bjson\b/i.test(response.headers.get('content-type') ?? '');

function asJsonRequest(options) {
  const headers = new Headers(options.headers);
  headers.set('content-type', 'application/json');
  return { ...options, headers, body: JSON.stringify(Object.fromEntries(new URLSearchParams(options.body))) };
}

// The token's own members, lifted to the top when a definition's tokenPath says where they are.
const TOKEN_MEMBERS = ['access_token', 'token_type', 'expires_in', 'refresh_token', 'scope', 'id_token'];

/** A successful answer in the standard shape: the rest of the answer is kept as it came. */
function standardAnswer(body, tokenPath) {
  const nested = tokenPath ? valueAtPath(body, tokenPath) : undefined;
  const answer = { ...body };
  if (nested && typeof nested === 'object') {
    for (const member of TOKEN_MEMBERS) if (nested[member] !== undefined) answer[member] = nested[member];
  }
  if (typeof answer.access_token !== 'string') return body;
  if (Array.isArray(answer.scope)) answer.scope = answer.scope.filter((scope) => typeof scope === 'string').join(' ');
  // An answer without token_type is read as a bearer token, which is what those are.
  if (answer.token_type === undefined) answer.token_type = 'bearer';
  return answer;
}

async function inStandardShape(response, tokenPath) {
  if (response.status !== 200 || !isJson(response)) return response;
  let body;
  try {
    body = await response.clone().json();
  } catch {
    return response;
  }
  if (typeof body !== 'object' || body === null) return response;
  const answer = standardAnswer(body, tokenPath);
  if (answer === body) return response;
  return new Response(JSON.stringify(answer), {
    status: 200, headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
  });
}

/** A fetch for token requests of `definition` (oauth.tokenRequestFormat "form" or "json"). */
export function tokenFetch(definition) {
  const json = definition.oauth.tokenRequestFormat === 'json';
  return async (url, options) => inStandardShape(await fetch(url, json ? asJsonRequest(options) : options),
    definition.oauth.tokenPath);
}

// Any token_type is taken as is and kept with the credentials.
const ANY_TOKEN_TYPE = new Proxy({}, { get: () => () => {} });

/** Options for oauth4webapi's token request and response functions that apply the allowances above. */
export function tokenEndpointOptions(definition) {
  return {
    request: { [oauth.customFetch]: tokenFetch(definition) },
    response: { recognizedTokenTypes: ANY_TOKEN_TYPE },
  };
}
