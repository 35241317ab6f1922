// PostgreSQL storage for flows and connections: the same methods and meaning as sqlite.js, every
// one asynchronous. Several service processes may share one database; each guarded status change
// is a single conditional UPDATE, so exactly one of them wins.
import pg from 'pg';
import { migrationsFor } from './migrations.js';
import { AAD_VERSION, upgradedCredentials, upgradedFlowSecrets } from './owner-binding-upgrade.js';
import {
  ENDED_FLOW_STATUSES, PENDING_FLOW_STATUSES, bySoonestExpiry, checkReconnectTarget, flowStateConflict, isoOrNull,
  newConnectionKey, openCodeVerifier, openCredentials, openedForRevoke, openFlowFields, resealedCredentials,
  resealedFlowSecrets, sealCodeVerifier, sealCredentials, sealFlowFields, toConnection, toFlow,
} from './records.js';

// Any fixed number works; it only has to be the same in every process that migrates this database.
const MIGRATION_LOCK_ID = 0x61757468;
const OWNER_COLUMNS = 'project_id = $1 AND environment = $2 AND identity = $3 AND identity_type = $4 AND integration = $5';
const REFRESHABLE = "status = 'active' AND auth_type = 'oauth2'";
const CLEAR_SECRETS = 'key_id = NULL, iv = NULL, ciphertext = NULL, tag = NULL';
const CLEAR_FLOW_SECRETS = 'verifier_key_id = NULL, verifier_iv = NULL, verifier_ciphertext = NULL, verifier_tag = NULL, '
  + 'fields_key_id = NULL, fields_iv = NULL, fields_ciphertext = NULL, fields_tag = NULL';
// Byte order, as SQLite sorts: the database's own collation may order keys differently.
const BY_KEY = 'key COLLATE "C"';
const UPGRADE_BATCH = 500;
const FLOW_OWNER = 'project_id = $2 AND environment = $3 AND identity_type = $4 AND identity = $5 AND integration = $6';

// Runs inside the migration's transaction (see owner-binding-upgrade.js). Pages by primary key, since
// a row left unopened keeps its version and must not be read again.
async function resealStoredSecrets(client, keyring) {
  await client.query(`UPDATE connections SET aad_version = ${AAD_VERSION} WHERE ciphertext IS NULL`);
  for (let after = ''; ;) {
    const { rows } = await client.query(`SELECT * FROM connections WHERE ciphertext IS NOT NULL AND ${BY_KEY} > $1
      ORDER BY ${BY_KEY} LIMIT ${UPGRADE_BATCH}`, [after]);
    if (rows.length === 0) break;
    for (const row of rows) {
      const sealed = upgradedCredentials(keyring, row);
      if (!sealed) continue;
      await client.query(`UPDATE connections SET key_id = $2, iv = $3, ciphertext = $4, tag = $5,
        aad_version = ${AAD_VERSION} WHERE key = $1`, [row.key, sealed.keyId, sealed.iv, sealed.ciphertext, sealed.tag]);
    }
    after = rows.at(-1).key;
  }
  for (let after = ''; ;) {
    const { rows } = await client.query(`SELECT * FROM oauth_flows WHERE id COLLATE "C" > $1
      ORDER BY id COLLATE "C" LIMIT ${UPGRADE_BATCH}`, [after]);
    if (rows.length === 0) break;
    for (const row of rows) {
      const sealed = upgradedFlowSecrets(keyring, row);
      if (!sealed) continue;
      const { verifier: v, fields: f } = sealed;
      await client.query(`UPDATE oauth_flows SET verifier_key_id = $2, verifier_iv = $3, verifier_ciphertext = $4,
        verifier_tag = $5, fields_key_id = $6, fields_iv = $7, fields_ciphertext = $8, fields_tag = $9,
        aad_version = ${AAD_VERSION} WHERE id = $1`,
      [row.id, v.keyId, v.iv, v.ciphertext, v.tag, f.keyId, f.iv, f.ciphertext, f.tag]);
    }
    after = rows.at(-1).id;
  }
}

async function migrate(pool, keyring) {
  const client = await pool.connect();
  try {
    // Two processes starting together must not both apply the same migration.
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
    try {
      await client.query(`CREATE TABLE IF NOT EXISTS migrations (
        version INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        applied_at TIMESTAMPTZ NOT NULL
      )`);
      const { rows } = await client.query('SELECT version FROM migrations');
      const applied = new Set(rows.map((row) => row.version));
      for (const migration of migrationsFor('postgres')) {
        if (applied.has(migration.version)) continue;
        await client.query('BEGIN');
        try {
          await client.query(migration.sql);
          if (migration.resealsSecrets) await resealStoredSecrets(client, keyring);
          await client.query('INSERT INTO migrations (version, name, applied_at) VALUES ($1, $2, now())',
            [migration.version, migration.name]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK');
          throw error;
        }
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]);
    }
  } finally {
    client.release();
  }
}

/**
 * Connects to PostgreSQL (`connectionString`, e.g. from DATABASE_URL) and migrates it. Every method
 * waits for the migration, so the store can be used at once; `ready()` reports a failed start.
 */
export function createPostgresStore({ connectionString, keyring, now = Date.now, poolSize = 10 }) {
  const pool = new pg.Pool({ connectionString, max: poolSize });
  // An idle connection that breaks (a database restart) must not bring the process down; the next
  // query opens a new one.
  pool.on('error', () => {});
  const migrated = migrate(pool, keyring);
  migrated.catch(() => {}); // reported through ready() and every method

  const isoNow = () => new Date(now()).toISOString();
  const pending = PENDING_FLOW_STATUSES.map((status) => `'${status}'`).join(', ');
  const ended = ENDED_FLOW_STATUSES.map((status) => `'${status}'`).join(', ');

  async function query(text, values) {
    await migrated;
    return pool.query(text, values);
  }

  async function firstRow(text, values) {
    return (await query(text, values)).rows[0];
  }

  async function transaction(work) {
    await migrated;
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }

  async function upsertConnection(client, input, timestamp) {
    const owner = [input.projectId, input.environment, input.identity, input.identityType, input.integration];
    const scopes = JSON.stringify(input.scopes ?? []);
    const fields = JSON.stringify(input.fields ?? {});
    const tokenExpiresAt = input.tokenExpiresAt ?? null;
    // The row is locked before its key goes into the authenticated data. Two processes creating the
    // same owner's first connection race on the insert; the loser finds the winner's row next round.
    for (let round = 0; round < 3; round += 1) {
      const { rows: [existing] } = await client.query(
        `SELECT key, status FROM connections WHERE ${OWNER_COLUMNS} FOR UPDATE`, owner,
      );
      checkReconnectTarget(existing, input.connectionKey);
      if (existing) {
        const { key } = existing;
        const sealed = sealCredentials(keyring, { ...input, key }, input.credentials);
        await client.query(`UPDATE connections SET auth_type = $2, status = 'active', scopes = $3, key_id = $4, iv = $5,
          ciphertext = $6, tag = $7, aad_version = ${AAD_VERSION}, token_expires_at = $8,
          credentials_version = credentials_version + 1, refresh_failures = 0, refresh_retry_at = NULL, refresh_lease_owner = NULL, refresh_lease_until = NULL,
          updated_at = $9, fields = $10 WHERE key = $1`,
        [key, input.authType, scopes, sealed.keyId, sealed.iv, sealed.ciphertext, sealed.tag, tokenExpiresAt, timestamp, fields]);
        return key;
      }
      const key = newConnectionKey();
      const sealed = sealCredentials(keyring, { ...input, key }, input.credentials);
      const inserted = await client.query(`INSERT INTO connections
        (key, project_id, environment, identity, identity_type, integration, auth_type, status, scopes,
         key_id, iv, ciphertext, tag, token_expires_at, created_at, updated_at, fields, aad_version)
        VALUES ($6, $1, $2, $3, $4, $5, $7, 'active', $8, $9, $10, $11, $12, $13, $14, $14, $15, ${AAD_VERSION})
        ON CONFLICT (project_id, environment, identity, identity_type, integration) DO NOTHING RETURNING key`,
      [...owner, key, input.authType, scopes, sealed.keyId, sealed.iv, sealed.ciphertext, sealed.tag, tokenExpiresAt, timestamp,
        fields]);
      if (inserted.rowCount === 1) return key;
    }
    throw new Error('The connection kept changing while it was being saved.');
  }

  async function connectionByKey(client, key) {
    return toConnection((await client.query('SELECT * FROM connections WHERE key = $1', [key])).rows[0]);
  }

  return {
    kind: 'postgres',

    /** Resolves once the database is reachable and migrated; rejects with the reason otherwise. */
    ready() {
      return migrated;
    },

    async createFlow(flow) {
      const timestamp = isoNow();
      const sealed = sealFlowFields(keyring, flow, flow.fields);
      return toFlow(await firstRow(`INSERT INTO oauth_flows
        (id, project_id, environment, identity, identity_type, integration, origin, nonce, status, created_at, updated_at, expires_at,
         fields_key_id, fields_iv, fields_ciphertext, fields_tag, connection_key, aad_version)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'created', $9, $9, $10, $11, $12, $13, $14, $15, ${AAD_VERSION}) RETURNING *`,
      [flow.id, flow.projectId, flow.environment, flow.identity, flow.identityType, flow.integration, flow.origin,
        flow.nonce, timestamp, flow.expiresAt, sealed.fieldsKeyId, sealed.fieldsIv, sealed.fieldsCiphertext, sealed.fieldsTag,
        flow.connectionKey ?? null]));
    },

    async readFlowFields(id) {
      return openFlowFields(keyring, await firstRow('SELECT * FROM oauth_flows WHERE id = $1', [id]));
    },

    async getFlow(id) {
      return toFlow(await firstRow('SELECT * FROM oauth_flows WHERE id = $1', [id]));
    },

    async findFlowByStateHash(stateHash) {
      return toFlow(await firstRow('SELECT * FROM oauth_flows WHERE state_hash = $1', [stateHash]));
    },

    // The verifier is bound to the owner the row has now, and only if the flow's field values still
    // open for that owner (they were sealed when the flow was made); the update only lands while the
    // row still names that owner.
    async beginAuthorization(id, { stateHash, browserBindingHash, codeVerifier }) {
      const row = await firstRow('SELECT * FROM oauth_flows WHERE id = $1', [id]);
      if (!row) return false;
      openFlowFields(keyring, row);
      const sealed = sealCodeVerifier(keyring, row, codeVerifier);
      const { rowCount } = await query(`UPDATE oauth_flows SET status = 'authorizing', state_hash = $7,
        browser_binding_hash = $8, verifier_key_id = $9, verifier_iv = $10, verifier_ciphertext = $11, verifier_tag = $12,
        updated_at = $13 WHERE id = $1 AND ${FLOW_OWNER} AND status = 'created' AND expires_at > $13`,
      [id, row.project_id, row.environment, row.identity_type, row.identity, row.integration, stateHash, browserBindingHash,
        sealed.keyId, sealed.iv, sealed.ciphertext, sealed.tag, isoNow()]);
      return rowCount === 1;
    },

    async claimFlowForExchange(id) {
      const { rowCount } = await query(`UPDATE oauth_flows SET status = 'exchanging', updated_at = $2
        WHERE id = $1 AND status = 'authorizing' AND expires_at > $2`, [id, isoNow()]);
      return rowCount === 1;
    },

    async readCodeVerifier(id) {
      return openCodeVerifier(keyring, await firstRow('SELECT * FROM oauth_flows WHERE id = $1', [id]));
    },

    async failFlow(id, { code, message }) {
      const { rowCount } = await query(`UPDATE oauth_flows SET status = 'failed', error_code = $2, error_message = $3,
        ${CLEAR_FLOW_SECRETS}, updated_at = $4 WHERE id = $1 AND status IN (${pending})`, [id, code, message, isoNow()]);
      return rowCount === 1;
    },

    async expireFlows({ code, message }) {
      const { rowCount } = await query(`UPDATE oauth_flows SET status = 'failed', error_code = $1, error_message = $2,
        ${CLEAR_FLOW_SECRETS}, updated_at = $3 WHERE status IN (${pending}) AND expires_at <= $3`, [code, message, isoNow()]);
      return rowCount;
    },

    // The statuses are written out, as in the partial index of migration 5: the planner only uses an
    // index like it for a query whose condition implies the index's.
    async countPendingFlows({ projectId, environment, identityType, identity }) {
      const ofOwner = identity !== undefined;
      const { count, soonest } = await firstRow(`SELECT COUNT(*) AS count, MIN(expires_at) AS soonest FROM oauth_flows
        WHERE project_id = $1 AND environment = $2 ${ofOwner ? 'AND identity_type = $4 AND identity = $5' : ''}
          AND status IN (${pending}) AND expires_at > $3`,
      [projectId, environment, isoNow(), ...(ofOwner ? [identityType, identity] : [])]);
      return { count: Number(count), soonestExpiresAt: isoOrNull(soonest) };
    },

    async deleteEndedFlows({ endedBefore, limit }) {
      const { rowCount } = await query(`DELETE FROM oauth_flows WHERE id IN (SELECT id FROM oauth_flows
        WHERE status IN (${ended}) AND updated_at < $1 LIMIT $2)`, [endedBefore, limit]);
      return rowCount;
    },

    async completeFlowWithConnection(flowId, connectionInput) {
      return transaction(async (client) => {
        const timestamp = isoNow();
        const key = await upsertConnection(client, connectionInput, timestamp);
        const { rowCount } = await client.query(`UPDATE oauth_flows SET status = 'succeeded', connection_key = $2,
          ${CLEAR_FLOW_SECRETS}, updated_at = $3 WHERE id = $1 AND status = 'exchanging'`, [flowId, key, timestamp]);
        // Throwing rolls the connection back too: it must not exist without its flow's success.
        if (rowCount !== 1) throw flowStateConflict();
        return connectionByKey(client, key);
      });
    },

    async saveConnection(connectionInput) {
      return transaction(async (client) => connectionByKey(client, await upsertConnection(client, connectionInput, isoNow())));
    },

    async getConnection(key) {
      return toConnection(await firstRow('SELECT * FROM connections WHERE key = $1', [key]));
    },

    async readCredentials(key) {
      return openCredentials(keyring, await firstRow('SELECT * FROM connections WHERE key = $1', [key]));
    },

    async listConnections({ projectId, environment, identity, identityType, integration, status, excludeStatus }) {
      const values = [projectId, environment];
      const clauses = ['project_id = $1', 'environment = $2'];
      const add = (sql, value) => {
        values.push(value);
        clauses.push(`${sql} $${values.length}`);
      };
      if (identity !== undefined) add('identity =', identity);
      if (identityType !== undefined) add('identity_type =', identityType);
      if (integration !== undefined) add('integration =', integration);
      if (status !== undefined) add('status =', status);
      if (excludeStatus !== undefined) add('status <>', excludeStatus);
      const { rows } = await query(`SELECT * FROM connections WHERE ${clauses.join(' AND ')} ORDER BY created_at, ${BY_KEY}`,
        values);
      return rows.map(toConnection);
    },

    // The row lock makes reading the credentials and erasing them one step: a refresh or reconnect
    // either committed before (and its credentials are the ones returned) or finds the row revoked.
    async revokeConnection(key) {
      return transaction(async (client) => {
        const { rows: [row] } = await client.query('SELECT * FROM connections WHERE key = $1 FOR UPDATE', [key]);
        if (!row) return undefined;
        if (row.status === 'revoked') return { connection: toConnection(row), credentials: undefined, revoked: false };
        const credentials = openedForRevoke(keyring, row);
        const { rows: [revoked] } = await client.query(`UPDATE connections SET status = 'revoked', ${CLEAR_SECRETS},
          token_expires_at = NULL, credentials_version = credentials_version + 1, refresh_lease_owner = NULL,
          refresh_lease_until = NULL, refresh_retry_at = NULL, updated_at = $2 WHERE key = $1 RETURNING *`, [key, isoNow()]);
        return { connection: toConnection(revoked), credentials, revoked: true };
      });
    },

    async claimRefreshLease(key, { owner, leaseUntil }) {
      return toConnection(await firstRow(`UPDATE connections SET refresh_lease_owner = $2, refresh_lease_until = $3
        WHERE key = $1 AND ${REFRESHABLE} AND (refresh_lease_until IS NULL OR refresh_lease_until <= $4) RETURNING *`,
      [key, owner, leaseUntil, isoNow()]));
    },

    async claimDueRefreshes({ horizon, limit, owner, leaseUntil }) {
      // SKIP LOCKED: rows another process is claiming right now are left to it instead of waited for.
      const { rows } = await query(`UPDATE connections SET refresh_lease_owner = $1, refresh_lease_until = $2
        WHERE key IN (SELECT key FROM connections WHERE ${REFRESHABLE} AND token_expires_at IS NOT NULL
          AND token_expires_at <= $3 AND (refresh_retry_at IS NULL OR refresh_retry_at <= $4)
          AND (refresh_lease_until IS NULL OR refresh_lease_until <= $4)
          ORDER BY token_expires_at, ${BY_KEY} LIMIT $5 FOR UPDATE SKIP LOCKED)
        RETURNING *`, [owner, leaseUntil, horizon, isoNow(), limit]);
      return rows.map(toConnection).sort(bySoonestExpiry);
    },

    async releaseRefreshLease(key, { owner, failures, retryAt }) {
      const { rowCount } = failures === undefined
        ? await query(`UPDATE connections SET refresh_lease_owner = NULL, refresh_lease_until = NULL
            WHERE key = $1 AND refresh_lease_owner = $2`, [key, owner])
        : await query(`UPDATE connections SET refresh_lease_owner = NULL, refresh_lease_until = NULL,
            refresh_failures = $3, refresh_retry_at = $4 WHERE key = $1 AND refresh_lease_owner = $2`,
          [key, owner, failures, retryAt ?? null]);
      return rowCount === 1;
    },

    // The row is locked while the new credentials are sealed for the owner it has, and only over
    // credentials that still open for it: a row handed to another owner while the provider answered
    // gets nothing new.
    async saveRefreshedCredentials(key, { version, owner, credentials, tokenExpiresAt, scopes }) {
      return transaction(async (client) => {
        const { rows: [row] } = await client.query('SELECT * FROM connections WHERE key = $1 FOR UPDATE', [key]);
        if (row?.status !== 'active' || Number(row.credentials_version) !== version) return undefined;
        openCredentials(keyring, row);
        const sealed = sealCredentials(keyring, toConnection(row), credentials);
        const { rows: [saved] } = await client.query(`UPDATE connections SET key_id = $4, iv = $5, ciphertext = $6,
          tag = $7, aad_version = ${AAD_VERSION}, scopes = $8, token_expires_at = $9, credentials_version = credentials_version + 1,
          refresh_failures = 0, refresh_retry_at = NULL,
          refresh_lease_owner = CASE WHEN refresh_lease_owner = $3 THEN NULL ELSE refresh_lease_owner END,
          refresh_lease_until = CASE WHEN refresh_lease_owner = $3 THEN NULL ELSE refresh_lease_until END,
          updated_at = $10 WHERE key = $1 AND status = 'active' AND credentials_version = $2 RETURNING *`,
        [key, version, owner, sealed.keyId, sealed.iv, sealed.ciphertext, sealed.tag, JSON.stringify(scopes ?? []),
          tokenExpiresAt ?? null, isoNow()]);
        return toConnection(saved);
      });
    },

    async markNeedsReauth(key, { version, owner }) {
      return toConnection(await firstRow(`UPDATE connections SET status = 'needs_reauth',
        refresh_lease_owner = CASE WHEN refresh_lease_owner = $3 THEN NULL ELSE refresh_lease_owner END,
        refresh_lease_until = CASE WHEN refresh_lease_owner = $3 THEN NULL ELSE refresh_lease_until END,
        updated_at = $4 WHERE key = $1 AND status = 'active' AND credentials_version = $2 RETURNING *`,
      [key, version, owner, isoNow()]));
    },

    async reencryptConnections({ limit }) {
      return transaction(async (client) => {
        const { rows } = await client.query(`SELECT * FROM connections WHERE ciphertext IS NOT NULL AND key_id <> $1
          ORDER BY ${BY_KEY} LIMIT $2 FOR UPDATE`, [keyring.currentKeyId, limit]);
        for (const row of rows) {
          const sealed = resealedCredentials(keyring, row);
          await client.query('UPDATE connections SET key_id = $2, iv = $3, ciphertext = $4, tag = $5 WHERE key = $1',
            [row.key, sealed.keyId, sealed.iv, sealed.ciphertext, sealed.tag]);
        }
        return rows.length;
      });
    },

    async reencryptFlows({ limit }) {
      return transaction(async (client) => {
        const { rows } = await client.query(`SELECT * FROM oauth_flows
          WHERE (verifier_ciphertext IS NOT NULL AND verifier_key_id <> $1)
             OR (fields_ciphertext IS NOT NULL AND fields_key_id <> $1)
          ORDER BY id COLLATE "C" LIMIT $2 FOR UPDATE`, [keyring.currentKeyId, limit]);
        for (const row of rows) {
          for (const [prefix, sealed] of resealedFlowSecrets(keyring, row)) {
            await client.query(`UPDATE oauth_flows SET ${prefix}key_id = $2, ${prefix}iv = $3, ${prefix}ciphertext = $4,
              ${prefix}tag = $5 WHERE id = $1`, [row.id, sealed.keyId, sealed.iv, sealed.ciphertext, sealed.tag]);
          }
        }
        return rows.length;
      });
    },

    async close() {
      if (pool.ended || pool.ending) return;
      await migrated.catch(() => {});
      await pool.end();
    },
  };
}
