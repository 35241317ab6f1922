// Numbered schema changes, one list for both backends: the same versions, tables and meaning, each
// written with the database's own column types. Append new entries; never edit one that has shipped.
// Every ALTER TABLE adds one column, which is all SQLite accepts.

const COLUMN_TYPES = {
  sqlite: { bytes: 'BLOB', time: 'TEXT', json: 'TEXT' },
  postgres: { bytes: 'BYTEA', time: 'TIMESTAMPTZ', json: 'JSONB' },
};

const MIGRATIONS = [
  {
    version: 1,
    name: 'flows and connections',
    sql: ({ bytes, time, json }) => `
      CREATE TABLE oauth_flows (
        id TEXT PRIMARY KEY,
        project_id TEXT NOT NULL,
        environment TEXT NOT NULL CHECK (environment IN ('test', 'live')),
        identity TEXT NOT NULL,
        identity_type TEXT NOT NULL,
        integration TEXT NOT NULL,
        origin TEXT NOT NULL,
        nonce TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('created', 'authorizing', 'exchanging', 'succeeded', 'failed')),
        state_hash TEXT UNIQUE,
        browser_binding_hash TEXT,
        verifier_key_id TEXT,
        verifier_iv ${bytes},
        verifier_ciphertext ${bytes},
        verifier_tag ${bytes},
        error_code TEXT,
        error_message TEXT,
        connection_key TEXT,
        created_at ${time} NOT NULL,
        updated_at ${time} NOT NULL,
        expires_at ${time} NOT NULL
      );

      CREATE TABLE connections (
        key TEXT PRIMARY KEY,
        project_id TEXT NOT NULL,
        environment TEXT NOT NULL CHECK (environment IN ('test', 'live')),
        integration TEXT NOT NULL,
        identity TEXT NOT NULL,
        identity_type TEXT NOT NULL,
        auth_type TEXT NOT NULL CHECK (auth_type IN ('oauth2', 'api_key')),
        status TEXT NOT NULL CHECK (status IN ('active', 'needs_reauth', 'revoked')),
        scopes ${json} NOT NULL DEFAULT '[]',
        key_id TEXT,
        iv ${bytes},
        ciphertext ${bytes},
        tag ${bytes},
        token_expires_at ${time},
        created_at ${time} NOT NULL,
        updated_at ${time} NOT NULL,
        UNIQUE (project_id, environment, identity, identity_type, integration)
      );

      CREATE INDEX connections_by_project ON connections (project_id, environment, created_at);
    `,
  },
  {
    // Refresh bookkeeping. credentials_version grows with every write of a row's credentials, so a
    // refresh can tell whether someone else changed them meanwhile; the lease columns let one
    // process at a time refresh a connection.
    version: 2,
    name: 'refresh leases and backoff',
    sql: ({ time }) => `
      ALTER TABLE connections ADD COLUMN credentials_version INTEGER NOT NULL DEFAULT 1;
      ALTER TABLE connections ADD COLUMN refresh_failures INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE connections ADD COLUMN refresh_retry_at ${time};
      ALTER TABLE connections ADD COLUMN refresh_lease_owner TEXT;
      ALTER TABLE connections ADD COLUMN refresh_lease_until ${time};
      CREATE INDEX connections_refresh_due ON connections (status, auth_type, token_expires_at);
      CREATE INDEX connections_by_key_id ON connections (key_id);
    `,
  },
  {
    // The field values a flow was started with (a shop's name), sealed like the PKCE verifier and
    // dropped when the flow ends; and a connection's non-secret field values, shown in its record.
    version: 3,
    name: 'flow and connection fields',
    sql: ({ bytes, json }) => `
      ALTER TABLE oauth_flows ADD COLUMN fields_key_id TEXT;
      ALTER TABLE oauth_flows ADD COLUMN fields_iv ${bytes};
      ALTER TABLE oauth_flows ADD COLUMN fields_ciphertext ${bytes};
      ALTER TABLE oauth_flows ADD COLUMN fields_tag ${bytes};
      ALTER TABLE connections ADD COLUMN fields ${json} NOT NULL DEFAULT '{}';
    `,
  },
  {
    // The flow sweep looks for pending flows past their expiry and ended flows past retention; without
    // these it would read the whole table at every pass.
    version: 4,
    name: 'flow sweep indexes',
    sql: () => `
      CREATE INDEX oauth_flows_by_expiry ON oauth_flows (status, expires_at);
      CREATE INDEX oauth_flows_by_update ON oauth_flows (status, updated_at);
    `,
  },
  {
    // Starting a flow counts the pending flows of its owner and of its project (oauth/flow-limits.js).
    // Only pending flows are indexed, so a count reads no more entries than the limits allow (plus
    // those expired since the last sweep), however many ended flows are kept.
    version: 5,
    name: 'pending flow counts',
    sql: () => `
      CREATE INDEX oauth_flows_pending_by_owner
        ON oauth_flows (project_id, environment, identity_type, identity, expires_at)
        WHERE status IN ('created', 'authorizing', 'exchanging');
    `,
  },
  {
    // Secrets bound to their owner and integration, not only to their row (store/aad.js). The store
    // re-seals every stored secret in this same transaction (resealsSecrets; owner-binding-upgrade.js),
    // and records each row's version: 1 is left only on a secret that did not open.
    version: 6,
    name: 'secrets bound to their owner',
    resealsSecrets: true,
    sql: () => `
      ALTER TABLE connections ADD COLUMN aad_version INTEGER NOT NULL DEFAULT 1;
      ALTER TABLE oauth_flows ADD COLUMN aad_version INTEGER NOT NULL DEFAULT 1;
    `,
  },
];

/**
 * The migrations as `database` ('sqlite' or 'postgres') runs them: [{ version, name, sql,
 * resealsSecrets }]. With resealsSecrets the backend re-seals the stored secrets after the SQL, in the
 * same transaction.
 */
export function migrationsFor(database) {
  const types = COLUMN_TYPES[database];
  return MIGRATIONS.map(({ version, name, sql, resealsSecrets = false }) => ({
    version, name, sql: sql(types), resealsSecrets,
  }));
}
