// SQLite storage for flows and connections. Everything above talks to the store through the methods
// returned here (see index.js); postgres.js implements the same object.
// Secrets are encrypted here, because their authenticated data names the row they live in.
import Database from 'better-sqlite3';
import { migrationsFor } from './migrations.js';
import { AAD_VERSION, upgradedCredentials, upgradedFlowSecrets } from './owner-binding-upgrade.js';
import {
  ENDED_FLOW_STATUSES, PENDING_FLOW_STATUSES, bySoonestExpiry, checkReconnectTarget, flowStateConflict, isoOrNull,
  newConnectionKey, openCodeVerifier, openCredentials, openedForRevoke, openFlowFields, resealedCredentials,
  resealedFlowSecrets, sealCodeVerifier, sealCredentials, sealFlowFields, toConnection, toFlow,
} from './records.js';

const UPGRADE_BATCH = 500;

// Runs inside the migration's transaction (see owner-binding-upgrade.js). Pages by primary key, since
// a row left unopened keeps its version and must not be read again.
function resealStoredSecrets(db, keyring) {
  db.prepare(`UPDATE connections SET aad_version = ${AAD_VERSION} WHERE ciphertext IS NULL`).run();
  const connections = db.prepare(`SELECT * FROM connections WHERE ciphertext IS NOT NULL AND key > ?
    ORDER BY key LIMIT ${UPGRADE_BATCH}`);
  const saveConnection = db.prepare(`UPDATE connections SET key_id = @keyId, iv = @iv, ciphertext = @ciphertext,
    tag = @tag, aad_version = ${AAD_VERSION} WHERE key = @key`);
  for (let rows = connections.all(''); rows.length > 0; rows = connections.all(rows.at(-1).key)) {
    for (const row of rows) {
      const sealed = upgradedCredentials(keyring, row);
      if (sealed) saveConnection.run({ key: row.key, ...sealed });
    }
  }
  const flows = db.prepare(`SELECT * FROM oauth_flows WHERE id > ? ORDER BY id LIMIT ${UPGRADE_BATCH}`);
  const saveFlow = db.prepare(`UPDATE oauth_flows SET verifier_key_id = @vKeyId, verifier_iv = @vIv,
    verifier_ciphertext = @vCiphertext, verifier_tag = @vTag, fields_key_id = @fKeyId, fields_iv = @fIv,
    fields_ciphertext = @fCiphertext, fields_tag = @fTag, aad_version = ${AAD_VERSION} WHERE id = @id`);
  for (let rows = flows.all(''); rows.length > 0; rows = flows.all(rows.at(-1).id)) {
    for (const row of rows) {
      const sealed = upgradedFlowSecrets(keyring, row);
      if (!sealed) continue;
      const { verifier: v, fields: f } = sealed;
      saveFlow.run({
        id: row.id, vKeyId: v.keyId, vIv: v.iv, vCiphertext: v.ciphertext, vTag: v.tag,
        fKeyId: f.keyId, fIv: f.iv, fCiphertext: f.ciphertext, fTag: f.tag,
      });
    }
  }
}

function migrate(db, keyring) {
  db.exec(`CREATE TABLE IF NOT EXISTS migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`);
  const applied = new Set(db.prepare('SELECT version FROM migrations').pluck().all());
  const record = db.prepare('INSERT INTO migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const migration of migrationsFor('sqlite')) {
    if (applied.has(migration.version)) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      if (migration.resealsSecrets) resealStoredSecrets(db, keyring);
      record.run(migration.version, migration.name, new Date().toISOString());
    }).immediate();
  }
}

// A refresh lease is free when nobody holds it or its holder's time ran out.
const LEASE_FREE = '(refresh_lease_until IS NULL OR refresh_lease_until <= @now)';
const REFRESHABLE = "status = 'active' AND auth_type = 'oauth2'";
// Releases the lease only if the caller still holds it.
const RELEASE_OWN_LEASE = `refresh_lease_owner = CASE WHEN refresh_lease_owner = @owner THEN NULL ELSE refresh_lease_owner END,
  refresh_lease_until = CASE WHEN refresh_lease_owner = @owner THEN NULL ELSE refresh_lease_until END`;
const CLEAR_SECRETS = 'key_id = NULL, iv = NULL, ciphertext = NULL, tag = NULL';
const CLEAR_FLOW_SECRETS = 'verifier_key_id = NULL, verifier_iv = NULL, verifier_ciphertext = NULL, verifier_tag = NULL, '
  + 'fields_key_id = NULL, fields_iv = NULL, fields_ciphertext = NULL, fields_tag = NULL';

/**
 * Opens (and migrates) a SQLite store. `keyring` comes from createKeyring; `now()` returns epoch ms.
 */
export function createSqliteStore({ file, keyring, now = Date.now }) {
  const db = new Database(file);
  if (file !== ':memory:') db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  try {
    migrate(db, keyring);
  } catch (error) {
    db.close();
    throw error;
  }

  const isoNow = () => new Date(now()).toISOString();
  const pending = PENDING_FLOW_STATUSES.map((status) => `'${status}'`).join(', ');
  const ended = ENDED_FLOW_STATUSES.map((status) => `'${status}'`).join(', ');

  const statements = {
    insertFlow: db.prepare(`INSERT INTO oauth_flows
      (id, project_id, environment, identity, identity_type, integration, origin, nonce, status, created_at, updated_at, expires_at,
       fields_key_id, fields_iv, fields_ciphertext, fields_tag, connection_key, aad_version)
      VALUES (@id, @projectId, @environment, @identity, @identityType, @integration, @origin, @nonce, 'created', @now, @now, @expiresAt,
       @fieldsKeyId, @fieldsIv, @fieldsCiphertext, @fieldsTag, @connectionKey, ${AAD_VERSION})`),
    flowById: db.prepare('SELECT * FROM oauth_flows WHERE id = ?'),
    flowByStateHash: db.prepare('SELECT * FROM oauth_flows WHERE state_hash = ?'),
    beginAuthorization: db.prepare(`UPDATE oauth_flows SET status = 'authorizing', state_hash = @stateHash,
      browser_binding_hash = @browserBindingHash, verifier_key_id = @keyId, verifier_iv = @iv,
      verifier_ciphertext = @ciphertext, verifier_tag = @tag, updated_at = @now
      WHERE id = @id AND status = 'created' AND expires_at > @now`),
    // Only unexpired pending flows count: one that ended or expired has freed its place.
    pendingFlowsOfOwner: db.prepare(`SELECT COUNT(*) AS count, MIN(expires_at) AS soonest FROM oauth_flows
      WHERE project_id = @projectId AND environment = @environment AND identity_type = @identityType
        AND identity = @identity AND status IN (${pending}) AND expires_at > @now`),
    pendingFlowsOfProject: db.prepare(`SELECT COUNT(*) AS count, MIN(expires_at) AS soonest FROM oauth_flows
      WHERE project_id = @projectId AND environment = @environment AND status IN (${pending}) AND expires_at > @now`),
    claimForExchange: db.prepare(`UPDATE oauth_flows SET status = 'exchanging', updated_at = @now
      WHERE id = @id AND status = 'authorizing' AND expires_at > @now`),
    // Ending a flow also drops its PKCE verifier and field values: a finished flow keeps no secret.
    failFlow: db.prepare(`UPDATE oauth_flows SET status = 'failed', error_code = @code, error_message = @message,
      ${CLEAR_FLOW_SECRETS}, updated_at = @now WHERE id = @id AND status IN (${pending})`),
    // The sweep: pending flows nobody finished end like any expired flow, secrets dropped.
    expireFlows: db.prepare(`UPDATE oauth_flows SET status = 'failed', error_code = @code, error_message = @message,
      ${CLEAR_FLOW_SECRETS}, updated_at = @now WHERE status IN (${pending}) AND expires_at <= @now`),
    deleteEndedFlows: db.prepare(`DELETE FROM oauth_flows WHERE id IN (SELECT id FROM oauth_flows
      WHERE status IN (${ended}) AND updated_at < @endedBefore LIMIT @limit)`),
    succeedFlow: db.prepare(`UPDATE oauth_flows SET status = 'succeeded', connection_key = @connectionKey,
      ${CLEAR_FLOW_SECRETS}, updated_at = @now WHERE id = @id AND status = 'exchanging'`),
    connectionByOwner: db.prepare(`SELECT key, status FROM connections WHERE project_id = @projectId AND environment = @environment
      AND identity = @identity AND identity_type = @identityType AND integration = @integration`),
    insertConnection: db.prepare(`INSERT INTO connections
      (key, project_id, environment, integration, identity, identity_type, auth_type, status, scopes,
       key_id, iv, ciphertext, tag, token_expires_at, fields, created_at, updated_at, aad_version)
      VALUES (@key, @projectId, @environment, @integration, @identity, @identityType, @authType, 'active', @scopes,
       @keyId, @iv, @ciphertext, @tag, @tokenExpiresAt, @fields, @now, @now, ${AAD_VERSION})`),
    // Reconnecting starts the refresh bookkeeping afresh; a refresh still running elsewhere finds the
    // version moved and keeps its result to itself.
    replaceConnectionCredentials: db.prepare(`UPDATE connections SET auth_type = @authType, status = 'active',
      scopes = @scopes, key_id = @keyId, iv = @iv, ciphertext = @ciphertext, tag = @tag, aad_version = ${AAD_VERSION},
      fields = @fields, token_expires_at = @tokenExpiresAt, credentials_version = credentials_version + 1, refresh_failures = 0,
      refresh_retry_at = NULL, refresh_lease_owner = NULL, refresh_lease_until = NULL, updated_at = @now WHERE key = @key`),
    connectionByKey: db.prepare('SELECT * FROM connections WHERE key = ?'),
    revokeConnection: db.prepare(`UPDATE connections SET status = 'revoked', ${CLEAR_SECRETS}, token_expires_at = NULL,
      credentials_version = credentials_version + 1, refresh_lease_owner = NULL, refresh_lease_until = NULL,
      refresh_retry_at = NULL, updated_at = @now WHERE key = @key`),

    claimLease: db.prepare(`UPDATE connections SET refresh_lease_owner = @owner, refresh_lease_until = @leaseUntil
      WHERE key = @key AND ${REFRESHABLE} AND ${LEASE_FREE} RETURNING *`),
    // SQLite has one writer at a time, so selecting and claiming in one statement is already exclusive.
    claimDue: db.prepare(`UPDATE connections SET refresh_lease_owner = @owner, refresh_lease_until = @leaseUntil
      WHERE key IN (SELECT key FROM connections WHERE ${REFRESHABLE} AND token_expires_at IS NOT NULL
        AND token_expires_at <= @horizon AND (refresh_retry_at IS NULL OR refresh_retry_at <= @now) AND ${LEASE_FREE}
        ORDER BY token_expires_at, key LIMIT @limit)
      RETURNING *`),
    releaseLease: db.prepare(`UPDATE connections SET refresh_lease_owner = NULL, refresh_lease_until = NULL
      WHERE key = @key AND refresh_lease_owner = @owner`),
    releaseLeaseWithBackoff: db.prepare(`UPDATE connections SET refresh_lease_owner = NULL, refresh_lease_until = NULL,
      refresh_failures = @failures, refresh_retry_at = @retryAt WHERE key = @key AND refresh_lease_owner = @owner`),
    saveRefreshed: db.prepare(`UPDATE connections SET key_id = @keyId, iv = @iv, ciphertext = @ciphertext, tag = @tag,
      aad_version = ${AAD_VERSION}, scopes = @scopes, token_expires_at = @tokenExpiresAt,
      credentials_version = credentials_version + 1, refresh_failures = 0, refresh_retry_at = NULL, ${RELEASE_OWN_LEASE}, updated_at = @now
      WHERE key = @key AND status = 'active' AND credentials_version = @version RETURNING *`),
    markNeedsReauth: db.prepare(`UPDATE connections SET status = 'needs_reauth', ${RELEASE_OWN_LEASE}, updated_at = @now
      WHERE key = @key AND status = 'active' AND credentials_version = @version RETURNING *`),

    connectionsSealedWithOtherKeys: db.prepare(`SELECT * FROM connections WHERE ciphertext IS NOT NULL AND key_id <> @keyId
      ORDER BY key LIMIT @limit`),
    resealConnection: db.prepare(`UPDATE connections SET key_id = @keyId, iv = @iv, ciphertext = @ciphertext, tag = @tag
      WHERE key = @key`),
    flowsSealedWithOtherKeys: db.prepare(`SELECT * FROM oauth_flows
      WHERE (verifier_ciphertext IS NOT NULL AND verifier_key_id <> @keyId)
         OR (fields_ciphertext IS NOT NULL AND fields_key_id <> @keyId) ORDER BY id LIMIT @limit`),
    resealFlowVerifier: db.prepare(`UPDATE oauth_flows SET verifier_key_id = @keyId, verifier_iv = @iv,
      verifier_ciphertext = @ciphertext, verifier_tag = @tag WHERE id = @id`),
    resealFlowFields: db.prepare(`UPDATE oauth_flows SET fields_key_id = @keyId, fields_iv = @iv,
      fields_ciphertext = @ciphertext, fields_tag = @tag WHERE id = @id`),
  };

  function upsertConnection(input, timestamp) {
    const existing = statements.connectionByOwner.get(input);
    checkReconnectTarget(existing, input.connectionKey);
    const key = existing?.key ?? newConnectionKey();
    const row = {
      ...input,
      ...sealCredentials(keyring, { ...input, key }, input.credentials),
      key,
      scopes: JSON.stringify(input.scopes ?? []),
      fields: JSON.stringify(input.fields ?? {}),
      tokenExpiresAt: input.tokenExpiresAt ?? null,
      now: timestamp,
    };
    if (existing) statements.replaceConnectionCredentials.run(row);
    else statements.insertConnection.run(row);
    return key;
  }

  // Immediate transactions take the write lock up front, so two processes cannot both decide that a
  // connection does not exist yet.
  const saveConnection = db.transaction((input) => {
    const key = upsertConnection(input, isoNow());
    return toConnection(statements.connectionByKey.get(key));
  });

  const completeFlow = db.transaction((flowId, input) => {
    const timestamp = isoNow();
    const key = upsertConnection(input, timestamp);
    const { changes } = statements.succeedFlow.run({ id: flowId, connectionKey: key, now: timestamp });
    // Throwing rolls the connection back too: it must not exist without its flow's success.
    if (changes !== 1) throw flowStateConflict();
    return toConnection(statements.connectionByKey.get(key));
  });

  // Reading the credentials and erasing them in one write transaction: whatever a refresh or a
  // reconnect stored before is what the caller gets back to revoke at the provider.
  const revokeConnection = db.transaction((key) => {
    const row = statements.connectionByKey.get(key);
    if (!row) return undefined;
    if (row.status === 'revoked') return { connection: toConnection(row), credentials: undefined, revoked: false };
    const credentials = openedForRevoke(keyring, row);
    statements.revokeConnection.run({ key, now: isoNow() });
    return { connection: toConnection(statements.connectionByKey.get(key)), credentials, revoked: true };
  });

  // The row is read in the same transaction as the write, so the new credentials are sealed for the
  // owner the row has when they are stored; and only over credentials that still open for it, so a
  // row handed to another owner while the provider answered gets nothing new.
  const saveRefreshed = db.transaction((key, { version, owner, credentials, tokenExpiresAt, scopes }) => {
    const row = statements.connectionByKey.get(key);
    if (row?.status !== 'active' || row.credentials_version !== version) return undefined;
    openCredentials(keyring, row);
    return toConnection(statements.saveRefreshed.get({
      key, version, owner, ...sealCredentials(keyring, toConnection(row), credentials),
      scopes: JSON.stringify(scopes ?? []), tokenExpiresAt: tokenExpiresAt ?? null, now: isoNow(),
    }));
  });

  // The verifier is bound to the owner the row has now, so the row is read in the same transaction,
  // and only if its field values still open for that owner: they were sealed when the flow was made.
  const beginAuthorization = db.transaction((id, { stateHash, browserBindingHash, codeVerifier }) => {
    const row = statements.flowById.get(id);
    if (!row) return false;
    openFlowFields(keyring, row);
    const sealed = sealCodeVerifier(keyring, row, codeVerifier);
    return statements.beginAuthorization.run({ id, stateHash, browserBindingHash, ...sealed, now: isoNow() }).changes === 1;
  });

  const reencryptConnections = db.transaction((limit) => {
    const rows = statements.connectionsSealedWithOtherKeys.all({ keyId: keyring.currentKeyId, limit });
    for (const row of rows) {
      statements.resealConnection.run({ key: row.key, ...resealedCredentials(keyring, row) });
    }
    return rows.length;
  });

  const reencryptFlows = db.transaction((limit) => {
    const rows = statements.flowsSealedWithOtherKeys.all({ keyId: keyring.currentKeyId, limit });
    const resealStatements = { verifier_: statements.resealFlowVerifier, fields_: statements.resealFlowFields };
    for (const row of rows) {
      for (const [prefix, sealed] of resealedFlowSecrets(keyring, row)) {
        resealStatements[prefix].run({ id: row.id, ...sealed });
      }
    }
    return rows.length;
  });

  return {
    kind: 'sqlite',

    /** Resolves once the store can be used (SQLite is ready as soon as it is opened). */
    async ready() {},

    /**
     * flow.fields: the field values the flow was started with, sealed for the flow and its owner.
     * flow.connectionKey (reconnect mode): the connection the flow is to update.
     */
    createFlow(flow) {
      statements.insertFlow.run({
        ...flow, ...sealFlowFields(keyring, flow, flow.fields), connectionKey: flow.connectionKey ?? null, now: isoNow(),
      });
      return toFlow(statements.flowById.get(flow.id));
    },

    /** The field values a flow was started with; {} once it has ended. */
    readFlowFields(id) {
      return openFlowFields(keyring, statements.flowById.get(id));
    },

    getFlow(id) {
      return toFlow(statements.flowById.get(id));
    },

    findFlowByStateHash(stateHash) {
      return toFlow(statements.flowByStateHash.get(stateHash));
    },

    /**
     * created → authorizing, once, before expiry. Returns whether this call won. Throws (coded
     * decryption_failed) when the flow's owner or integration was changed since it was created.
     */
    beginAuthorization(id, binding) {
      return beginAuthorization.immediate(id, binding);
    },

    /** authorizing → exchanging, once, before expiry. Returns whether this call won. */
    claimFlowForExchange(id) {
      return statements.claimForExchange.run({ id, now: isoNow() }).changes === 1;
    },

    readCodeVerifier(id) {
      return openCodeVerifier(keyring, statements.flowById.get(id));
    },

    /** Any pending status → failed. Returns whether the flow was still pending. */
    failFlow(id, { code, message }) {
      return statements.failFlow.run({ id, code, message, now: isoNow() }).changes === 1;
    },

    /** Fails every pending flow past its expiry (dropping its secrets). Returns how many. */
    expireFlows({ code, message }) {
      return statements.expireFlows.run({ code, message, now: isoNow() }).changes;
    },

    /**
     * How many flows of an owner are pending and not expired, and when the first of them expires:
     * { count, soonestExpiresAt (ISO, null when none) }. Without identityType and identity, those of
     * the whole project environment.
     */
    countPendingFlows({ projectId, environment, identityType, identity }) {
      const statement = identity === undefined ? statements.pendingFlowsOfProject : statements.pendingFlowsOfOwner;
      const { count, soonest } = statement.get({ projectId, environment, identityType, identity, now: isoNow() });
      return { count, soonestExpiresAt: isoOrNull(soonest) };
    },

    /** Deletes up to `limit` ended flows last changed before `endedBefore` (ISO). Returns how many. */
    deleteEndedFlows({ endedBefore, limit }) {
      return statements.deleteEndedFlows.run({ endedBefore, limit }).changes;
    },

    /**
     * In one transaction: creates or replaces the owner's connection and marks the flow succeeded.
     * Throws (and writes nothing) when the flow is not in `exchanging` (code flow_state_conflict), or
     * when connectionInput.connectionKey is not the owner's connection (code connection_not_found).
     */
    completeFlowWithConnection(flowId, connectionInput) {
      return completeFlow.immediate(flowId, connectionInput);
    },

    /**
     * Creates the connection of (projectId, environment, identity, identityType, integration), or
     * replaces its credentials in place and makes it active again. With connectionInput.connectionKey
     * (reconnect mode) only that existing, unrevoked connection of this owner may be replaced: otherwise
     * it throws an error coded connection_not_found and writes nothing.
     */
    saveConnection(connectionInput) {
      return saveConnection.immediate(connectionInput);
    },

    getConnection(key) {
      return toConnection(statements.connectionByKey.get(key));
    },

    readCredentials(key) {
      return openCredentials(keyring, statements.connectionByKey.get(key));
    },

    listConnections({ projectId, environment, identity, identityType, integration, status, excludeStatus }) {
      const clauses = ['project_id = @projectId', 'environment = @environment'];
      if (identity !== undefined) clauses.push('identity = @identity');
      if (identityType !== undefined) clauses.push('identity_type = @identityType');
      if (integration !== undefined) clauses.push('integration = @integration');
      if (status !== undefined) clauses.push('status = @status');
      if (excludeStatus !== undefined) clauses.push('status <> @excludeStatus');
      return db.prepare(`SELECT * FROM connections WHERE ${clauses.join(' AND ')} ORDER BY created_at, key`)
        .all({ projectId, environment, identity, identityType, integration, status, excludeStatus })
        .map(toConnection);
    },

    /**
     * Marks the connection revoked and forgets its credentials, in one step. Returns
     * { connection, credentials, revoked }: `credentials` are the ones stored at that moment (for
     * revocation at the provider), `revoked` whether this call did it (false: it already was, and
     * credentials is undefined). Undefined for an unknown key.
     */
    revokeConnection(key) {
      return revokeConnection.immediate(key);
    },

    /**
     * Takes the refresh lease of an active OAuth connection until `leaseUntil` (ISO) unless another
     * holder's lease is still running. Returns the connection, or undefined when not taken.
     */
    claimRefreshLease(key, { owner, leaseUntil }) {
      return toConnection(statements.claimLease.get({ key, owner, leaseUntil, now: isoNow() }));
    },

    /**
     * Takes the leases of up to `limit` active OAuth connections whose token expires by `horizon`
     * (ISO), that are not backing off and whose lease is free. Returns them, soonest expiry first.
     */
    claimDueRefreshes({ horizon, limit, owner, leaseUntil }) {
      return statements.claimDue.all({ horizon, limit, owner, leaseUntil, now: isoNow() })
        .map(toConnection)
        .sort(bySoonestExpiry);
    },

    /** Gives the lease back if `owner` holds it; with `failures`, also records when to try again. */
    releaseRefreshLease(key, { owner, failures, retryAt }) {
      const statement = failures === undefined ? statements.releaseLease : statements.releaseLeaseWithBackoff;
      return statement.run({ key, owner, failures, retryAt: retryAt ?? null }).changes === 1;
    },

    /**
     * Stores refreshed credentials if the row still holds credentials_version `version` and is
     * active; clears the backoff and the caller's lease. Returns the connection, or undefined when
     * someone else changed the credentials meanwhile.
     */
    saveRefreshedCredentials(key, refreshed) {
      return saveRefreshed.immediate(key, refreshed);
    },

    /** active → needs_reauth if the credentials are still at `version`. Returns the connection or undefined. */
    markNeedsReauth(key, { version, owner }) {
      return toConnection(statements.markNeedsReauth.get({ key, version, owner, now: isoNow() }));
    },

    /** Re-seals up to `limit` connections held by another key with the current key, in one transaction. */
    reencryptConnections({ limit }) {
      return reencryptConnections.immediate(limit);
    },

    /** The same for the PKCE verifiers of pending flows. */
    reencryptFlows({ limit }) {
      return reencryptFlows.immediate(limit);
    },

    close() {
      if (db.open) db.close();
    },
  };
}
