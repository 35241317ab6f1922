// Assembles the fastify application: shared plugins, error shape, and the route groups with the
// authentication each one needs.
import cookie from '@fastify/cookie';
import cors from '@fastify/cors';
import Fastify from 'fastify';
import { ServiceError } from '../errors.js';
import { loggerOptions } from './logging.js';
import { createProjectKeys } from './project-keys.js';
import { createSecretKeyAuth } from './secret-key-auth.js';
import { createSessionAuth } from './session-auth.js';
import { healthRoutes } from './routes/health.js';
import { managementRoutes } from './routes/management.js';
import { oauthPopupRoutes } from './routes/oauth-popup.js';
import { widgetRoutes } from './routes/widget.js';

const BODY_LIMIT_BYTES = 64 * 1024;

// Framework errors get a fixed message: theirs can quote the request body, which may hold a secret.
const FRAMEWORK_MESSAGES = {
  413: 'The request body is too large.',
  415: 'Send the request body as application/json.',
};

function errorReply(error, request, reply) {
  if (error instanceof ServiceError) return reply.code(error.status).send(error.toJSON());
  if (error.validation) {
    return reply.code(400).send(new ServiceError('bad_request', `The request is not valid: ${error.message}.`).toJSON());
  }
  if (Number.isInteger(error.statusCode) && error.statusCode >= 400 && error.statusCode < 500) {
    const message = FRAMEWORK_MESSAGES[error.statusCode] ?? 'The request could not be read.';
    return reply.code(error.statusCode).send(new ServiceError('bad_request', message).toJSON());
  }
  // Name, code and stack only: an error's other properties (a cause, a response body) may hold secrets.
  request.log.error({ err: { type: error.name, code: error.code, message: error.message, stack: error.stack } }, 'request failed');
  return reply.code(500).send(new ServiceError('internal_error', 'Something went wrong on our side. Please try again.').toJSON());
}

/**
 * deps: { config, store, flows, apiKeys, now, publicUrl }. Plugins load when the app becomes ready
 * (listen, inject or ready()), so building stays synchronous.
 */
export function buildApp({ config, store, flows, apiKeys, now, publicUrl }) {
  const app = Fastify({
    logger: loggerOptions(config.logger),
    bodyLimit: BODY_LIMIT_BYTES,
    // Unknown properties are refused rather than silently dropped: a mistyped filter must not
    // turn into "list everything".
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false } },
  });
  app.decorateRequest('authkit', null);
  app.decorateRequest('authkitSessionPromise', null);
  app.setErrorHandler(errorReply);
  app.setNotFoundHandler((request, reply) => reply.code(404)
    .send(new ServiceError('not_found', 'There is no such route.', { status: 404 }).toJSON()));
  app.register(cookie);

  const projectKeys = createProjectKeys(config);
  const sessionAuth = createSessionAuth({ config, projectKeys, now });
  const secretKeyAuth = createSecretKeyAuth({ projectKeys });

  app.register(healthRoutes);
  app.register(oauthPopupRoutes, { flows, publicUrl });
  app.register(async (widgetScope) => {
    widgetScope.register(cors, { delegator: sessionAuth.corsOptions });
    widgetScope.register(widgetRoutes, { sessionAuth, flows, apiKeys, store });
  });
  app.register(managementRoutes, { secretKeyAuth, store });
  return app;
}
