// The errors a refresh can end in, as the HTTP API reports them.
import { ServiceError } from '../errors.js';

export const connectionNeedsReauth = () => new ServiceError('connection_needs_reauth',
  'The provider no longer accepts this connection: the user has to connect again.', { status: 409 });

export const connectionRevoked = () => new ServiceError('connection_revoked',
  'This connection was deleted: the user has to connect again.', { status: 409 });

export const refreshNotSupported = (reason) => new ServiceError('refresh_not_supported', reason, { status: 409 });

export const integrationUnavailable = (id) => new ServiceError('integration_not_allowed',
  `The integration "${id}" is no longer configured for this project.`, { status: 403 });

/** The provider failed (5xx, timeout, unreachable); `retryAt` is when AuthKit tries again. */
export function providerUnavailable(retryAt, now) {
  const error = new ServiceError('provider_unreachable',
    'The provider could not renew the access token. Please try again later.', { status: 502 });
  if (retryAt) error.retryAfterSeconds = Math.max(1, Math.ceil((Date.parse(retryAt) - now) / 1000));
  return error;
}
