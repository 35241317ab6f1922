// SQLite storage for flows and connections. Everything above talks to the store through the methods
// returned here, so another database can be added by implementing the same object.
// Secrets are encrypted here, because their authenticated data names the row they live in.
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { MIGRATIONS } from './sqlite-migrations.js';

const PENDING_STATUSES = ['created', 'authorizing', 'exchanging'];

function connectionAad(key) {
  return `connection:${key}`;
}

function flowAad(id) {
  return `flow:${id}`;
}

function newConnectionKey() {
  return `conn_${randomBytes(18).toString('base64url')}`;
}

function migrate(db) {
  db.exec(`CREATE TABLE IF NOT EXISTS migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`);
  const applied = new Set(db.prepare('SELECT version FROM migrations').pluck().all());
  const record = db.prepare('INSERT INTO migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const migration of MIGRATIONS) {
    if (applied.has(migration.version)) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.version, migration.name, new Date().toISOString());
    }).immediate();
  }
}

function toFlow(row) {
  if (!row) return undefined;
  return {
    id: row.id,
    projectId: row.project_id,
    environment: row.environment,
    identity: row.identity,
    identityType: row.identity_type,
    integration: row.integration,
    origin: row.origin,
    nonce: row.nonce,
    status: row.status,
    browserBindingHash: row.browser_binding_hash,
    errorCode: row.error_code,
    errorMessage: row.error_message,
    connectionKey: row.connection_key,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
  };
}

function toConnection(row) {
  if (!row) return undefined;
  return {
    key: row.key,
    projectId: row.project_id,
    environment: row.environment,
    integration: row.integration,
    identity: row.identity,
    identityType: row.identity_type,
    authType: row.auth_type,
    status: row.status,
    scopes: JSON.parse(row.scopes),
    tokenExpiresAt: row.token_expires_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/**
 * Opens (and migrates) a SQLite store. `keyring` comes from createKeyring; `now()` returns epoch ms.
 */
export function createSqliteStore({ file, keyring, now = Date.now }) {
  const db = new Database(file);
  if (file !== ':memory:') db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  migrate(db);

  const isoNow = () => new Date(now()).toISOString();

  const statements = {
    insertFlow: db.prepare(`INSERT INTO oauth_flows
      (id, project_id, environment, identity, identity_type, integration, origin, nonce, status, created_at, updated_at, expires_at)
      VALUES (@id, @projectId, @environment, @identity, @identityType, @integration, @origin, @nonce, 'created', @now, @now, @expiresAt)`),
    flowById: db.prepare('SELECT * FROM oauth_flows WHERE id = ?'),
    flowByStateHash: db.prepare('SELECT * FROM oauth_flows WHERE state_hash = ?'),
    beginAuthorization: db.prepare(`UPDATE oauth_flows SET status = 'authorizing', state_hash = @stateHash,
      browser_binding_hash = @browserBindingHash, verifier_key_id = @keyId, verifier_iv = @iv,
      verifier_ciphertext = @ciphertext, verifier_tag = @tag, updated_at = @now
      WHERE id = @id AND status = 'created' AND expires_at > @now`),
    claimForExchange: db.prepare(`UPDATE oauth_flows SET status = 'exchanging', updated_at = @now
      WHERE id = @id AND status = 'authorizing' AND expires_at > @now`),
    // Ending a flow also drops its PKCE verifier: a finished flow keeps no secret.
    failFlow: db.prepare(`UPDATE oauth_flows SET status = 'failed', error_code = @code, error_message = @message,
      verifier_key_id = NULL, verifier_iv = NULL, verifier_ciphertext = NULL, verifier_tag = NULL, updated_at = @now
      WHERE id = @id AND status IN (${PENDING_STATUSES.map((status) => `'${status}'`).join(', ')})`),
    succeedFlow: db.prepare(`UPDATE oauth_flows SET status = 'succeeded', connection_key = @connectionKey,
      verifier_key_id = NULL, verifier_iv = NULL, verifier_ciphertext = NULL, verifier_tag = NULL, updated_at = @now
      WHERE id = @id AND status = 'exchanging'`),
    connectionByOwner: db.prepare(`SELECT key FROM connections WHERE project_id = @projectId AND environment = @environment
      AND identity = @identity AND identity_type = @identityType AND integration = @integration`),
    insertConnection: db.prepare(`INSERT INTO connections
      (key, project_id, environment, integration, identity, identity_type, auth_type, status, scopes,
       key_id, iv, ciphertext, tag, token_expires_at, created_at, updated_at)
      VALUES (@key, @projectId, @environment, @integration, @identity, @identityType, @authType, 'active', @scopes,
       @keyId, @iv, @ciphertext, @tag, @tokenExpiresAt, @now, @now)`),
    replaceConnectionCredentials: db.prepare(`UPDATE connections SET auth_type = @authType, status = 'active',
      scopes = @scopes, key_id = @keyId, iv = @iv, ciphertext = @ciphertext, tag = @tag,
      token_expires_at = @tokenExpiresAt, updated_at = @now WHERE key = @key`),
    connectionByKey: db.prepare('SELECT * FROM connections WHERE key = ?'),
    revokeConnection: db.prepare(`UPDATE connections SET status = 'revoked', key_id = NULL, iv = NULL,
      ciphertext = NULL, tag = NULL, token_expires_at = NULL, updated_at = @now WHERE key = @key`),
  };

  function upsertConnection(input, timestamp) {
    const existingKey = statements.connectionByOwner.pluck().get(input);
    const key = existingKey ?? newConnectionKey();
    const sealed = keyring.encrypt(JSON.stringify(input.credentials), connectionAad(key));
    const row = {
      ...input,
      key,
      scopes: JSON.stringify(input.scopes ?? []),
      tokenExpiresAt: input.tokenExpiresAt ?? null,
      keyId: sealed.keyId,
      iv: sealed.iv,
      ciphertext: sealed.ciphertext,
      tag: sealed.tag,
      now: timestamp,
    };
    if (existingKey) statements.replaceConnectionCredentials.run(row);
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
    if (changes !== 1) {
      // Throwing rolls the connection back too: it must not exist without its flow's success.
      const error = new Error('The flow was no longer exchanging its code.');
      error.code = 'flow_state_conflict';
      throw error;
    }
    return toConnection(statements.connectionByKey.get(key));
  });

  return {
    kind: 'sqlite',

    createFlow(flow) {
      statements.insertFlow.run({ ...flow, now: isoNow() });
      return toFlow(statements.flowById.get(flow.id));
    },

    getFlow(id) {
      return toFlow(statements.flowById.get(id));
    },

    findFlowByStateHash(stateHash) {
      return toFlow(statements.flowByStateHash.get(stateHash));
    },

    /** created → authorizing, once, before expiry. Returns whether this call won. */
    beginAuthorization(id, { stateHash, browserBindingHash, codeVerifier }) {
      const sealed = keyring.encrypt(codeVerifier, flowAad(id));
      const { changes } = statements.beginAuthorization.run({ id, stateHash, browserBindingHash, ...sealed, now: isoNow() });
      return changes === 1;
    },

    /** authorizing → exchanging, once, before expiry. Returns whether this call won. */
    claimFlowForExchange(id) {
      return statements.claimForExchange.run({ id, now: isoNow() }).changes === 1;
    },

    readCodeVerifier(id) {
      const row = statements.flowById.get(id);
      if (!row?.verifier_ciphertext) return undefined;
      return keyring.decrypt({
        keyId: row.verifier_key_id, iv: row.verifier_iv, ciphertext: row.verifier_ciphertext, tag: row.verifier_tag,
      }, flowAad(id));
    },

    /** Any pending status → failed. Returns whether the flow was still pending. */
    failFlow(id, { code, message }) {
      return statements.failFlow.run({ id, code, message, now: isoNow() }).changes === 1;
    },

    /**
     * In one transaction: creates or replaces the owner's connection and marks the flow succeeded.
     * Throws (and writes nothing) when the flow is not in `exchanging`.
     */
    completeFlowWithConnection(flowId, connectionInput) {
      return completeFlow.immediate(flowId, connectionInput);
    },

    /**
     * Creates the connection of (projectId, environment, identity, identityType, integration), or
     * replaces its credentials in place and makes it active again.
     */
    saveConnection(connectionInput) {
      return saveConnection.immediate(connectionInput);
    },

    getConnection(key) {
      return toConnection(statements.connectionByKey.get(key));
    },

    readCredentials(key) {
      const row = statements.connectionByKey.get(key);
      if (!row?.ciphertext) return undefined;
      return JSON.parse(keyring.decrypt({ keyId: row.key_id, iv: row.iv, ciphertext: row.ciphertext, tag: row.tag },
        connectionAad(key)));
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

    /** Marks the connection revoked and forgets its credentials. */
    revokeConnection(key) {
      statements.revokeConnection.run({ key, now: isoNow() });
      return toConnection(statements.connectionByKey.get(key));
    },

    close() {
      if (db.open) db.close();
    },
  };
}
