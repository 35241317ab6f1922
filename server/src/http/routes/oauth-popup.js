// The two pages the OAuth popup visits on the service: the authorize link (binds the flow to this
// browser when the host page sent it there, then sends it to the provider) and the registered
// redirect URI (finishes the flow).
import { randomBytes } from 'node:crypto';
import { CALLBACK_PATH } from '../../oauth/flows.js';
import { sendResultPage } from '../result-page.js';

export const BINDING_COOKIE = 'authkit_oauth_binding';
const BINDING_PATTERN = /^[A-Za-z0-9_-]{43}$/;
const BINDING_MAX_AGE_SECONDS = 15 * 60;

// No automatic HEAD routes: a link checker's HEAD must not use up a one-time link.
const ONE_TIME = { exposeHeadRoute: false };

export async function oauthPopupRoutes(app, { flows, publicUrl }) {
  app.get('/v1/oauth/authorize/:flowId', ONE_TIME, async (request, reply) => {
    // One value per browser, reused, so two flows started side by side both keep their binding.
    const existing = request.cookies[BINDING_COOKIE];
    const binding = BINDING_PATTERN.test(existing ?? '') ? existing : randomBytes(32).toString('base64url');
    const outcome = await flows.beginAuthorization(request.params.flowId, binding, request.headers.referer, request.log);
    if (outcome.page) return sendResultPage(reply, outcome.page);
    reply.setCookie(BINDING_COOKIE, binding, {
      path: '/v1/oauth',
      httpOnly: true,
      sameSite: 'lax',
      secure: publicUrl().startsWith('https:'),
      maxAge: BINDING_MAX_AGE_SECONDS,
    });
    return reply.header('referrer-policy', 'no-referrer').header('cache-control', 'no-store')
      .redirect(outcome.redirectTo, 302);
  });

  app.get(CALLBACK_PATH, ONE_TIME, async (request, reply) => {
    // The raw query, not fastify's parsed one: a repeated parameter must stay visible to be refused.
    const parameters = new URL(request.url, 'http://callback.invalid').searchParams;
    const page = await flows.completeAuthorization(parameters, request.cookies[BINDING_COOKIE], request.log);
    return sendResultPage(reply, page);
  });
}
