// The pages the OAuth popup visits on the service: the launch (a form POST from the widget, which
// binds the flow to this browser and leaves for the provider without its opener), the authorize link
// opened any other way (refused), and the registered redirect URI (finishes the flow).
import { bindingCookieName, bindingCookieOptions, newBindingValue } from '../../oauth/browser-binding.js';
import { CALLBACK_PATH } from '../../oauth/flows.js';
import { sendContinuePage, sendResultPage } from '../result-page.js';

// No automatic HEAD routes: a link checker's HEAD must not use up a one-time link.
const ONE_TIME = { exposeHeadRoute: false };
const LAUNCH_BODY_LIMIT_BYTES = 1024;

export async function oauthPopupRoutes(app, { flows, publicUrl }) {
  const secureCookies = () => publicUrl().startsWith('https:');

  // The launch form is all this scope reads as a body; URLSearchParams keeps a repeated field visible.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: LAUNCH_BODY_LIMIT_BYTES },
    (request, body, done) => done(null, new URLSearchParams(body)));

  app.get('/v1/oauth/authorize/:flowId', ONE_TIME, async (request, reply) => (
    sendResultPage(reply, await flows.refuseLinkOpen(request.params.flowId, request.log))));

  app.post('/v1/oauth/authorize/:flowId', async (request, reply) => {
    const form = request.body instanceof URLSearchParams ? request.body : new URLSearchParams();
    const nonces = form.getAll('nonce');
    const binding = newBindingValue();
    const outcome = await flows.launchFlow(request.params.flowId, {
      nonce: nonces.length === 1 ? nonces[0] : undefined,
      origin: request.headers.origin,
      browserBinding: binding,
    }, request.log);
    if (outcome.page) return sendResultPage(reply, outcome.page);
    const secure = secureCookies();
    reply.setCookie(bindingCookieName(request.params.flowId, secure), binding, bindingCookieOptions(secure));
    return sendContinuePage(reply, { url: outcome.redirectTo, integrationName: outcome.integrationName });
  });

  app.get(CALLBACK_PATH, ONE_TIME, async (request, reply) => {
    // The raw query, not fastify's parsed one: a repeated parameter must stay visible to be refused.
    const parameters = new URL(request.url, 'http://callback.invalid').searchParams;
    const secure = secureCookies();
    let flowId;
    const page = await flows.completeAuthorization(parameters, (id) => {
      flowId = id;
      return request.cookies[bindingCookieName(id, secure)];
    }, request.log);
    // The binding has done its work once the flow reached its callback.
    if (flowId) reply.clearCookie(bindingCookieName(flowId, secure), { ...bindingCookieOptions(secure), maxAge: undefined });
    return sendResultPage(reply, page);
  });
}
