// Every error the service answers is {"error":{"code","message","fields"?}}: its own errors, schema
// failures, and what fastify and Node's HTTP parser refuse before a route runs (a malformed
// percent-encoding, a body that is not JSON or too large, a request line that is not HTTP). The
// framework's own messages are never sent on: they quote the request's path or body, which may
// hold a secret.
import { STATUS_CODES } from 'node:http';
import { ServiceError } from '../errors.js';
import { setResponseHeaders } from './response-headers.js';

// By the framework's error code where one names the problem better than the status does.
const MESSAGES_BY_CODE = {
  FST_ERR_BAD_URL: 'The request path is not valid: it has a malformed percent-encoding.',
  FST_ERR_CTP_INVALID_JSON_BODY: 'The request body is not valid JSON.',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'The request body is empty; send a JSON object.',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'The request body does not match its Content-Length.',
};

const MESSAGES_BY_STATUS = {
  400: 'The request could not be read.',
  408: 'The request took too long to arrive.',
  413: 'The request body is too large.',
  414: 'The request path is too long.',
  415: 'Send the request body as application/json.',
  431: 'The request headers are too large.',
};

const isClientError = (status) => Number.isInteger(status) && status >= 400 && status < 500;

/** What a request the framework refused with `status` (a 4xx) is told. */
function frameworkRefusal(status, code) {
  const message = MESSAGES_BY_CODE[code] ?? MESSAGES_BY_STATUS[status] ?? MESSAGES_BY_STATUS[400];
  return new ServiceError('bad_request', message, { status });
}

const internalError = () => new ServiceError('internal_error', 'Something went wrong on our side. Please try again.',
  { status: 500 });

/** fastify's error handler, and its frameworkErrors handler (errors met before routing). */
export function errorReply(error, request, reply) {
  // Errors met before routing skip the app's onSend hooks, so they get the usual headers here.
  setResponseHeaders(reply);
  if (error instanceof ServiceError) {
    if (error.retryAfterSeconds) reply.header('retry-after', String(error.retryAfterSeconds));
    return reply.code(error.status).send(error.toJSON());
  }
  if (error.validation) {
    return reply.code(400).send(new ServiceError('bad_request', `The request is not valid: ${error.message}.`).toJSON());
  }
  if (isClientError(error.statusCode)) {
    return reply.code(error.statusCode).send(frameworkRefusal(error.statusCode, error.code).toJSON());
  }
  // Name, code and stack only: an error's other properties (a cause, a response body) may hold secrets.
  request.log.error({ err: { type: error.name, code: error.code, message: error.message, stack: error.stack } }, 'request failed');
  return reply.code(500).send(internalError().toJSON());
}

export function routeNotFoundReply(request, reply) {
  return reply.code(404).send(new ServiceError('not_found', 'There is no such route.', { status: 404 }).toJSON());
}

// Node's parser refuses these before fastify sees a request; the answer is written to the socket.
const CLIENT_ERROR_STATUSES = { ERR_HTTP_REQUEST_TIMEOUT: 408, HPE_HEADER_OVERFLOW: 431 };

/** fastify's clientErrorHandler: a malformed HTTP request gets our error shape, then the socket closes. */
export function clientErrorReply(error, socket) {
  // A reset connection has nobody left to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  if (socket.writable) {
    const status = CLIENT_ERROR_STATUSES[error.code] ?? 400;
    const body = JSON.stringify(frameworkRefusal(status, error.code).toJSON());
    // The headers response-headers.js gives every other answer.
    socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nconnection: close\r\ncontent-type: application/json; `
      + 'charset=utf-8\r\ncache-control: no-store\r\nx-content-type-options: nosniff\r\n'
      + `content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  }
  socket.destroy(error);
}
