// The store contract, run against both backends: real SQLite files and a real PostgreSQL cluster.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
import { createKeyring } from '../../server/src/crypto.js';
import { createPostgresStore } from '../../server/src/store/postgres.js';
import { createSqliteStore } from '../../server/src/store/sqlite.js';
import { startPostgres } from './postgres.js';
import { tempDir } from './support.js';

const keyring = createKeyring([{ id: 'k1', key: randomBytes(32) }]);
const owner = {
  projectId: 'demo', environment: 'test', identity: 'user-1', identityType: 'user', integration: 'sandbox-oauth',
};
const HOUR = 60 * 60 * 1000;

let cluster;
before(async () => {
  cluster = await startPostgres();
});
after(() => cluster?.stop());

const backends = {
  sqlite: {
    async open(t, { now, ring = keyring, file } = {}) {
      const store = createSqliteStore({ file: file ?? `${tempDir(t)}/store.sqlite`, keyring: ring, now });
      t.after(() => store.close());
      return store;
    },
  },
  postgres: {
    async open(t, { now, ring = keyring, file } = {}) {
      const store = createPostgresStore({ connectionString: file ?? await cluster.createDatabase(), keyring: ring, now });
      t.after(() => store.close());
      await store.ready();
      return store;
    },
  },
};

function newFlow(store, id = 'flow_1', expiresInMs = 60_000, now = Date.now()) {
  return store.createFlow({
    ...owner, id, origin: 'http://127.0.0.1:4100', nonce: 'n', expiresAt: new Date(now + expiresInMs).toISOString(),
  });
}

const oauthInput = (overrides = {}) => ({
  ...owner, authType: 'oauth2', scopes: ['read'], credentials: { accessToken: 'at', refreshToken: 'rt' },
  tokenExpiresAt: new Date(Date.now() + HOUR).toISOString(), ...overrides,
});

for (const [name, backend] of Object.entries(backends)) {
  describe(`${name} store`, () => {
    test('each flow step happens once', async (t) => {
      const store = await backend.open(t);
      await newFlow(store);
      const binding = { stateHash: 's1', browserBindingHash: 'b1', codeVerifier: 'verifier-1' };
      assert.equal(await store.beginAuthorization('flow_1', binding), true);
      assert.equal(await store.beginAuthorization('flow_1', { ...binding, stateHash: 's2' }), false);
      assert.equal((await store.findFlowByStateHash('s1')).id, 'flow_1');
      assert.equal(await store.readCodeVerifier('flow_1'), 'verifier-1');
      assert.equal(await store.claimFlowForExchange('flow_1'), true);
      assert.equal(await store.claimFlowForExchange('flow_1'), false);
      assert.equal(await store.failFlow('flow_1', { code: 'oauth_failed', message: 'm' }), true);
      assert.equal(await store.failFlow('flow_1', { code: 'oauth_failed', message: 'm' }), false);
      const flow = await store.getFlow('flow_1');
      assert.equal(flow.status, 'failed');
      assert.equal(flow.errorCode, 'oauth_failed');
      assert.equal(await store.readCodeVerifier('flow_1'), undefined, 'an ended flow keeps no verifier');
    });

    test('the flow sweep fails expired pending flows with their secrets, and deletes ended ones past retention', async (t) => {
      let now = Date.parse('2030-01-01T00:00:00.000Z');
      const store = await backend.open(t, { now: () => now });
      const DAY = 24 * HOUR;
      const withFields = (id, expiresInMs) => store.createFlow({
        ...owner, id, origin: 'http://127.0.0.1:4100', nonce: 'n', fields: { shop: 'acme' },
        expiresAt: new Date(now + expiresInMs).toISOString(),
      });
      // Two days ago: one flow failed, one succeeded, one abandoned after its popup bound it.
      await newFlow(store, 'flow_failed_long_ago', 600_000, now);
      await store.failFlow('flow_failed_long_ago', { code: 'oauth_denied', message: 'm' });
      await newFlow(store, 'flow_succeeded_long_ago', 600_000, now);
      await store.beginAuthorization('flow_succeeded_long_ago', { stateHash: 's1', browserBindingHash: 'b', codeVerifier: 'v' });
      await store.claimFlowForExchange('flow_succeeded_long_ago');
      await store.completeFlowWithConnection('flow_succeeded_long_ago', oauthInput());
      await withFields('flow_abandoned', 600_000);
      await store.beginAuthorization('flow_abandoned', { stateHash: 's2', browserBindingHash: 'b', codeVerifier: 'verifier' });
      now += 2 * DAY;
      // Now: one just failed, one still running, one that expired a minute ago.
      await newFlow(store, 'flow_failed_now', 600_000, now);
      await store.failFlow('flow_failed_now', { code: 'oauth_denied', message: 'm' });
      await withFields('flow_running', 600_000);
      await withFields('flow_expired_unopened', -60_000);

      assert.equal(await store.expireFlows({ code: 'oauth_flow_expired', message: 'Expired.' }), 2);
      for (const id of ['flow_abandoned', 'flow_expired_unopened']) {
        const flow = await store.getFlow(id);
        assert.equal(flow.status, 'failed', id);
        assert.equal(flow.errorCode, 'oauth_flow_expired');
        assert.equal(flow.errorMessage, 'Expired.');
        assert.equal(await store.readCodeVerifier(id), undefined, `${id} keeps no verifier`);
        assert.deepEqual(await store.readFlowFields(id), {}, `${id} keeps no field values`);
      }
      assert.equal((await store.getFlow('flow_running')).status, 'created');
      assert.deepEqual(await store.readFlowFields('flow_running'), { shop: 'acme' }, 'a running flow keeps its fields');
      assert.equal(await store.expireFlows({ code: 'oauth_flow_expired', message: 'Expired.' }), 0, 'once');

      const endedBefore = new Date(now - DAY).toISOString();
      assert.equal(await store.deleteEndedFlows({ endedBefore, limit: 1 }), 1, 'at most `limit` at a time');
      assert.equal(await store.deleteEndedFlows({ endedBefore, limit: 10 }), 1);
      assert.equal(await store.deleteEndedFlows({ endedBefore, limit: 10 }), 0);
      assert.equal(await store.getFlow('flow_failed_long_ago'), undefined);
      assert.equal(await store.getFlow('flow_succeeded_long_ago'), undefined);
      for (const id of ['flow_abandoned', 'flow_failed_now', 'flow_running', 'flow_expired_unopened']) {
        assert.ok(await store.getFlow(id), `${id} is kept: it ended (or runs) within the retention period`);
      }
      assert.equal((await store.listConnections({ projectId: 'demo', environment: 'test' })).length, 1,
        'a connection outlives the flow that made it');
    });

    test('pending flows are counted per owner and per project environment, unexpired ones only', async (t) => {
      let now = Date.parse('2030-01-01T00:00:00.000Z');
      const store = await backend.open(t, { now: () => now });
      const flowOf = (id, overrides, expiresInMs = 600_000) => store.createFlow({
        ...owner, id, origin: 'http://127.0.0.1:4100', nonce: 'n', expiresAt: new Date(now + expiresInMs).toISOString(), ...overrides,
      });
      await flowOf('flow_a', {}, 300_000);
      await flowOf('flow_b', {});
      await flowOf('flow_authorizing', {});
      await store.beginAuthorization('flow_authorizing', { stateHash: 's', browserBindingHash: 'b', codeVerifier: 'v' });
      await flowOf('flow_ended', {});
      await store.failFlow('flow_ended', { code: 'oauth_denied', message: 'm' });
      await flowOf('flow_expired', {}, -1000);
      await flowOf('flow_team', { identityType: 'team' });
      await flowOf('flow_other_user', { identity: 'user-2' });
      await flowOf('flow_live', { environment: 'live' });
      await flowOf('flow_other_project', { projectId: 'other' });

      const ownerOfFlows = { projectId: 'demo', environment: 'test', identityType: 'user', identity: 'user-1' };
      assert.deepEqual(await store.countPendingFlows(ownerOfFlows),
        { count: 3, soonestExpiresAt: '2030-01-01T00:05:00.000Z' });
      assert.deepEqual(await store.countPendingFlows({ projectId: 'demo', environment: 'test' }),
        { count: 5, soonestExpiresAt: '2030-01-01T00:05:00.000Z' });
      assert.deepEqual(await store.countPendingFlows({ ...ownerOfFlows, identity: 'nobody' }), { count: 0, soonestExpiresAt: null });
      now += 300_000;
      assert.equal((await store.countPendingFlows(ownerOfFlows)).count, 2, 'a flow stops counting when it expires');
    });

    test('completing a flow that is not exchanging writes nothing', async (t) => {
      const store = await backend.open(t);
      await newFlow(store);
      await store.beginAuthorization('flow_1', { stateHash: 's', browserBindingHash: 'b', codeVerifier: 'v' });
      const input = { ...owner, authType: 'oauth2', scopes: ['read'], credentials: { accessToken: 'at' } };
      await assert.rejects(async () => store.completeFlowWithConnection('flow_1', input), { code: 'flow_state_conflict' });
      assert.deepEqual(await store.listConnections({ projectId: 'demo', environment: 'test' }), []);
      assert.equal((await store.getFlow('flow_1')).status, 'authorizing');

      await store.claimFlowForExchange('flow_1');
      const connection = await store.completeFlowWithConnection('flow_1', input);
      const flow = await store.getFlow('flow_1');
      assert.equal(flow.status, 'succeeded');
      assert.equal(flow.connectionKey, connection.key);
      assert.deepEqual(await store.readCredentials(connection.key), { accessToken: 'at' });
      assert.deepEqual(connection.scopes, ['read']);
      assert.equal(connection.status, 'active');
    });

    test('an expired flow cannot be bound or claimed', async (t) => {
      let now = Date.now();
      const store = await backend.open(t, { now: () => now });
      await newFlow(store, 'flow_1', 60_000, now);
      now += 120_000;
      assert.equal(await store.beginAuthorization('flow_1', { stateHash: 's', browserBindingHash: 'b', codeVerifier: 'v' }), false);
    });

    test('one connection per owner: saving again replaces the credentials in place', async (t) => {
      const store = await backend.open(t);
      const [first, second] = await Promise.all([
        store.saveConnection(oauthInput({ credentials: { accessToken: 'a1' } })),
        store.saveConnection(oauthInput({ credentials: { accessToken: 'a2' } })),
      ]);
      assert.equal(first.key, second.key, 'concurrent first saves end in one row');
      const { connection: revoked } = await store.revokeConnection(first.key);
      assert.equal(revoked.status, 'revoked');
      assert.equal(await store.readCredentials(first.key), undefined, 'a revoke erases the credentials');
      const again = await store.saveConnection(oauthInput({ credentials: { accessToken: 'a3' } }));
      assert.equal(again.key, first.key);
      assert.equal(again.status, 'active');
      assert.ok(again.credentialsVersion > revoked.credentialsVersion);
      assert.deepEqual(await store.readCredentials(first.key), { accessToken: 'a3' });
    });

    test('a revoke hands back the credentials it erased, once', async (t) => {
      const store = await backend.open(t);
      const saved = await store.saveConnection(oauthInput({ credentials: { accessToken: 'at', refreshToken: 'rt' } }));
      const first = await store.revokeConnection(saved.key);
      assert.equal(first.revoked, true);
      assert.deepEqual(first.credentials, { accessToken: 'at', refreshToken: 'rt' });
      assert.equal(first.connection.status, 'revoked');
      assert.equal(first.connection.credentialsVersion, saved.credentialsVersion + 1);
      assert.equal(await store.readCredentials(saved.key), undefined);

      const second = await store.revokeConnection(saved.key);
      assert.equal(second.revoked, false, 'an already revoked connection is left as it is');
      assert.equal(second.credentials, undefined);
      assert.deepEqual(second.connection, first.connection);
      assert.equal(await store.revokeConnection('conn_unknown'), undefined);
    });

    test('a revoke racing a refresh and a reconnect erases and hands back whatever was stored last', async (t) => {
      const store = await backend.open(t);
      const leaseUntil = new Date(Date.now() + 30_000).toISOString();
      const orders = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]];
      for (let round = 0; round < 12; round += 1) {
        const identity = `race-${round}`;
        const saved = await store.saveConnection(oauthInput({ identity, credentials: { accessToken: 'a0', refreshToken: 'r0' } }));
        const claimed = await store.claimRefreshLease(saved.key, { owner: 'worker', leaseUntil });
        const steps = [
          () => store.saveRefreshedCredentials(saved.key, {
            version: claimed.credentialsVersion, owner: 'worker', credentials: { accessToken: 'a1', refreshToken: 'r1' }, scopes: [],
          }),
          () => store.saveConnection(oauthInput({
            identity, connectionKey: saved.key, credentials: { accessToken: 'a2', refreshToken: 'r2' },
          })),
          () => store.revokeConnection(saved.key),
        ];
        const started = [];
        for (const index of orders[round % orders.length]) started[index] = Promise.resolve().then(steps[index]);
        const [refreshed, reconnected, revoke] = await Promise.allSettled(started);
        assert.equal(revoke.status, 'fulfilled');
        assert.equal(revoke.value.revoked, true);
        // A reconnect can only succeed before the revoke, and after it no refresh can; a refresh
        // can only succeed before both.
        const expected = reconnected.status === 'fulfilled' ? 'r2' : (refreshed.value ? 'r1' : 'r0');
        if (reconnected.status === 'rejected') assert.equal(reconnected.reason.code, 'connection_not_found');
        assert.equal(revoke.value.credentials.refreshToken, expected, `round ${round}`);
        const after = await store.getConnection(saved.key);
        assert.equal(after.status, 'revoked', 'nothing written after the revoke brings it back');
        assert.equal(await store.readCredentials(saved.key), undefined);
      }
    });

    test('a reconnect replaces only the named connection of the same owner, and never creates one', async (t) => {
      const store = await backend.open(t);
      const mine = await store.saveConnection(oauthInput({ credentials: { accessToken: 'mine' } }));
      const theirs = await store.saveConnection(oauthInput({ identity: 'user-2', credentials: { accessToken: 'theirs' } }));
      const refusals = [
        ['another owner\'s key', oauthInput({ connectionKey: theirs.key })],
        ['a key for an owner without a connection', oauthInput({ identity: 'user-3', connectionKey: mine.key })],
        ['an unknown key', oauthInput({ connectionKey: 'conn_unknown' })],
      ];
      for (const [what, input] of refusals) {
        await assert.rejects(async () => store.saveConnection(input), { code: 'connection_not_found' }, what);
      }
      assert.deepEqual(await store.readCredentials(mine.key), { accessToken: 'mine' });
      assert.deepEqual(await store.readCredentials(theirs.key), { accessToken: 'theirs' });
      assert.equal((await store.listConnections({ projectId: 'demo', environment: 'test' })).length, 2);

      await store.markNeedsReauth(mine.key, { version: mine.credentialsVersion, owner: 'x' });
      const reconnected = await store.saveConnection(oauthInput({ connectionKey: mine.key, credentials: { accessToken: 'new' } }));
      assert.equal(reconnected.key, mine.key);
      assert.equal(reconnected.status, 'active');
      assert.deepEqual(await store.readCredentials(mine.key), { accessToken: 'new' });

      await store.revokeConnection(mine.key);
      await assert.rejects(async () => store.saveConnection(oauthInput({ connectionKey: mine.key })), { code: 'connection_not_found' },
        'a revoked connection is not reconnected');
      assert.equal((await store.getConnection(mine.key)).status, 'revoked');

      await newFlow(store, 'flow_reconnect');
      await store.beginAuthorization('flow_reconnect', { stateHash: 's', browserBindingHash: 'b', codeVerifier: 'v' });
      await store.claimFlowForExchange('flow_reconnect');
      await assert.rejects(async () => store.completeFlowWithConnection('flow_reconnect', oauthInput({ connectionKey: mine.key })),
        { code: 'connection_not_found' });
      assert.equal((await store.getFlow('flow_reconnect')).status, 'exchanging', 'the flow is left for the caller to fail');
    });

    test('listing filters by owner fields and status, oldest first', async (t) => {
      let now = Date.parse('2030-01-01T00:00:00.000Z');
      const store = await backend.open(t, { now: () => now });
      const save = async (identity, integration) => {
        now += 1000;
        return store.saveConnection({ ...owner, identity, integration, authType: 'api_key', scopes: [], credentials: { k: identity } });
      };
      const a = await save('alice', 'x');
      const b = await save('bob', 'x');
      const c = await save('alice', 'y');
      await store.revokeConnection(b.key);
      const keys = async (filter) => (await store.listConnections({ projectId: 'demo', environment: 'test', ...filter }))
        .map((connection) => connection.key);
      assert.deepEqual(await keys({}), [a.key, b.key, c.key]);
      assert.deepEqual(await keys({ identity: 'alice' }), [a.key, c.key]);
      assert.deepEqual(await keys({ integration: 'x', status: 'revoked' }), [b.key]);
      assert.deepEqual(await keys({ excludeStatus: 'revoked' }), [a.key, c.key]);
      assert.deepEqual(await keys({ identityType: 'team' }), []);
      assert.deepEqual(await store.listConnections({ projectId: 'demo', environment: 'live' }), []);
      assert.equal((await store.getConnection(a.key)).createdAt, '2030-01-01T00:00:01.000Z');
    });

    test('a refresh lease has one holder until it is released or runs out', async (t) => {
      let now = Date.now();
      const store = await backend.open(t, { now: () => now });
      const { key } = await store.saveConnection(oauthInput());
      const leaseUntil = new Date(now + 30_000).toISOString();
      const claims = await Promise.all(['a', 'b', 'c', 'd'].map((holder) => store.claimRefreshLease(key, { owner: holder, leaseUntil })));
      assert.equal(claims.filter(Boolean).length, 1, 'exactly one claim wins');
      const holder = claims.find(Boolean).refreshLeaseOwner;
      assert.equal(await store.releaseRefreshLease(key, { owner: 'someone-else' }), false);
      assert.equal(await store.releaseRefreshLease(key, { owner: holder }), true);
      assert.ok(await store.claimRefreshLease(key, { owner: 'e', leaseUntil }));
      assert.equal(await store.claimRefreshLease(key, { owner: 'f', leaseUntil }), undefined);
      now += 31_000;
      assert.equal((await store.claimRefreshLease(key, { owner: 'f', leaseUntil: new Date(now + 30_000).toISOString() })).refreshLeaseOwner, 'f',
        'a lease whose holder vanished runs out');

      const apiKey = await store.saveConnection({ ...owner, integration: 'k', authType: 'api_key', scopes: [], credentials: { k: 'v' } });
      assert.equal(await store.claimRefreshLease(apiKey.key, { owner: 'g', leaseUntil }), undefined, 'API keys are not refreshed');
    });

    test('due refreshes are claimed once, soonest first, skipping backoff and held leases', async (t) => {
      let now = Date.now();
      const store = await backend.open(t, { now: () => now });
      const at = (ms) => new Date(now + ms).toISOString();
      const soon = await store.saveConnection(oauthInput({ identity: 'soon', tokenExpiresAt: at(5 * 60_000) }));
      const expired = await store.saveConnection(oauthInput({ identity: 'expired', tokenExpiresAt: at(-HOUR) }));
      await store.saveConnection(oauthInput({ identity: 'later', tokenExpiresAt: at(2 * HOUR) }));
      const backingOff = await store.saveConnection(oauthInput({ identity: 'backoff', tokenExpiresAt: at(60_000) }));
      await store.claimRefreshLease(backingOff.key, { owner: 'x', leaseUntil: at(1000) });
      await store.releaseRefreshLease(backingOff.key, { owner: 'x', failures: 2, retryAt: at(10 * 60_000) });
      const needsReauth = await store.saveConnection(oauthInput({ identity: 'dead', tokenExpiresAt: at(-HOUR) }));
      await store.markNeedsReauth(needsReauth.key, { version: needsReauth.credentialsVersion, owner: 'x' });

      const leaseUntil = at(30_000);
      const horizon = at(10 * 60_000);
      const [first, second] = await Promise.all([
        store.claimDueRefreshes({ horizon, limit: 10, owner: 'w1', leaseUntil }),
        store.claimDueRefreshes({ horizon, limit: 10, owner: 'w2', leaseUntil }),
      ]);
      const claimed = [...first, ...second].map((connection) => connection.key);
      assert.deepEqual(claimed.sort(), [soon.key, expired.key].sort(), 'each due connection is claimed by one worker');
      const single = first.length ? first : second;
      if (single.length === 2) assert.deepEqual(single.map((c) => c.key), [expired.key, soon.key]);

      const backedOff = await store.getConnection(backingOff.key);
      assert.equal(backedOff.refreshFailures, 2);
      now += 11 * 60_000;
      const later = await store.claimDueRefreshes({ horizon: at(10 * 60_000), limit: 10, owner: 'w3', leaseUntil: at(30_000) });
      assert.ok(later.some((connection) => connection.key === backingOff.key), 'after its retry time it is due again');
    });

    test('refreshed credentials are saved only over the version they were read at', async (t) => {
      const store = await backend.open(t);
      const saved = await store.saveConnection(oauthInput());
      const leaseUntil = new Date(Date.now() + 30_000).toISOString();
      const claimed = await store.claimRefreshLease(saved.key, { owner: 'me', leaseUntil });
      const refreshed = await store.saveRefreshedCredentials(saved.key, {
        version: claimed.credentialsVersion, owner: 'me', credentials: { accessToken: 'at2', refreshToken: 'rt2' },
        tokenExpiresAt: new Date(Date.now() + 2 * HOUR).toISOString(), scopes: ['read', 'write'],
      });
      assert.equal(refreshed.credentialsVersion, claimed.credentialsVersion + 1);
      assert.equal(refreshed.refreshLeaseOwner, null, 'saving ends the lease');
      assert.deepEqual(refreshed.scopes, ['read', 'write']);
      assert.deepEqual(await store.readCredentials(saved.key), { accessToken: 'at2', refreshToken: 'rt2' });

      const stale = await store.saveRefreshedCredentials(saved.key, {
        version: claimed.credentialsVersion, owner: 'me', credentials: { accessToken: 'stale' }, scopes: [],
      });
      assert.equal(stale, undefined, 'a write over a moved version is refused');
      assert.equal(await store.markNeedsReauth(saved.key, { version: claimed.credentialsVersion, owner: 'me' }), undefined);
      assert.equal((await store.getConnection(saved.key)).status, 'active');
      const marked = await store.markNeedsReauth(saved.key, { version: refreshed.credentialsVersion, owner: 'me' });
      assert.equal(marked.status, 'needs_reauth');
    });

    test('re-encryption moves every secret to the current key in batches', async (t) => {
      const oldKey = { id: 'old', key: randomBytes(32) };
      const newKey = { id: 'new', key: randomBytes(32) };
      const location = name === 'sqlite' ? `${tempDir(t)}/rotate.sqlite` : await cluster.createDatabase();
      const before = await backend.open(t, { ring: createKeyring([oldKey]), file: location });
      const keys = [];
      for (let index = 0; index < 7; index += 1) {
        keys.push((await before.saveConnection(oauthInput({ identity: `user-${index}`, credentials: { accessToken: `at-${index}` } }))).key);
      }
      await newFlow(before, 'flow_pending');
      await before.beginAuthorization('flow_pending', { stateHash: 's', browserBindingHash: 'b', codeVerifier: 'verifier' });
      await before.createFlow({
        ...owner, id: 'flow_with_fields', origin: 'http://127.0.0.1:4100', nonce: 'n', fields: { shop: 'acme' },
        expiresAt: new Date(Date.now() + 60_000).toISOString(),
      });
      await before.close();

      const during = await backend.open(t, { ring: createKeyring([newKey, oldKey]), file: location });
      const batches = [];
      for (let count = await during.reencryptConnections({ limit: 3 }); count > 0; count = await during.reencryptConnections({ limit: 3 })) {
        batches.push(count);
      }
      assert.deepEqual(batches, [3, 3, 1]);
      assert.equal(await during.reencryptFlows({ limit: 3 }), 2);
      assert.equal(await during.reencryptFlows({ limit: 3 }), 0);
      await during.close();

      const after = await backend.open(t, { ring: createKeyring([newKey]), file: location });
      for (const [index, key] of keys.entries()) {
        assert.deepEqual(await after.readCredentials(key), { accessToken: `at-${index}` });
      }
      assert.equal(await after.readCodeVerifier('flow_pending'), 'verifier');
      assert.deepEqual(await after.readFlowFields('flow_with_fields'), { shop: 'acme' });
    });

    test('migrations run once and the schema survives reopening', async (t) => {
      const location = name === 'sqlite' ? `${tempDir(t)}/store.sqlite` : await cluster.createDatabase();
      const first = await backend.open(t, { file: location });
      await newFlow(first);
      await first.close();
      // Two stores opening the same database at once must not apply a migration twice.
      const [second] = await Promise.all([backend.open(t, { file: location }), backend.open(t, { file: location })]);
      assert.equal((await second.getFlow('flow_1')).status, 'created');
      if (name === 'sqlite') {
        const db = new Database(location, { readonly: true });
        t.after(() => db.close());
        assert.deepEqual(db.prepare('SELECT version FROM migrations').pluck().all(), [1, 2, 3, 4, 5, 6]);
        assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
      } else {
        const client = new pg.Client({ connectionString: location });
        await client.connect();
        t.after(() => client.end());
        const { rows } = await client.query('SELECT version FROM migrations ORDER BY version');
        assert.deepEqual(rows.map((row) => row.version), [1, 2, 3, 4, 5, 6]);
      }
    });
  });
}

test('a PostgreSQL store that cannot connect says so through ready()', async () => {
  const store = createPostgresStore({ connectionString: 'postgresql://nobody@127.0.0.1:1/none', keyring });
  await assert.rejects(store.ready(), /ECONNREFUSED|connect/);
  await store.close();
});
