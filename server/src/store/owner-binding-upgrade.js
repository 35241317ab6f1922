// The one-time re-sealing of secrets stored under version 1 of the authenticated data (bound to their
// row's id alone) with version 2 (bound to the owner and integration too; see aad.js). Each backend
// runs it inside the migration that adds the aad_version column, in the same transaction, so it runs
// exactly once per database: a second run would fail at adding that column again.
//
// A secret that no longer opens (altered, or sealed for another row) could not be read before either;
// it is left as it was, still marked version 1, and stays unreadable. A secret sealed with a key that
// is not configured stops the upgrade, and with it the start of the store, with nothing changed: it
// could be read again once that key is back, and re-sealing only happens here.
import { AAD_VERSION, connectionAad, flowFieldsAad, flowVerifierAad, legacyAad } from './aad.js';
import { PENDING_FLOW_STATUSES, codedError, sealedOf, toConnection, toFlow } from './records.js';

export const LEGACY_AAD_VERSION = 1;
export { AAD_VERSION };

function keyMissing(what, error) {
  return codedError('encryption_key_unknown', `Upgrading the stored secrets needs every key that sealed one: ${what} `
    + `cannot be opened. ${error.message} Add that key back to encryptionKeys (after the first one) and start again.`);
}

/** The plaintext of a version-1 secret, or undefined when it does not open; `what` names it in errors. */
function openLegacy(keyring, sealed, aad, what) {
  try {
    return keyring.decrypt(sealed, aad);
  } catch (error) {
    if (error.code === 'decryption_failed') return undefined;
    throw error.code === 'encryption_key_unknown' ? keyMissing(what, error) : error;
  }
}

/**
 * A connection row's version-1 credentials sealed again with version 2 and the current key, or
 * undefined when they do not open.
 */
export function upgradedCredentials(keyring, row) {
  const plaintext = openLegacy(keyring, sealedOf(row), legacyAad.connection(row), `connection ${row.key}`);
  return plaintext === undefined ? undefined : keyring.encrypt(plaintext, connectionAad(toConnection(row)));
}

const NONE = Object.freeze({ keyId: null, iv: null, ciphertext: null, tag: null });

/**
 * A flow row's secrets sealed again with version 2 and the current key, as { verifier, fields } (each
 * NONE when the flow has none), or undefined when one of them does not open. A pending flow that had
 * no field values gets an empty set sealed, as every flow created from now on has: it is what binds a
 * flow to its owner before the popup opens it (see records.js sealFlowFields).
 */
export function upgradedFlowSecrets(keyring, row) {
  const flow = toFlow(row);
  const what = `flow ${row.id}`;
  let verifier = NONE;
  if (row.verifier_ciphertext) {
    const plaintext = openLegacy(keyring, sealedOf(row, 'verifier_'), legacyAad.flowVerifier(row), what);
    if (plaintext === undefined) return undefined;
    verifier = keyring.encrypt(plaintext, flowVerifierAad(flow));
  }
  let fieldsPlaintext = PENDING_FLOW_STATUSES.includes(row.status) ? '{}' : undefined;
  if (row.fields_ciphertext) {
    fieldsPlaintext = openLegacy(keyring, sealedOf(row, 'fields_'), legacyAad.flowFields(row), what);
    if (fieldsPlaintext === undefined) return undefined;
  }
  const fields = fieldsPlaintext === undefined ? NONE : keyring.encrypt(fieldsPlaintext, flowFieldsAad(flow));
  return { verifier, fields };
}
