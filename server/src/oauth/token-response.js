// The token endpoint as real providers run it. RFC 6749 wants a form-encoded request and a
// token_type in the answer, and oauth4webapi holds providers to that: Notion only reads JSON
// requests, Slack answers token_type "bot" or "user", Shopify leaves token_type out. These are
// bridged here rather than failing the connection.
import * as oauth from 'oauth4webapi';

const isJson = (response) => /\bjson\b/i.test(response.headers.get('content-type') ?? '');

function asJsonRequest(options) {
  const headers = new Headers(options.headers);
  headers.set('content-type', 'application/json');
  return { ...options, headers, body: JSON.stringify(Object.fromEntries(new URLSearchParams(options.body))) };
}

// A successful answer without token_type is read as a bearer token, which is what those are.
async function withTokenType(response) {
  if (response.status !== 200 || !isJson(response)) return response;
  let body;
  try {
    body = await response.clone().json();
  } catch {
    return response;
  }
  if (typeof body !== 'object' || body === null || typeof body.access_token !== 'string' || body.token_type !== undefined) {
    return response;
  }
  return new Response(JSON.stringify({ ...body, token_type: 'bearer' }), {
    status: 200, headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
  });
}

/** A fetch for token requests of `definition` (oauth.tokenRequestFormat "form" or "json"). */
export function tokenFetch(definition) {
  const json = definition.oauth.tokenRequestFormat === 'json';
  return async (url, options) => withTokenType(await fetch(url, json ? asJsonRequest(options) : options));
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
