// Authentication of a host's backend by its project's secret key.
import { ServiceError } from '../errors.js';
import { bearerToken } from './bearer.js';

export function createSecretKeyAuth({ projectKeys }) {
  return {
    /** onRequest: sets request.authkit to { project, environment } or refuses the request. */
    async requireSecretKey(request) {
      const presented = request.headers['x-authkit-secret'] ?? bearerToken(request);
      const access = typeof presented === 'string' ? projectKeys.authenticate(presented) : undefined;
      if (!access) {
        throw new ServiceError('secret_key_invalid',
          'A valid project secret key is required (Authorization: Bearer sk_… or x-authkit-secret).', { status: 401 });
      }
      request.authkit = access;
    },
  };
}
