// Assembles the fastify application: shared plugins, error shape, and the route groups with the
// authentication each one needs.
import cookie from '@fastify/cookie';
import cors from '@fastify/cors';
import Fastify from 'fastify';
import { clientErrorReply, errorReply, routeNotFoundReply } from './error-replies.js';
import { loggerOptions } from './logging.js';
import { createProjectKeys } from './project-keys.js';
import { registerRateLimits } from './rate-limits.js';
import { closeAfterEarlyAnswer, timeoutOptions } from './request-timeouts.js';
import { addResponseHeaders } from './response-headers.js';
import { createSecretKeyAuth } from './secret-key-auth.js';
import { createSessionAuth } from './session-auth.js';
import { refuseUnstorableText } from './unstorable-text.js';
import { healthRoutes } from './routes/health.js';
import { managementRoutes } from './routes/management.js';
import { oauthPopupRoutes } from './routes/oauth-popup.js';
import { passthroughRoutes } from './routes/passthrough.js';
import { widgetRoutes } from './routes/widget.js';

const BODY_LIMIT_BYTES = 64 * 1024;

/**
 * deps: { config, store, flows, apiKeys, refresher, webhooks, passthrough, now, publicUrl }. Plugins
 * load when the app becomes ready (listen, inject or ready()), so building stays synchronous.
 */
export function buildApp({ config, store, flows, apiKeys, refresher, webhooks, passthrough, now, publicUrl }) {
  const app = Fastify({
    logger: loggerOptions(config.logger),
    bodyLimit: BODY_LIMIT_BYTES,
    // Who the client is behind a reverse proxy (logs, request.ip); off unless configured, since a
    // client could otherwise name any address in X-Forwarded-For.
    trustProxy: config.trustProxy,
    ...timeoutOptions(config.timeouts, config.providerTimeoutMs),
    // Errors met before a route is found (a malformed percent-encoding) and requests Node cannot
    // parse get the same shape as every other error, without quoting the request.
    frameworkErrors: errorReply,
    clientErrorHandler: clientErrorReply,
    // Unknown properties are refused rather than silently dropped: a mistyped filter must not
    // turn into "list everything".
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false } },
  });
  app.decorateRequest('authkit', null);
  app.decorateRequest('authkitSessionPromise', null);
  app.setErrorHandler(errorReply);
  app.setNotFoundHandler(routeNotFoundReply);
  app.register(cookie);
  app.addHook('onSend', addResponseHeaders);
  app.addHook('onSend', closeAfterEarlyAnswer);
  // Every route, the popup's included: no value the stores cannot hold reaches a route.
  app.addHook('preValidation', refuseUnstorableText);

  const projectKeys = createProjectKeys(config);
  const sessionAuth = createSessionAuth({ config, projectKeys, now });
  const secretKeyAuth = createSecretKeyAuth({ projectKeys });

  const rateLimits = registerRateLimits(app, { settings: config.rateLimit, sessionAuth });

  app.register(healthRoutes);
  app.register(async (popupScope) => {
    popupScope.addHook('preHandler', rateLimits.popupHook);
    popupScope.register(oauthPopupRoutes, { flows, publicUrl });
  });
  app.register(async (widgetScope) => {
    widgetScope.register(cors, { delegator: sessionAuth.corsOptions });
    // Authenticated before the body is read: a request without a valid token gets its 401 at once.
    widgetScope.addHook('onRequest', rateLimits.sessionHook);
    widgetScope.addHook('preHandler', rateLimits.connectHook);
    widgetScope.register(widgetRoutes, { sessionAuth, flows, apiKeys, store });
  });
  app.register(managementRoutes, { secretKeyAuth, store, refresher, webhooks, config });
  app.register(passthroughRoutes, { secretKeyAuth, passthrough });
  return app;
}
