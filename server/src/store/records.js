// What every storage backend shares: sealing and opening secrets bound to their row and owner (see
// aad.js), new connection keys, the rules of a guarded write, and the one shape in which rows leave a
// store.
import { randomBytes } from 'node:crypto';
import { connectionAad, flowFieldsAad, flowVerifierAad } from './aad.js';

export const PENDING_FLOW_STATUSES = Object.freeze(['created', 'authorizing', 'exchanging']);
export const ENDED_FLOW_STATUSES = Object.freeze(['succeeded', 'failed']);

export function newConnectionKey() {
  return `conn_${randomBytes(18).toString('base64url')}`;
}

/** Byte order, the order SQLite sorts text in. */
function compareText(a, b) {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}

// SQLite keeps ISO strings; PostgreSQL hands back Date objects. Callers only ever see ISO strings.
export function isoOrNull(value) {
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
export function sealedOf(row, prefix = '') {
  return {
    keyId: row[`${prefix}key_id`], iv: row[`${prefix}iv`], ciphertext: row[`${prefix}ciphertext`], tag: row[`${prefix}tag`],
  };
}

const isPending = (row) => PENDING_FLOW_STATUSES.includes(row.status);

/**
 * The field values a flow was started with, sealed for the flow (they may hold a secret), as the
 * fields_* columns. `flow` names the flow and its owner ({ id, projectId, environment, identityType,
 * identity, integration }). Sealed even when there are none: the sealed value is what proves, when
 * the popup launches the flow, that its owner and integration are still the ones it was created for.
 */
export function sealFlowFields(keyring, flow, fields) {
  const sealed = keyring.encrypt(JSON.stringify(fields ?? {}), flowFieldsAad(flow));
  return { fieldsKeyId: sealed.keyId, fieldsIv: sealed.iv, fieldsCiphertext: sealed.ciphertext, fieldsTag: sealed.tag };
}

/**
 * The field values sealed in a flow row, or {} once it has ended (or for no row). A pending flow
 * without them was altered: it throws, coded decryption_failed, as when they do not open.
 */
export function openFlowFields(keyring, row) {
  if (!row) return {};
  if (!row.fields_ciphertext) {
    if (!isPending(row)) return {};
    throw codedError('decryption_failed', 'The flow could not be used: its sealed field values are missing.');
  }
  return JSON.parse(keyring.decrypt(sealedOf(row, 'fields_'), flowFieldsAad(toFlow(row))));
}

/** `connection`: the key and the owner, integration and authType the credentials are sealed for. */
export function sealCredentials(keyring, connection, credentials) {
  return keyring.encrypt(JSON.stringify(credentials), connectionAad(connection));
}

/** A connection row's credentials, or undefined when it holds none (revoked). */
export function openCredentials(keyring, row) {
  if (!row?.ciphertext) return undefined;
  return JSON.parse(keyring.decrypt(sealedOf(row), connectionAad(toConnection(row))));
}

/**
 * For a revoke: the credentials, or undefined when they no longer open for their row (altered, or
 * handed to another owner or integration). Such a connection is erased all the same, and nothing of
 * it is sent to any provider.
 */
export function openedForRevoke(keyring, row) {
  try {
    return openCredentials(keyring, row);
  } catch (error) {
    if (error.code === 'decryption_failed') return undefined;
    throw error;
  }
}

/** `flowRow`: the flow's row as stored, whose owner the verifier is bound to. */
export const sealCodeVerifier = (keyring, flowRow, codeVerifier) => keyring.encrypt(codeVerifier,
  flowVerifierAad(toFlow(flowRow)));

/** A flow row's PKCE verifier, or undefined once the flow has ended. */
export function openCodeVerifier(keyring, row) {
  if (!row?.verifier_ciphertext) return undefined;
  return keyring.decrypt(sealedOf(row, 'verifier_'), flowVerifierAad(toFlow(row)));
}

const resealed = (keyring, row, prefix, aad) => keyring.encrypt(keyring.decrypt(sealedOf(row, prefix), aad), aad);

/** A connection row's credentials sealed again with the keyring's current key. */
export const resealedCredentials = (keyring, row) => resealed(keyring, row, '', connectionAad(toConnection(row)));

/**
 * The secrets of a flow row that another key sealed, sealed again with the current key, as
 * [column prefix, sealed]. A flow holds up to two, each bound to the flow by its own authenticated data.
 */
export function resealedFlowSecrets(keyring, row) {
  const flow = toFlow(row);
  return [['verifier_', flowVerifierAad(flow)], ['fields_', flowFieldsAad(flow)]]
    .filter(([prefix]) => row[`${prefix}ciphertext`] && row[`${prefix}key_id`] !== keyring.currentKeyId)
    .map(([prefix, aad]) => [prefix, resealed(keyring, row, prefix, aad)]);
}

export function codedError(code, message) {
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
