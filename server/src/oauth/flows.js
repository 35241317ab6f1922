// The life of an OAuth connection flow: created by the widget, bound to one browser when the popup
// opens it, finished once by the provider's callback. Each step is a guarded status change in the
// store, so a replayed or concurrent request cannot run a step twice.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { resolveDefinition } from '../catalog.js';
import { publicConnection } from '../connection-view.js';
import { badRequest, integrationNotAllowed, notFound, originNotAllowed } from '../errors.js';
import { checkSubmittedFields, splitSecretValues } from '../field-values.js';
import { belongsTo, ownerOf } from '../owner.js';
import { reconnectTarget } from '../reconnect.js';
import { buildAuthorizationUrl, createPkcePair, createState } from './authorization-url.js';
import { exchangeCode } from './token-endpoint.js';

export const FLOW_TTL_MS = 10 * 60 * 1000;
const PENDING_STATUSES = new Set(['created', 'authorizing', 'exchanging']);

// Every way a flow can end badly, with what the person in the popup is told.
export const FLOW_ERRORS = Object.freeze({
  oauth_denied: { status: 400, message: 'The sign-in was cancelled or the provider refused access.' },
  oauth_failed: { status: 400, message: 'The provider could not complete the sign-in.' },
  oauth_exchange_failed: { status: 502, message: 'The provider did not accept the sign-in. Please try again.' },
  oauth_flow_expired: { status: 410, message: 'This sign-in took too long and expired. Please start again.' },
  oauth_browser_mismatch: {
    status: 403, message: 'This sign-in was started in another browser. Please start again from this browser.',
  },
  oauth_issuer_mismatch: { status: 400, message: 'The sign-in answer came from an unexpected provider.' },
  oauth_state_invalid: { status: 400, message: 'This sign-in answer is not valid. Please start again.' },
  oauth_state_used: { status: 409, message: 'This sign-in answer was already used.' },
  oauth_flow_used: { status: 409, message: 'This sign-in link was already used.' },
  oauth_flow_unknown: { status: 404, message: 'This sign-in link is not valid.' },
  // Only ever shown in the window that opened the link: the flow stays pending for its real popup.
  oauth_link_not_from_app: {
    status: 403,
    message: 'This sign-in link only works when opened from the app that started it. Go back to the app and start again.',
  },
  integration_not_allowed: { status: 403, message: 'This integration is not available any more.' },
  connection_not_found: { status: 404, message: 'The connection to update no longer exists. Please start again.' },
});

const hashOf = (value) => createHash('sha256').update(value).digest();
const hashText = (value) => hashOf(value).toString('base64url');

function sameHash(value, expectedHash) {
  if (typeof value !== 'string' || typeof expectedHash !== 'string') return false;
  return timingSafeEqual(hashOf(value), Buffer.from(expectedHash, 'base64url'));
}

/** A page for the popup; `notify` is what the page posts to the flow's host origin. */
function page(code, { flow, integrationName } = {}) {
  if (code === 'succeeded') {
    return {
      status: 200,
      title: 'Connected',
      message: `${integrationName ? `Your ${integrationName} account is connected. ` : ''}You can close this window.`,
      notify: flow && notification(flow, 'succeeded'),
    };
  }
  const { status, message } = FLOW_ERRORS[code];
  return { status, title: 'Sign-in did not complete', message, code, notify: flow && notification(flow, 'failed', code) };
}

function notification(flow, status, code) {
  return {
    targetOrigin: flow.origin,
    message: {
      type: 'authkit:oauth', flowId: flow.id, nonce: flow.nonce, status, ...(code ? { error: { code } } : {}),
    },
  };
}

export const CALLBACK_PATH = '/v1/oauth/callback';

/** Whether a Referer header names exactly `origin`; a missing or unreadable one never does. */
function openedFrom(referer, origin) {
  if (typeof referer !== 'string' || referer.length === 0) return false;
  try {
    return new URL(referer).origin === origin;
  } catch {
    return false;
  }
}

/** publicUrl() returns the service's own origin, which may only be known once it listens. */
export function createFlowService({ config, store, now, publicUrl }) {
  const redirectUri = () => `${publicUrl()}${CALLBACK_PATH}`;
  const isExpired = (flow) => Date.parse(flow.expiresAt) <= now();

  // The definition as configured now: an integration disabled after the flow started must not finish.
  function currentDefinition(flow) {
    const project = config.projects.find((candidate) => candidate.id === flow.projectId);
    const definition = config.integrations.get(flow.integration);
    return project?.integrations.includes(flow.integration) && definition?.authType === 'oauth2' ? definition : undefined;
  }

  // The definition with its URLs filled from the fields the flow was started with (a shop's name).
  // Undefined when they no longer fit it, e.g. after the configuration changed under a running flow.
  async function resolvedDefinition(flow, definition, log) {
    try {
      const values = await store.readFlowFields(flow.id);
      return { values, resolved: resolveDefinition(definition, values) };
    } catch (error) {
      log?.warn({ flowId: flow.id, integration: flow.integration, reason: error?.code ?? error?.name }, 'oauth flow fields unusable');
      return undefined;
    }
  }

  async function fail(flow, code, log) {
    const changed = await store.failFlow(flow.id, { code, message: FLOW_ERRORS[code].message });
    log?.info({ flowId: flow.id, integration: flow.integration, code }, 'oauth flow failed');
    // Only the request that ended the flow tells the opener, so it never hears two outcomes.
    return page(code, { flow: changed ? flow : undefined });
  }

  return {
    /**
     * session: the verified session context; requestOrigin: the request's Origin header;
     * connectionKey (reconnect mode): the connection the flow updates in place.
     */
    async startFlow(session, { integration, fields, requestOrigin, connectionKey }) {
      const definition = session.integrations.find((candidate) => candidate.id === integration);
      if (!definition) throw integrationNotAllowed(integration);
      if (definition.authType !== 'oauth2') {
        throw badRequest(`The integration "${integration}" connects with an API key: use POST /v1/connections.`);
      }
      const origin = session.origin ?? requestOrigin;
      if (!origin || !session.project.allowedOrigins.includes(origin)) throw originNotAllowed();
      const target = await reconnectTarget(store, session, integration, connectionKey);
      const values = checkSubmittedFields(definition, fields);

      const id = `flow_${randomBytes(18).toString('base64url')}`;
      const flow = await store.createFlow({
        id,
        ...ownerOf(session),
        integration,
        origin,
        nonce: randomBytes(16).toString('base64url'),
        expiresAt: new Date(now() + FLOW_TTL_MS).toISOString(),
        fields: values,
        connectionKey: target,
      });
      return {
        flowId: flow.id,
        nonce: flow.nonce,
        authorizeUrl: `${publicUrl()}/v1/oauth/authorize/${flow.id}`,
        expiresAt: flow.expiresAt,
      };
    },

    /**
     * The popup opened the authorize link. Binds the flow to `browserBinding` (the cookie value) and
     * returns { redirectTo } or { page }. `referer` is the request's Referer header.
     */
    async beginAuthorization(flowId, browserBinding, referer, log) {
      const flow = await store.getFlow(flowId);
      if (!flow) return { page: page('oauth_flow_unknown') };
      // Whoever opens the link first gets the flow bound to their browser, so a link sent to someone
      // else would store their account under the sender's identity. The widget's popup is navigated
      // by the host page, whose origin the Referer carries. A link opened from anywhere else changes
      // nothing, so it cannot spoil the flow for the popup that is about to open it either.
      if (!openedFrom(referer, flow.origin)) {
        log?.info({ flowId: flow.id, integration: flow.integration, reason: referer ? 'other_origin' : 'no_referer' },
          'oauth authorize link not opened from the app');
        return { page: page('oauth_link_not_from_app') };
      }
      if (flow.status !== 'created') return { page: page('oauth_flow_used') };
      if (isExpired(flow)) return { page: await fail(flow, 'oauth_flow_expired', log) };
      const definition = currentDefinition(flow);
      if (!definition) return { page: await fail(flow, 'integration_not_allowed', log) };
      const filled = await resolvedDefinition(flow, definition, log);
      if (!filled) return { page: await fail(flow, 'oauth_failed', log) };

      const state = createState();
      const { codeVerifier, codeChallenge } = await createPkcePair();
      const won = await store.beginAuthorization(flow.id, {
        stateHash: hashText(state), browserBindingHash: hashText(browserBinding), codeVerifier,
      });
      if (!won) {
        return { page: isExpired(flow) ? await fail(flow, 'oauth_flow_expired', log) : page('oauth_flow_used') };
      }
      return { redirectTo: buildAuthorizationUrl(filled.resolved, { redirectUri: redirectUri(), state, codeChallenge }) };
    },

    /** The provider sent the browser back. `parameters` is the callback query (URLSearchParams). */
    async completeAuthorization(parameters, browserBinding, log) {
      const states = parameters.getAll('state');
      if (states.length !== 1 || states[0].length === 0) return page('oauth_state_invalid');
      const flow = await store.findFlowByStateHash(hashText(states[0]));
      if (!flow) return page('oauth_state_invalid');
      if (flow.status !== 'authorizing') return page('oauth_state_used');
      if (!sameHash(browserBinding, flow.browserBindingHash)) return fail(flow, 'oauth_browser_mismatch', log);
      if (!(await store.claimFlowForExchange(flow.id))) {
        return isExpired(flow) ? fail(flow, 'oauth_flow_expired', log) : page('oauth_state_used');
      }

      const definition = currentDefinition(flow);
      if (!definition) return fail(flow, 'integration_not_allowed', log);
      const filled = await resolvedDefinition(flow, definition, log);
      if (!filled) return fail(flow, 'oauth_failed', log);
      const issuer = parameters.get('iss');
      if (definition.oauth.issuer && issuer !== null && issuer !== definition.oauth.issuer) {
        return fail(flow, 'oauth_issuer_mismatch', log);
      }
      const providerError = parameters.get('error');
      if (providerError !== null) return fail(flow, providerError === 'access_denied' ? 'oauth_denied' : 'oauth_failed', log);

      let exchanged;
      try {
        exchanged = await exchangeCode(filled.resolved, {
          callbackParameters: parameters,
          state: states[0],
          codeVerifier: await store.readCodeVerifier(flow.id),
          redirectUri: redirectUri(),
          timeoutMs: config.providerTimeoutMs,
          now,
        });
      } catch (error) {
        // Only the error's kind is logged: its details can quote the provider's response body.
        log?.warn({ flowId: flow.id, integration: flow.integration, reason: error?.code, status: error?.status },
          'oauth code exchange failed');
        return fail(flow, 'oauth_exchange_failed', log);
      }

      const { publicValues } = splitSecretValues(definition, filled.values);
      try {
        await store.completeFlowWithConnection(flow.id, {
          projectId: flow.projectId,
          environment: flow.environment,
          identity: flow.identity,
          identityType: flow.identityType,
          integration: flow.integration,
          authType: 'oauth2',
          scopes: exchanged.scopes,
          tokenExpiresAt: exchanged.tokenExpiresAt,
          // Refresh and passthrough fill the definition's URLs from these (see connection-values.js).
          credentials: Object.keys(filled.values).length > 0
            ? { ...exchanged.credentials, fields: filled.values }
            : exchanged.credentials,
          fields: publicValues,
          // Reconnect mode: only this connection may be updated, and none created (null otherwise).
          connectionKey: flow.connectionKey,
        });
      } catch (error) {
        // Deleted since the flow started: the new tokens are dropped rather than revive it.
        if (error?.code === 'connection_not_found') return fail(flow, 'connection_not_found', log);
        if (error?.code !== 'flow_state_conflict') throw error;
        // The flow ended while the code was being exchanged (it expired and was read as failed).
        return page('oauth_flow_expired');
      }
      log?.info({ flowId: flow.id, integration: flow.integration }, 'oauth flow succeeded');
      return page('succeeded', { flow, integrationName: definition.name });
    },

    /** The widget polls this; only the session that started the flow may read it. */
    async flowStatus(session, flowId) {
      let flow = await store.getFlow(flowId);
      if (!flow || !belongsTo(flow, session)) throw notFound('The flow');
      if (PENDING_STATUSES.has(flow.status) && isExpired(flow)) {
        await store.failFlow(flow.id, { code: 'oauth_flow_expired', message: FLOW_ERRORS.oauth_flow_expired.message });
        flow = await store.getFlow(flowId);
      }
      if (flow.status === 'succeeded') {
        const connection = await store.getConnection(flow.connectionKey);
        return { flowId: flow.id, status: 'succeeded', ...(connection ? { connection: publicConnection(connection) } : {}) };
      }
      if (flow.status === 'failed') {
        return { flowId: flow.id, status: 'failed', error: { code: flow.errorCode, message: flow.errorMessage } };
      }
      return { flowId: flow.id, status: 'pending' };
    },
  };
}
