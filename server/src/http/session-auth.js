// Authentication of the widget's requests by session token, and the CORS policy that goes with it:
// a browser origin may read responses only if the token's project allows that origin.
import { ServiceError, originNotAllowed } from '../errors.js';
import { enabledIntegrations } from '../sessions.js';
import { verifySessionToken } from '../token.js';
import { bearerToken } from './bearer.js';

const CORS_BASE = Object.freeze({
  methods: ['GET', 'POST'],
  allowedHeaders: ['authorization', 'content-type'],
  maxAge: 600,
  credentials: false,
});

export function createSessionAuth({ config, projectKeys, now }) {
  const anyProjectOrigins = new Set(config.projects.flatMap((project) => project.allowedOrigins));

  async function verify(request) {
    let claims;
    try {
      claims = await verifySessionToken(bearerToken(request), {
        resolveKey: (keyId) => projectKeys.secretKeyFor(keyId),
        currentDate: new Date(now()),
      });
    } catch (error) {
      throw new ServiceError(error.code, error.message, { status: 401 });
    }
    const project = projectKeys.projectOfKeyId(claims.keyId);
    return { ...claims, project, integrations: enabledIntegrations(config, project, claims.integrations) };
  }

  // Verified once per request: both the CORS decision and the route need the result.
  function sessionOf(request) {
    request.authkitSessionPromise ??= verify(request);
    return request.authkitSessionPromise;
  }

  const originAllowed = (session, origin) => session.project.allowedOrigins.includes(origin)
    && (session.origin === undefined || session.origin === origin);

  return {
    /** For @fastify/cors's delegator. */
    async corsOptions(request) {
      const origin = request.headers.origin;
      if (origin === undefined) return { ...CORS_BASE, origin: false };
      // Before the token is known (preflights, bad tokens) any configured origin may read the
      // answer, so the widget can see why it was refused.
      let session;
      if (request.method !== 'OPTIONS') session = await sessionOf(request).catch(() => undefined);
      return { ...CORS_BASE, origin: session ? originAllowed(session, origin) : anyProjectOrigins.has(origin) };
    },

    /** onRequest: sets request.authkit to the session context or refuses the request. */
    async requireSession(request) {
      const session = await sessionOf(request);
      const origin = request.headers.origin;
      if (origin !== undefined && !originAllowed(session, origin)) throw originNotAllowed();
      request.authkit = session;
    },
  };
}
