import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { createKeyring } from '../../server/src/crypto.js';
import { createSqliteStore } from '../../server/src/store/sqlite.js';
import { tempDir } from './support.js';

const keyring = createKeyring([{ id: 'k1', key: randomBytes(32) }]);
const owner = {
  projectId: 'demo', environment: 'test', identity: 'user-1', identityType: 'user', integration: 'sandbox-oauth',
};

function openStore(t, file) {
  const store = createSqliteStore({ file, keyring });
  t.after(() => store.close());
  return store;
}

function newFlow(store, id = 'flow_1') {
  return store.createFlow({
    ...owner, id, origin: 'http://127.0.0.1:4100', nonce: 'n', expiresAt: new Date(Date.now() + 60_000).toISOString(),
  });
}

test('migrations run once and the schema survives reopening', (t) => {
  const file = `${tempDir(t)}/store.sqlite`;
  const first = openStore(t, file);
  newFlow(first);
  first.close();
  const second = openStore(t, file);
  assert.equal(second.getFlow('flow_1').status, 'created');
  const db = new Database(file, { readonly: true });
  t.after(() => db.close());
  assert.deepEqual(db.prepare('SELECT version FROM migrations').pluck().all(), [1]);
  assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
});

test('each flow step happens once', (t) => {
  const store = openStore(t, ':memory:');
  newFlow(store);
  const binding = { stateHash: 's1', browserBindingHash: 'b1', codeVerifier: 'verifier-1' };
  assert.equal(store.beginAuthorization('flow_1', binding), true);
  assert.equal(store.beginAuthorization('flow_1', { ...binding, stateHash: 's2' }), false);
  assert.equal(store.findFlowByStateHash('s1').id, 'flow_1');
  assert.equal(store.readCodeVerifier('flow_1'), 'verifier-1');
  assert.equal(store.claimFlowForExchange('flow_1'), true);
  assert.equal(store.claimFlowForExchange('flow_1'), false);
  assert.equal(store.failFlow('flow_1', { code: 'oauth_failed', message: 'm' }), true);
  assert.equal(store.failFlow('flow_1', { code: 'oauth_failed', message: 'm' }), false);
  assert.equal(store.readCodeVerifier('flow_1'), undefined, 'an ended flow keeps no verifier');
});

test('completing a flow that is not exchanging writes nothing', (t) => {
  const store = openStore(t, ':memory:');
  newFlow(store);
  store.beginAuthorization('flow_1', { stateHash: 's', browserBindingHash: 'b', codeVerifier: 'v' });
  const input = { ...owner, authType: 'oauth2', scopes: ['read'], credentials: { accessToken: 'at' } };
  assert.throws(() => store.completeFlowWithConnection('flow_1', input), { code: 'flow_state_conflict' });
  assert.deepEqual(store.listConnections({ projectId: 'demo', environment: 'test' }), []);
  assert.equal(store.getFlow('flow_1').status, 'authorizing');

  store.claimFlowForExchange('flow_1');
  const connection = store.completeFlowWithConnection('flow_1', input);
  assert.equal(store.getFlow('flow_1').status, 'succeeded');
  assert.equal(store.getFlow('flow_1').connectionKey, connection.key);
  assert.deepEqual(store.readCredentials(connection.key), { accessToken: 'at' });
});

test('an expired flow cannot be bound or claimed', (t) => {
  let now = Date.now();
  const store = createSqliteStore({ file: ':memory:', keyring, now: () => now });
  t.after(() => store.close());
  newFlow(store);
  now += 120_000;
  assert.equal(store.beginAuthorization('flow_1', { stateHash: 's', browserBindingHash: 'b', codeVerifier: 'v' }), false);
});
