// What went wrong when AuthKit called a provider's token or revocation endpoint, sorted into the
// three kinds a caller can act on. Messages name the kind of failure only: provider answers may
// quote tokens back.
import * as oauth from 'oauth4webapi';

export class ProviderCallError extends Error {
  /** kind: 'invalid_grant' (the grant is dead), 'transient' (try again later) or 'rejected' (any other refusal). */
  constructor(kind, message, { status } = {}) {
    super(message);
    this.name = 'ProviderCallError';
    this.kind = kind;
    this.code = kind === 'invalid_grant' ? 'invalid_grant' : `provider_${kind}`;
    if (status !== undefined) this.status = status;
  }
}

const kindOfStatus = (status) => (status >= 500 || status === 429 ? 'transient' : 'rejected');

/** Any error thrown while calling the provider, as a ProviderCallError. */
export function classifyProviderError(error) {
  if (error instanceof ProviderCallError) return error;
  if (error instanceof oauth.ResponseBodyError) {
    if (error.error === 'invalid_grant') return new ProviderCallError('invalid_grant', 'The provider refused the grant.');
    return new ProviderCallError(kindOfStatus(error.status),
      `The provider answered with the OAuth error "${error.error}" (HTTP ${error.status}).`, { status: error.status });
  }
  if (error?.name === 'TimeoutError' || error?.name === 'AbortError') {
    return new ProviderCallError('transient', 'The provider did not answer in time.');
  }
  const status = error?.cause instanceof Response ? error.cause.status : undefined;
  if (status !== undefined) {
    return new ProviderCallError(kindOfStatus(status), `The provider answered with HTTP ${status}.`, { status });
  }
  if (error?.name === 'TypeError') return new ProviderCallError('transient', 'The provider could not be reached.');
  return new ProviderCallError('rejected', `The provider's answer could not be used (${error?.code ?? error?.name}).`);
}
