// Requests that carry text the stores cannot hold (a NUL, an unpaired surrogate) in each place a route
// reads: path parameters, query strings, JSON bodies (values and property names) and the popup's form.
// The SQLite and PostgreSQL tests send them all and expect the same answer: 400 invalid_characters
// naming the place, and nothing logged as an error.
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { HOST_ORIGIN, request } from './support.js';

export const KEY_INTEGRATION = {
  name: 'Key',
  authType: 'api_key',
  fields: [
    { name: 'accountId', label: 'Account', type: 'text' },
    { name: 'apiKey', label: 'API key', type: 'secret' },
  ],
};

/** A log stream for the service's logger, and the entries it received. */
export function logCapture() {
  const lines = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return { stream, entries: () => lines.map((line) => JSON.parse(line)) };
}

/** [{ name, where, send() }]: each request and the place its answer must name. */
function unstorableRequests({ url, token, secret }) {
  const widget = (path, body) => () => request(`${url}${path}`, { token, origin: HOST_ORIGIN, body });
  const management = (path, method) => () => request(`${url}${path}`, { secret, method });
  const launch = (path) => () => fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: HOST_ORIGIN },
    body: 'nonce=anything',
    redirect: 'manual',
    signal: AbortSignal.timeout(5000),
  });
  const connect = (fields, extra = {}) => widget('/v1/connections', { integration: 'sandbox-apikey', fields, ...extra });
  const passthroughQuery = () => fetch(`${url}/v1/passthrough/me?q=%00`, {
    headers: { 'x-authkit-secret': secret, 'x-authkit-connection-key': 'conn_x' }, signal: AbortSignal.timeout(5000),
  });
  const apiKey = 'k-123';
  // [name, the place the answer must name, send()]
  const cases = [
    ['a NUL flow id on the authorize link', 'path.flowId', () => request(`${url}/v1/oauth/authorize/%00`)],
    ['a NUL flow id launched', 'path.flowId', launch('/v1/oauth/authorize/flow_%00')],
    ['a NUL state on the callback', 'query.state', () => request(`${url}/v1/oauth/callback?state=%00&code=c`)],
    ['a NUL flow id in the flow status', 'path.flowId', widget('/v1/oauth/flows/flow_%00')],
    ['a NUL connection key read', 'path.key', management('/v1/connections/%00')],
    ['a NUL connection key deleted', 'path.key', management('/v1/connections/conn_%00', 'DELETE')],
    ['a NUL connection key refreshed', 'path.key', management('/v1/connections/%00/refresh', 'POST')],
    ['a NUL identity filter', 'query.identity', management('/v1/connections?identity=user%00')],
    ['a NUL in an API-key field', 'body.fields.accountId', connect({ accountId: 'acct\u0000', apiKey })],
    ['an unpaired surrogate in an API-key field', 'body.fields.accountId', connect({ accountId: 'acct\ud800', apiKey })],
    ['a NUL in a field name', 'body.fields', connect({ 'account\u0000Id': 'acct', apiKey })],
    ['a NUL reconnect key with an API key', 'body.connectionKey', connect({ apiKey }, { connectionKey: 'conn_\u0000' })],
    ['a NUL reconnect key with OAuth', 'body.connectionKey',
      widget('/v1/oauth/flows', { integration: 'sandbox-oauth', connectionKey: '\u0000' })],
    ['a NUL in a passthrough query', 'query.q', passthroughQuery],
  ];
  return cases.map(([name, where, send]) => ({ name, where, send }));
}

/**
 * Sends every request and checks each answer. `connectionKey` names a real connection, which must
 * come through untouched.
 */
export async function assertUnstorableTextRefused({ url, token, secret, logs, service, connectionKey }) {
  for (const { name, where, send } of unstorableRequests({ url, token, secret })) {
    const response = await send();
    const text = await response.text();
    assert.equal(response.status, 400, `${name}: ${response.status} ${text}`);
    assert.match(response.headers.get('content-type'), /^application\/json/, `${name}: ${text}`);
    const { error } = JSON.parse(text);
    assert.equal(error.code, 'invalid_characters', name);
    assert.ok(error.fields?.[where], `${name}: the answer names ${where} (${JSON.stringify(error.fields)})`);
    assert.doesNotMatch(text, /\\u0000|\\ud800/, `${name}: the refused value is not quoted back`);
  }
  const errors = logs.entries().filter((entry) => entry.level >= 50);
  assert.deepEqual(errors.map((entry) => entry.msg), [], 'nothing is logged as an error');
  const stored = await service.store.getConnection(connectionKey);
  assert.equal(stored.status, 'active', 'the real connection is untouched');
}
