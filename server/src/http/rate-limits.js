// Rate limits, on top of @fastify/rate-limit's counters (in memory, per process): per session on
// every session-token route, per identity on credential checks (POST /v1/connections), and on the
// OAuth popup's pages per secret the request carries. A refused request gets 429 rate_limited with
// Retry-After.
import { createHash } from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import { ServiceError } from '../errors.js';
import { CALLBACK_PATH } from '../oauth/flows.js';

function rateLimited(limit) {
  const error = new ServiceError('rate_limited', 'Too many requests. Please wait a moment and try again.', { status: 429 });
  error.retryAfterSeconds = Math.max(1, limit.ttlInSeconds);
  return error;
}

// Hashed: a key stays short whatever the request sent, and no state is kept in memory as it was sent.
const digest = (values) => createHash('sha256').update(JSON.stringify(values)).digest('base64url');

const allValues = (value) => (value === undefined ? [] : [value].flat());

/** A field of the popup's form body (URLSearchParams) or of a JSON one. */
function bodyField(body, name) {
  if (body instanceof URLSearchParams) return body.getAll(name);
  return allValues(typeof body === 'object' && body !== null ? body[name] : undefined);
}

// The popup's pages are open to anyone, and behind a reverse proxy every browser shares one address,
// so they are not counted per address: junk requests would use up everyone's budget and lock the
// sign-in out. Each request is counted under the secret it carries instead: a callback under its
// `state`, an authorize request under its flow id. A real sign-in's state and flow id are random and
// known only to its browser, so nobody else's requests count against them; junk only counts against
// the junk it sent. What no route names falls back to the address.
const POPUP_KEYS = {
  [CALLBACK_PATH]: (request) => `state:${digest(allValues(request.query?.state))}`,
};

// A launch is counted with what it carries: someone who knows only a flow's id (not its nonce, nor a
// page on its origin) cannot use up the budget of the widget's real launch.
function flowKey(request) {
  const fromPath = request.params?.flowId;
  const flowIds = fromPath === undefined ? bodyField(request.body, 'flow') : [fromPath];
  if (flowIds.length === 0) return `address:${request.ip}`;
  const launch = request.method === 'POST' ? [request.headers.origin ?? null, bodyField(request.body, 'nonce')] : [];
  return `flow:${digest([flowIds, ...launch])}`;
}

const popupKey = (request) => (POPUP_KEYS[request.routeOptions.url] ?? flowKey)(request);

/** Registers the plugin on `app`; returns hooks for the scopes that need them (no-ops when off). */
export function registerRateLimits(app, { settings, sessionAuth }) {
  if (!settings) {
    const pass = async () => {};
    return { sessionHook: pass, connectHook: pass, popupHook: pass };
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
      popup: make(settings.oauth, popupKey),
    };
  });

  async function check(limiter, request) {
    const limit = await limiter(request);
    if (!limit.isAllowed && limit.isExceeded) throw rateLimited(limit);
  }

  return {
    /**
     * onRequest for the session-token scope: authenticates (once per request), then counts, before
     * any body is read.
     */
    async sessionHook(request) {
      await sessionAuth.requireSession(request);
      await check(limiters.session, request);
    },
    /** preHandler for the session-token scope: counts credential checks, once the body is known valid. */
    async connectHook(request) {
      if (request.method === 'POST' && request.routeOptions.url === '/v1/connections') await check(limiters.connect, request);
    },
    /** preHandler for the OAuth popup's pages: after the (small) form body is read, as it may name the flow. */
    async popupHook(request) {
      await check(limiters.popup, request);
    },
  };
}
