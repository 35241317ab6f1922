// Numbered schema changes for SQLite. Append new entries; never edit one that has shipped.
export const MIGRATIONS = [
  {
    version: 1,
    name: 'flows and connections',
    sql: `
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
        verifier_iv BLOB,
        verifier_ciphertext BLOB,
        verifier_tag BLOB,
        error_code TEXT,
        error_message TEXT,
        connection_key TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
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
        scopes TEXT NOT NULL DEFAULT '[]',
        key_id TEXT,
        iv BLOB,
        ciphertext BLOB,
        tag BLOB,
        token_expires_at TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (project_id, environment, identity, identity_type, integration)
      );

      CREATE INDEX connections_by_project ON connections (project_id, environment, created_at);
    `,
  },
];
