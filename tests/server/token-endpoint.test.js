// Token endpoints that depart from RFC 6749 in ways real providers do: a JSON request body
// (Notion) and an answer without token_type (Shopify).
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { test } from 'node:test';
import { tokenFetch } from '../../server/src/oauth/token-response.js';

async function startTokenEndpoint(t, answer) {
  const seen = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => { body += chunk; });
    req.on('end', () => {
      seen.push({ contentType: req.headers['content-type'], body });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise((resolve) => server.close(resolve)));
  return { seen, url: `http://127.0.0.1:${server.address().port}/token` };
}

const formRequest = () => ({
  method: 'POST',
  headers: new Headers({ 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }),
  body: new URLSearchParams({ grant_type: 'authorization_code', code: 'c0de', redirect_uri: 'https://x.example/cb' }),
  signal: AbortSignal.timeout(5000),
});

test('a json tokenRequestFormat sends the same parameters as a JSON body', async (t) => {
  const endpoint = await startTokenEndpoint(t, { access_token: 'at', token_type: 'bearer' });
  await tokenFetch({ oauth: { tokenRequestFormat: 'json' } })(endpoint.url, formRequest());
  await tokenFetch({ oauth: { tokenRequestFormat: 'form' } })(endpoint.url, formRequest());
  assert.equal(endpoint.seen[0].contentType, 'application/json');
  assert.deepEqual(JSON.parse(endpoint.seen[0].body),
    { grant_type: 'authorization_code', code: 'c0de', redirect_uri: 'https://x.example/cb' });
  assert.equal(endpoint.seen[1].contentType, 'application/x-www-form-urlencoded');
  assert.equal(endpoint.seen[1].body, 'grant_type=authorization_code&code=c0de&redirect_uri=https%3A%2F%2Fx.example%2Fcb');
});

test('an answer without token_type reads as a bearer token; others are left alone', async (t) => {
  const bare = await startTokenEndpoint(t, { access_token: 'at', scope: 'read_products' });
  const answer = await (await tokenFetch({ oauth: {} })(bare.url, formRequest())).json();
  assert.deepEqual(answer, { access_token: 'at', scope: 'read_products', token_type: 'bearer' });

  const error = await startTokenEndpoint(t, { error: 'invalid_grant' });
  assert.deepEqual(await (await tokenFetch({ oauth: {} })(error.url, formRequest())).json(), { error: 'invalid_grant' });
});
