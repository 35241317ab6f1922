// Rate limits, on top of @fastify/rate-limit's counters (in memory, per process): per session on
// every session-token route, per identity on credential checks (POST /v1/connections), per IP on
// the OAuth popup's pages. A refused request gets 429 rate_limited with Retry-After.
import rateLimit from '@fastify/rate-limit';
import { ServiceError } from '../errors.js';

function rateLimited(limit) {
  const error = new ServiceError('rate_limited', 'Too many requests. Please wait a moment and try again.', { status: 429 });
  error.retryAfterSeconds = Math.max(1, limit.ttlInSeconds);
  return error;
}

/** Registers the plugin on `app`; returns hooks for the scopes that need them (no-ops when off). */
export function registerRateLimits(app, { settings, sessionAuth }) {
  if (!settings) {
    const pass = async () => {};
    return { sessionHook: pass, oauthHook: pass };
  }
  app.register(rateLimit, { global: false });
  let limiters;
  // createRateLimit exists once the plugin has loaded, i.e. when the app is ready.
  app.after(() => {
    const make = ({ max, windowMs }, keyGenerator) => app.createRateLimit({ max, timeWindow: windowMs, keyGenerator });
    limiters = {
      session: make(settings.session, (request) => `session:${request.authkit.project.id}:${request.authkit.sessionId}`),
      connect: make(settings.connect, (request) => {
        const { project, environment, identityType, identity } = request.authkit;
        return `connect:${JSON.stringify([project.id, environment, identityType, identity])}`;
      }),
      oauth: make(settings.oauth, (request) => `oauth:${request.ip}`),
    };
  });

  async function check(limiter, request) {
    const limit = await limiter(request);
    if (!limit.isAllowed && limit.isExceeded) throw rateLimited(limit);
  }

  return {
    /** preHandler for the session-token scope: authenticates (once per request), then counts. */
    async sessionHook(request) {
      await sessionAuth.requireSession(request);
      await check(limiters.session, request);
      if (request.method === 'POST' && request.routeOptions.url === '/v1/connections') await check(limiters.connect, request);
    },
    /** onRequest for the OAuth popup's pages. */
    async oauthHook(request) {
      await check(limiters.oauth, request);
    },
  };
}
