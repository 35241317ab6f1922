// Secrets bound to their owner and integration, on both backends: someone who can write to the
// database but holds no encryption key rewrites a row's owner, integration or auth type with plain
// SQL, and the credentials (or a flow's verifier and field values) no longer open: nothing is handed
// to the new owner, and the passthrough sends nothing to any provider. Also the one-time upgrade of
// secrets sealed the old way (bound to their row's id alone): all of them open afterwards, and the
// old way is never accepted again.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
import { createKeyring } from '../../server/src/crypto.js';
import { migrationsFor } from '../../server/src/store/migrations.js';
import { createPostgresStore } from '../../server/src/store/postgres.js';
import { createSqliteStore } from '../../server/src/store/sqlite.js';
import { passthrough, seedOAuthConnection, startHttpServer } from './helpers.js';
import { startPostgres } from './postgres.js';
import { baseConfig, request, startService, tempDir } from './support.js';

const KEY_1 = { id: 'k1', key: randomBytes(32) };
const keyring = createKeyring([KEY_1]);
const owner = {
  projectId: 'demo', environment: 'test', identity: 'user-1', identityType: 'user', integration: 'sandbox-oauth',
};
const HOUR = 60 * 60 * 1000;
const ORIGIN = 'http://127.0.0.1:4100';

let cluster;
before(async () => {
  cluster = await startPostgres();
});
after(() => cluster?.stop());

/** Runs one statement as someone with write access to the database would, outside the service. */
async function rawSql(backend, location, sql, values = []) {
  if (backend === 'sqlite') {
    const db = new Database(location);
    try {
      const statement = db.prepare(sql.replace(/\$(\d+)/g, '@p$1'));
      const named = Object.fromEntries(values.map((value, index) => [`p${index + 1}`, value]));
      return statement.reader ? statement.all(named) : statement.run(named);
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: location });
  await client.connect();
  try {
    return (await client.query(sql, values)).rows;
  } finally {
    await client.end();
  }
}

const backends = {
  sqlite: {
    location: async (t) => `${tempDir(t)}/store.sqlite`,
    async open(t, location, ring = keyring) {
      const store = createSqliteStore({ file: location, keyring: ring });
      t.after(() => store.close());
      return store;
    },
  },
  postgres: {
    location: () => cluster.createDatabase(),
    async open(t, location, ring = keyring) {
      const store = createPostgresStore({ connectionString: location, keyring: ring });
      t.after(() => store.close());
      await store.ready();
      return store;
    },
  },
};

const oauthInput = (overrides = {}) => ({
  ...owner, authType: 'oauth2', scopes: ['read'], credentials: { accessToken: 'at-user-1', refreshToken: 'rt-user-1' },
  tokenExpiresAt: new Date(Date.now() + HOUR).toISOString(), ...overrides,
});

const newFlow = (store, id, fields) => store.createFlow({
  ...owner, id, origin: ORIGIN, nonce: 'n', fields, expiresAt: new Date(Date.now() + 10 * 60_000).toISOString(),
});

// Each column the credentials are bound to, and a value an attacker could move the row to.
const REWRITES = [
  ['identity', 'attacker'],
  ['project_id', 'other-project'],
  ['integration', 'attacker-integration'],
  ['environment', 'live'],
  ['identity_type', 'team'],
  ['auth_type', 'api_key'],
];

/** A database at schema version 4, before secrets were bound to their owner. */
async function oldSchema(backend, location) {
  const statements = [
    `CREATE TABLE migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at ${
      backend === 'sqlite' ? 'TEXT' : 'TIMESTAMPTZ'} NOT NULL)`,
  ];
  const migrations = migrationsFor(backend).filter((migration) => migration.version <= 4);
  if (backend === 'sqlite') {
    const db = new Database(location);
    try {
      db.exec(statements[0]);
      for (const migration of migrations) {
        db.exec(migration.sql);
        db.prepare('INSERT INTO migrations VALUES (?, ?, ?)').run(migration.version, migration.name, new Date().toISOString());
      }
    } finally {
      db.close();
    }
    return;
  }
  const client = new pg.Client({ connectionString: location });
  await client.connect();
  try {
    await client.query(statements[0]);
    for (const migration of migrations) {
      await client.query(migration.sql);
      await client.query('INSERT INTO migrations VALUES ($1, $2, now())', [migration.version, migration.name]);
    }
  } finally {
    await client.end();
  }
}

// The authenticated data of schema version 4, written out here rather than taken from the service,
// so that these rows are sealed exactly as the old service sealed them.
const sealedTheOldWay = (ring, plaintext, aad) => ring.encrypt(plaintext, aad);

async function insertOldConnection(backend, location, ring, { key, identity, authType = 'oauth2', credentials, revoked }) {
  const sealed = revoked ? { keyId: null, iv: null, ciphertext: null, tag: null }
    : sealedTheOldWay(ring, JSON.stringify(credentials), `connection:${key}`);
  const now = new Date().toISOString();
  await rawSql(backend, location, `INSERT INTO connections (key, project_id, environment, integration, identity, identity_type,
    auth_type, status, scopes, key_id, iv, ciphertext, tag, created_at, updated_at)
    VALUES ($1, 'demo', 'test', 'sandbox-oauth', $2, 'user', $3, $4, '[]', $5, $6, $7, $8, $9, $9)`,
  [key, identity, authType, revoked ? 'revoked' : 'active', sealed.keyId, sealed.iv, sealed.ciphertext, sealed.tag, now]);
  return sealed;
}

async function insertOldFlow(backend, location, ring, { id, status, verifier, fields }) {
  const none = { keyId: null, iv: null, ciphertext: null, tag: null };
  const v = verifier ? sealedTheOldWay(ring, verifier, `flow:${id}`) : none;
  const f = fields ? sealedTheOldWay(ring, JSON.stringify(fields), `flow-fields:${id}`) : none;
  const now = new Date().toISOString();
  const expires = new Date(Date.now() + 10 * 60_000).toISOString();
  await rawSql(backend, location, `INSERT INTO oauth_flows (id, project_id, environment, identity, identity_type, integration,
    origin, nonce, status, verifier_key_id, verifier_iv, verifier_ciphertext, verifier_tag, fields_key_id, fields_iv,
    fields_ciphertext, fields_tag, created_at, updated_at, expires_at)
    VALUES ($1, 'demo', 'test', 'user-1', 'user', 'sandbox-oauth', $2, 'n', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, $13)`,
  [id, ORIGIN, status, v.keyId, v.iv, v.ciphertext, v.tag, f.keyId, f.iv, f.ciphertext, f.tag, now, expires]);
}

const aadVersionOf = async (backend, location, table, column, id) => Number((await rawSql(backend, location,
  `SELECT aad_version FROM ${table} WHERE ${column} = $1`, [id]))[0].aad_version);

for (const [name, backend] of Object.entries(backends)) {
  describe(`${name}: secrets bound to their owner`, () => {
    for (const [column, value] of REWRITES) {
      test(`attack: a connection whose ${column} is rewritten in the database does not decrypt for its new owner`, async (t) => {
        const location = await backend.location(t);
        const store = await backend.open(t, location);
        const saved = await store.saveConnection(oauthInput());
        const [{ original }] = await rawSql(name, location, `SELECT ${column} AS original FROM connections WHERE key = $1`, [saved.key]);

        await rawSql(name, location, `UPDATE connections SET ${column} = $1 WHERE key = $2`, [value, saved.key]);
        const moved = await store.getConnection(saved.key);
        assert.notDeepEqual(moved, saved, 'the row now names another owner, integration or auth type');
        await assert.rejects(async () => store.readCredentials(saved.key), { code: 'decryption_failed' });

        await rawSql(name, location, `UPDATE connections SET ${column} = $1 WHERE key = $2`, [original, saved.key]);
        assert.deepEqual(await store.readCredentials(saved.key), { accessToken: 'at-user-1', refreshToken: 'rt-user-1' },
          'back with its own owner, the row opens again: it is the binding that refused it');
      });
    }

    test('attack: setting a connection\'s aad_version back to 1 does not bring back the binding to its key alone', async (t) => {
      const location = await backend.location(t);
      const first = await backend.open(t, location);
      const saved = await first.saveConnection(oauthInput());
      assert.equal(await aadVersionOf(name, location, 'connections', 'key', saved.key), 2);
      await rawSql(name, location, 'UPDATE connections SET aad_version = 1, identity = $1 WHERE key = $2', ['attacker', saved.key]);
      await assert.rejects(async () => first.readCredentials(saved.key), { code: 'decryption_failed' });
      await first.close();

      // Opening the store again runs no upgrade a second time: the marker is only a record.
      const reopened = await backend.open(t, location);
      await assert.rejects(async () => reopened.readCredentials(saved.key), { code: 'decryption_failed' });
      assert.equal(await aadVersionOf(name, location, 'connections', 'key', saved.key), 1, 'nothing re-sealed it');
      await rawSql(name, location, 'UPDATE connections SET identity = $1 WHERE key = $2', ['user-1', saved.key]);
      assert.deepEqual((await reopened.readCredentials(saved.key)).accessToken, 'at-user-1',
        'the marker decides nothing: the row opens for its own owner whatever it says');
    });

    test('attack: a connection handed to another owner while its token is refreshed gets no new credentials', async (t) => {
      const location = await backend.location(t);
      const store = await backend.open(t, location);
      const saved = await store.saveConnection(oauthInput());
      const claimed = await store.claimRefreshLease(saved.key, { owner: 'worker', leaseUntil: new Date(Date.now() + 30_000).toISOString() });
      await rawSql(name, location, 'UPDATE connections SET identity = $1 WHERE key = $2', ['attacker', saved.key]);
      await assert.rejects(async () => store.saveRefreshedCredentials(saved.key, {
        version: claimed.credentialsVersion, owner: 'worker', credentials: { accessToken: 'fresh-token' }, scopes: [],
      }), { code: 'decryption_failed' });
      assert.equal((await store.getConnection(saved.key)).credentialsVersion, claimed.credentialsVersion, 'nothing was written');
    });

    test('a revoke erases a connection whose credentials no longer open, and hands nothing on', async (t) => {
      const location = await backend.location(t);
      const store = await backend.open(t, location);
      const saved = await store.saveConnection(oauthInput());
      await rawSql(name, location, 'UPDATE connections SET integration = $1 WHERE key = $2', ['attacker-integration', saved.key]);
      const outcome = await store.revokeConnection(saved.key);
      assert.equal(outcome.revoked, true);
      assert.equal(outcome.credentials, undefined, 'no provider is sent credentials it cannot open');
      assert.equal((await store.getConnection(saved.key)).status, 'revoked');
    });

    test('attack: a flow handed to another identity before its popup opens cannot be launched', async (t) => {
      const location = await backend.location(t);
      const store = await backend.open(t, location);
      await newFlow(store, 'flow_plain');
      await rawSql(name, location, 'UPDATE oauth_flows SET identity = $1 WHERE id = $2', ['attacker', 'flow_plain']);
      await assert.rejects(async () => store.readFlowFields('flow_plain'), { code: 'decryption_failed' });
      await assert.rejects(async () => store.beginAuthorization('flow_plain', {
        stateHash: 's', browserBindingHash: 'b', codeVerifier: 'verifier',
      }), { code: 'decryption_failed' });
      const flow = await store.getFlow('flow_plain');
      assert.equal(flow.status, 'created', 'it was not launched');
      assert.equal(await store.readCodeVerifier('flow_plain'), undefined);

      await newFlow(store, 'flow_emptied', { shop: 'acme' });
      await rawSql(name, location, `UPDATE oauth_flows SET fields_key_id = NULL, fields_iv = NULL, fields_ciphertext = NULL,
        fields_tag = NULL, identity = $1 WHERE id = $2`, ['attacker', 'flow_emptied']);
      await assert.rejects(async () => store.readFlowFields('flow_emptied'), { code: 'decryption_failed' },
        'erasing the sealed values does not get rid of the binding');
    });

    test('attack: a flow handed to another identity or integration after its popup opened cannot finish', async (t) => {
      const location = await backend.location(t);
      const store = await backend.open(t, location);
      for (const [column, value] of [['identity', 'attacker'], ['integration', 'attacker-integration'], ['project_id', 'other']]) {
        const id = `flow_${column}`;
        await newFlow(store, id, { shop: 'acme' });
        assert.equal(await store.beginAuthorization(id, { stateHash: `s-${id}`, browserBindingHash: 'b', codeVerifier: 'verifier' }), true);
        await store.claimFlowForExchange(id);
        await rawSql(name, location, `UPDATE oauth_flows SET ${column} = $1 WHERE id = $2`, [value, id]);
        await assert.rejects(async () => store.readCodeVerifier(id), { code: 'decryption_failed' }, column);
        await assert.rejects(async () => store.readFlowFields(id), { code: 'decryption_failed' }, column);
      }
    });

    test('every secret sealed the old way opens after the upgrade, none lost, in pages', async (t) => {
      const location = await backend.location(t);
      await oldSchema(name, location);
      const expected = new Map();
      // More than one page of the upgrade (500 rows).
      for (let index = 0; index < 520; index += 1) {
        const key = `conn_old_${String(index).padStart(4, '0')}`;
        const authType = index % 2 ? 'api_key' : 'oauth2';
        const credentials = authType === 'oauth2' ? { accessToken: `at-${index}`, refreshToken: `rt-${index}` } : { apiKey: `key-${index}` };
        await insertOldConnection(name, location, keyring, { key, identity: `user-${index}`, authType, credentials });
        expected.set(key, credentials);
      }
      await insertOldConnection(name, location, keyring, { key: 'conn_old_revoked', identity: 'gone', revoked: true });
      const damaged = await insertOldConnection(name, location, keyring, {
        key: 'conn_old_damaged', identity: 'damaged', credentials: { accessToken: 'x' },
      });
      damaged.ciphertext[0] ^= 1;
      await rawSql(name, location, 'UPDATE connections SET ciphertext = $1 WHERE key = $2', [damaged.ciphertext, 'conn_old_damaged']);
      await insertOldFlow(name, location, keyring, { id: 'flow_authorizing', status: 'authorizing', verifier: 'v-1', fields: { shop: 'acme' } });
      await insertOldFlow(name, location, keyring, { id: 'flow_created_plain', status: 'created' });
      await insertOldFlow(name, location, keyring, { id: 'flow_created_fields', status: 'created', fields: { shop: 'beta' } });
      await insertOldFlow(name, location, keyring, { id: 'flow_failed', status: 'failed' });

      const store = await backend.open(t, location);
      for (const [key, credentials] of expected) assert.deepEqual(await store.readCredentials(key), credentials, key);
      const [{ count }] = await rawSql(name, location, 'SELECT COUNT(*) AS count FROM connections');
      assert.equal(Number(count), 522, 'every row is still there');
      const versions = await rawSql(name, location, 'SELECT aad_version, COUNT(*) AS count FROM connections GROUP BY aad_version ORDER BY aad_version');
      assert.deepEqual(versions.map((row) => [Number(row.aad_version), Number(row.count)]), [[1, 1], [2, 521]],
        'only the damaged row, which opened before no more than now, keeps version 1');
      assert.equal((await store.getConnection('conn_old_revoked')).status, 'revoked');
      await assert.rejects(async () => store.readCredentials('conn_old_damaged'), { code: 'decryption_failed' });

      assert.equal(await store.readCodeVerifier('flow_authorizing'), 'v-1');
      assert.deepEqual(await store.readFlowFields('flow_authorizing'), { shop: 'acme' });
      assert.deepEqual(await store.readFlowFields('flow_created_fields'), { shop: 'beta' });
      assert.deepEqual(await store.readFlowFields('flow_created_plain'), {});
      assert.equal(await store.beginAuthorization('flow_created_plain', { stateHash: 's', browserBindingHash: 'b', codeVerifier: 'v-2' }),
        true, 'a flow made before the upgrade can still be launched');
      assert.equal(await store.readCodeVerifier('flow_created_plain'), 'v-2');
      assert.deepEqual(await store.readFlowFields('flow_failed'), {});
      const migrations = await rawSql(name, location, 'SELECT version FROM migrations ORDER BY version');
      assert.deepEqual(migrations.map((row) => Number(row.version)), [1, 2, 3, 4, 5, 6]);
    });

    test('attack: a ciphertext sealed the old way, written back after the upgrade, opens for nobody', async (t) => {
      const location = await backend.location(t);
      await oldSchema(name, location);
      // The copy someone kept of the row as it was before the upgrade (a backup, an earlier read).
      const oldCopy = await insertOldConnection(name, location, keyring, {
        key: 'conn_victim', identity: 'user-1', credentials: { accessToken: 'victim-token' },
      });
      const store = await backend.open(t, location);
      assert.deepEqual(await store.readCredentials('conn_victim'), { accessToken: 'victim-token' });

      const writeBack = (identity) => rawSql(name, location, `UPDATE connections SET key_id = $1, iv = $2, ciphertext = $3, tag = $4,
        aad_version = 1, identity = $5 WHERE key = $6`, [oldCopy.keyId, oldCopy.iv, oldCopy.ciphertext, oldCopy.tag, identity, 'conn_victim']);
      await writeBack('attacker');
      await assert.rejects(async () => store.readCredentials('conn_victim'), { code: 'decryption_failed' });
      await writeBack('user-1');
      await assert.rejects(async () => store.readCredentials('conn_victim'), { code: 'decryption_failed' },
        'the old scheme is not accepted for any row once the upgrade ran');
      await store.close();
      const reopened = await backend.open(t, location);
      await assert.rejects(async () => reopened.readCredentials('conn_victim'), { code: 'decryption_failed' },
        'nor after a restart');
    });

    test('the upgrade changes nothing while a secret\'s key is not configured, and completes once it is', async (t) => {
      const location = await backend.location(t);
      await oldSchema(name, location);
      const oldKey = { id: 'retired', key: randomBytes(32) };
      await insertOldConnection(name, location, keyring, { key: 'conn_a', identity: 'a', credentials: { accessToken: 'a' } });
      await insertOldConnection(name, location, createKeyring([oldKey]), { key: 'conn_b', identity: 'b', credentials: { accessToken: 'b' } });

      await assert.rejects(async () => backend.open(t, location), (error) => {
        assert.equal(error.code, 'encryption_key_unknown');
        assert.match(error.message, /connection conn_b .*"retired".*Add that key back to encryptionKeys/s);
        return true;
      });
      const migrations = await rawSql(name, location, 'SELECT version FROM migrations ORDER BY version');
      assert.deepEqual(migrations.map((row) => Number(row.version)), [1, 2, 3, 4, 5],
        'the upgrade (migration 6) was rolled back as a whole');

      const store = await backend.open(t, location, createKeyring([KEY_1, oldKey]));
      assert.deepEqual(await store.readCredentials('conn_a'), { accessToken: 'a' });
      assert.deepEqual(await store.readCredentials('conn_b'), { accessToken: 'b' });
    });

    test('attack: a connection moved to another integration sends its token to no API and no revocation endpoint', async (t) => {
      const ownApi = await startHttpServer(t, (req, res) => res.writeHead(200).end('own api'));
      const otherApi = await startHttpServer(t, (req, res) => res.writeHead(200).end('other api'));
      const oauth = (api, revocationEndpoint) => ({
        name: 'OAuth', authType: 'oauth2', clientId: 'id', clientSecret: 'secret', api: { baseUrl: api.url },
        oauth: { authorizationEndpoint: 'https://p.example/authorize', tokenEndpoint: 'https://p.example/token', revocationEndpoint },
      });
      const location = await backend.location(t);
      const { config, secretKeys } = baseConfig({
        database: name === 'sqlite' ? { sqlite: location } : { postgres: location },
        integrations: { 'sandbox-oauth': oauth(ownApi), 'other-oauth': oauth(otherApi, `${otherApi.url}/revoke`) },
      });
      config.refresh = { worker: false };
      const { service, url } = await startService(t, config);
      const connection = await seedOAuthConnection(service, { accessToken: 'bearer-token-of-sandbox-oauth' });

      await rawSql(name, location, 'UPDATE connections SET integration = $1 WHERE key = $2', ['other-oauth', connection.key]);
      const response = await passthrough(url, secretKeys.test, connection.key, '/me');
      const body = await response.text();
      assert.deepEqual(otherApi.requests.map((sent) => sent.headers.authorization), [],
        'the other integration\'s API got no bearer token');
      assert.deepEqual(ownApi.requests, []);
      assert.equal(response.status, 500);
      assert.equal(JSON.parse(body).error.code, 'internal_error');

      const deleted = await request(`${url}/v1/connections/${connection.key}`, { method: 'DELETE', secret: secretKeys.test });
      assert.equal(deleted.status, 200);
      assert.equal((await deleted.json()).connection.status, 'revoked');
      assert.deepEqual(otherApi.requests, [], 'nor its revocation endpoint');
    });
  });
}
