// Finds the project a secret key or a session token belongs to, by the key's public id.
import { timingSafeEqual } from 'node:crypto';
import { parseSecretKey } from '../token.js';

export function createProjectKeys(config) {
  const byKeyId = new Map();
  for (const project of config.projects) {
    for (const { secretKey, environment, keyId } of project.secretKeys) {
      byKeyId.set(keyId, { project, secretKey, environment });
    }
  }

  return {
    /** For verifySessionToken's resolveKey. */
    secretKeyFor(keyId) {
      return byKeyId.get(keyId)?.secretKey;
    },

    projectOfKeyId(keyId) {
      return byKeyId.get(keyId)?.project;
    },

    /** The { project, environment } a presented secret key opens, or undefined. */
    authenticate(presented) {
      let keyId;
      try {
        ({ keyId } = parseSecretKey(presented));
      } catch {
        return undefined;
      }
      const entry = byKeyId.get(keyId);
      if (!entry) return undefined;
      const expected = Buffer.from(entry.secretKey);
      const given = Buffer.from(presented);
      // The key id is a hash of the key, so a match is near certain; the constant-time compare
      // makes it exact without leaking timing.
      if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
      return { project: entry.project, environment: entry.environment };
    },
  };
}
