// Encryption of secrets at rest. Each record names the key that sealed it so keys can rotate: the
// first key of the ring seals new records, every key of the ring can still open old ones.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
// GCM also verifies tags as short as 4 bytes unless told the length; a shortened tag would make a
// forged record a matter of a few billion tries, so only the full 16 bytes we write are accepted.
const TAG_BYTES = 16;
const KEY_BYTES = 32;

function codedError(code, message) {
  const error = new Error(message);
  error.code = code;
  return error;
}

/** keys: [{ id, key: Buffer(32) }], the first one encrypts. */
export function createKeyring(keys) {
  if (!Array.isArray(keys) || keys.length === 0) {
    throw codedError('encryption_key_missing', 'At least one encryption key is required.');
  }
  const byId = new Map();
  for (const { id, key } of keys) {
    if (!Buffer.isBuffer(key) || key.length !== KEY_BYTES) {
      throw codedError('encryption_key_invalid', `Encryption key "${id}" must be exactly 32 bytes.`);
    }
    byId.set(id, key);
  }
  const current = keys[0];

  return {
    /** The id of the key that seals new records; a re-encryption moves every record to it. */
    currentKeyId: current.id,

    // aad ties the ciphertext to the row it belongs to and to that row's owner (store/aad.js), so it
    // can neither be moved to another row nor keep opening once the row is given to someone else.
    encrypt(plaintext, aad) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv(ALGORITHM, current.key, iv);
      cipher.setAAD(Buffer.from(aad, 'utf8'));
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return { keyId: current.id, iv, ciphertext, tag: cipher.getAuthTag() };
    },

    decrypt({ keyId, iv, ciphertext, tag }, aad) {
      const key = byId.get(keyId);
      if (!key) {
        throw codedError('encryption_key_unknown',
          `The record was encrypted with key "${keyId}", which is not in the configured encryptionKeys.`);
      }
      if (iv?.length !== IV_BYTES || tag?.length !== TAG_BYTES) {
        throw codedError('decryption_failed', `The record could not be decrypted: it must have a ${IV_BYTES}-byte IV and `
          + `a ${TAG_BYTES}-byte authentication tag, and has ${iv?.length ?? 0} and ${tag?.length ?? 0}.`);
      }
      try {
        const decipher = createDecipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
        decipher.setAAD(Buffer.from(aad, 'utf8'));
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
      } catch {
        throw codedError('decryption_failed', 'The record could not be decrypted: it was altered or belongs to another row.');
      }
    },
  };
}
