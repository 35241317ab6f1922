// What every storage backend shares: the authenticated data that binds a secret to its row, sealing
// and opening secrets, new connection keys, the rules of a guarded write, and the one shape in which
// rows leave a store.
import { randomBytes } from 'node:crypto';

export const PENDING_FLOW_STATUSES = Object.freeze(['created', 'authorizing', 'exchanging']);
export const ENDED_FLOW_STATUSES = Object.freeze(['succeeded', 'failed']);

function connectionAad(key) {
  return `connection:${key}`;
}

function flowAad(id) {
  return `flow:${id}`;
}

function flowFieldsAad(id) {
  return `flow-fields:${id}`;
}

export function newConnectionKey() {
  return `conn_${randomBytes(18).toString('base64url')}`;
}

/** Byte order, the order SQLite sorts text in. */
function compareText(a, b) {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}

// SQLite keeps ISO strings; PostgreSQL hands back Date objects. Callers only ever see ISO strings.
function isoOrNull(value) {
  if (value === null || value === undefined) return null;
  return value instanceof Date ? value.toISOString() : value;
}

// SQLite keeps JSON as text; PostgreSQL's JSONB arrives parsed.
const parsedJson = (value) => (typeof value === 'string' ? JSON.parse(value) : value);
const asIs = (value) => value;

// The columns a record shows, each with how its value is read. Sealed columns are never among them.
const FLOW_COLUMNS = {
  id: asIs,
  project_id: asIs,
  environment: asIs,
  identity: asIs,
  identity_type: asIs,
  integration: asIs,
  origin: asIs,
  nonce: asIs,
  status: asIs,
  browser_binding_hash: asIs,
  error_code: asIs,
  error_message: asIs,
  // Reconnect mode: the connection the flow is to update; once it succeeded, the one it made or updated.
  connection_key: asIs,
  created_at: isoOrNull,
  expires_at: isoOrNull,
};

const CONNECTION_COLUMNS = {
  key: asIs,
  project_id: asIs,
  environment: asIs,
  integration: asIs,
  identity: asIs,
  identity_type: asIs,
  auth_type: asIs,
  status: asIs,
  scopes: parsedJson,
  // The non-secret field values the connection was made with (a shop's name); never a secret.
  fields: parsedJson,
  token_expires_at: isoOrNull,
  // Bookkeeping of the refresh worker; publicConnection never shows it.
  credentials_version: Number,
  refresh_failures: Number,
  refresh_retry_at: isoOrNull,
  refresh_lease_owner: asIs,
  refresh_lease_until: isoOrNull,
  created_at: isoOrNull,
  updated_at: isoOrNull,
};

const camelCase = (column) => column.replace(/_([a-z])/g, (_match, letter) => letter.toUpperCase());

function recordOf(row, columns) {
  if (!row) return undefined;
  return Object.fromEntries(Object.entries(columns).map(([column, read]) => [camelCase(column), read(row[column])]));
}

export const toFlow = (row) => recordOf(row, FLOW_COLUMNS);

export const toConnection = (row) => recordOf(row, CONNECTION_COLUMNS);

/** Soonest token expiry first, then by key: the order in which due refreshes are handed out. */
export function bySoonestExpiry(a, b) {
  return compareText(a.tokenExpiresAt, b.tokenExpiresAt) || compareText(a.key, b.key);
}

/** The sealed columns of a row as the keyring wants them. */
function sealedOf(row, prefix = '') {
  return {
    keyId: row[`${prefix}key_id`], iv: row[`${prefix}iv`], ciphertext: row[`${prefix}ciphertext`], tag: row[`${prefix}tag`],
  };
}

/**
 * The field values a flow was started with, sealed for its row (they may hold a secret), as the
 * fields_* columns; all null when the flow has none.
 */
export function sealFlowFields(keyring, id, fields) {
  if (!fields || Object.keys(fields).length === 0) {
    return { fieldsKeyId: null, fieldsIv: null, fieldsCiphertext: null, fieldsTag: null };
  }
  const sealed = keyring.encrypt(JSON.stringify(fields), flowFieldsAad(id));
  return { fieldsKeyId: sealed.keyId, fieldsIv: sealed.iv, fieldsCiphertext: sealed.ciphertext, fieldsTag: sealed.tag };
}

/** The field values sealed in a flow row, or {} when it has none (or has ended). */
export function openFlowFields(keyring, row) {
  if (!row?.fields_ciphertext) return {};
  return JSON.parse(keyring.decrypt(sealedOf(row, 'fields_'), flowFieldsAad(row.id)));
}

export function sealCredentials(keyring, key, credentials) {
  return keyring.encrypt(JSON.stringify(credentials), connectionAad(key));
}

/** A connection row's credentials, or undefined when it holds none (revoked). */
export function openCredentials(keyring, row) {
  if (!row?.ciphertext) return undefined;
  return JSON.parse(keyring.decrypt(sealedOf(row), connectionAad(row.key)));
}

export const sealCodeVerifier = (keyring, id, codeVerifier) => keyring.encrypt(codeVerifier, flowAad(id));

/** A flow row's PKCE verifier, or undefined once the flow has ended. */
export function openCodeVerifier(keyring, row) {
  if (!row?.verifier_ciphertext) return undefined;
  return keyring.decrypt(sealedOf(row, 'verifier_'), flowAad(row.id));
}

const resealed = (keyring, row, prefix, aad) => keyring.encrypt(keyring.decrypt(sealedOf(row, prefix), aad), aad);

/** A connection row's credentials sealed again with the keyring's current key. */
export const resealedCredentials = (keyring, row) => resealed(keyring, row, '', connectionAad(row.key));

/**
 * The secrets of a flow row that another key sealed, sealed again with the current key, as
 * [column prefix, sealed]. A flow holds up to two, each bound to the flow by its own authenticated data.
 */
export function resealedFlowSecrets(keyring, row) {
  return [['verifier_', flowAad(row.id)], ['fields_', flowFieldsAad(row.id)]]
    .filter(([prefix]) => row[`${prefix}ciphertext`] && row[`${prefix}key_id`] !== keyring.currentKeyId)
    .map(([prefix, aad]) => [prefix, resealed(keyring, row, prefix, aad)]);
}

function codedError(code, message) {
  const error = new Error(message);
  error.code = code;
  return error;
}

/** Thrown, rolling the connection back too, when a flow is completed that is no longer exchanging its code. */
export const flowStateConflict = () => codedError('flow_state_conflict', 'The flow was no longer exchanging its code.');

/**
 * Reconnect mode (`connectionKey` given): the owner's existing connection (`existing`, { key, status }
 * or undefined) must be that very one, and not revoked, or nothing is written: a reconnect never
 * creates a connection nor touches another owner's. Throws an error coded connection_not_found.
 */
export function checkReconnectTarget(existing, connectionKey) {
  if (!connectionKey) return;
  if (existing?.key === connectionKey && existing.status !== 'revoked') return;
  throw codedError('connection_not_found', 'The connection to reconnect is not the owner\'s, or was deleted.');
}
