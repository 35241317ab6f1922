// Errors a caller of the HTTP API can meet. Each carries a stable code, a human message and the HTTP
// status that fits; the API sends them as {"error":{"code","message","fields"?}}.

export class ServiceError extends Error {
  constructor(code, message, { status = 400, fields } = {}) {
    super(message);
    this.code = code;
    this.status = status;
    if (fields) this.fields = fields;
  }

  toJSON() {
    return { error: { code: this.code, message: this.message, ...(this.fields ? { fields: this.fields } : {}) } };
  }
}

export const notFound = (what = 'The resource') => new ServiceError('not_found', `${what} was not found.`, { status: 404 });

export const badRequest = (message) => new ServiceError('bad_request', message, { status: 400 });

export const integrationNotAllowed = (id) => new ServiceError('integration_not_allowed',
  `The integration "${id}" is not enabled for this session.`, { status: 403 });

export const originNotAllowed = () => new ServiceError('origin_not_allowed',
  'This page\'s origin is not allowed to use this project. Add it to the project\'s allowedOrigins.', { status: 403 });

export const connectionNotFound = () => new ServiceError('connection_not_found',
  'The connection to update was not found for this user and integration. Close this window and start again.',
  { status: 404 });
