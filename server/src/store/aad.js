// The authenticated data of every secret the store seals (AES-256-GCM): what a ciphertext is bound
// to, so that it opens only where it was sealed.
//
// Version 2 binds a connection's credentials to everything that decides whom they serve and where
// they are sent: the connection's key, project, environment, identity type, identity, integration and
// auth type. A flow's PKCE verifier and field values are bound to the flow's id, owner and
// integration. Someone who can write to the database but holds no encryption key can therefore not
// hand credentials to another owner, or a bearer token to another integration's API by way of the
// passthrough: once a bound column changes, the secret no longer opens. The values are encoded as a
// JSON array, so no value can contain a separator that would let it shift into its neighbour, and
// the version number is part of the data, so no other scheme's ciphertext can pass for this one.
//
// Version 1 named the row alone (`connection:<key>`, `flow:<id>`, `flow-fields:<id>`). Its builders
// below are used by one thing only: the store migration that re-seals every stored secret with
// version 2, in the same transaction that records the migration as applied (owner-binding-upgrade.js).
// Nothing else ever opens a version-1 secret. So after that migration a version-1 ciphertext (an old
// copy written back, or a row whose aad_version column was set back to 1) opens nowhere: aad_version
// records what the upgrade did, and is never read to decide how to decrypt.

export const AAD_VERSION = 2;

const bound = (purpose, ...values) => JSON.stringify([purpose, AAD_VERSION, ...values]);

/** `connection`: { key, projectId, environment, identityType, identity, integration, authType }. */
export const connectionAad = (connection) => bound('authkit.connection', connection.key, connection.projectId,
  connection.environment, connection.identityType, connection.identity, connection.integration, connection.authType);

const flowOwner = (flow) => [flow.id, flow.projectId, flow.environment, flow.identityType, flow.identity, flow.integration];

/** `flow`: { id, projectId, environment, identityType, identity, integration }. */
export const flowVerifierAad = (flow) => bound('authkit.flow-verifier', ...flowOwner(flow));

export const flowFieldsAad = (flow) => bound('authkit.flow-fields', ...flowOwner(flow));

/** Version 1, for the upgrade only: rows as the database returns them. */
export const legacyAad = Object.freeze({
  connection: (row) => `connection:${row.key}`,
  flowVerifier: (row) => `flow:${row.id}`,
  flowFields: (row) => `flow-fields:${row.id}`,
});
