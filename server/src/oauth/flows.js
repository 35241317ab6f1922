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
import { capturedValues } from './captures.js';
import { createGrantRevoker } from './revoke-grant.js';
import { refuseTooManyPendingFlows } from './flow-limits.js';
import { exchangeCode } from './token-endpoint.js';

export const FLOW_TTL_MS = 10 * 60 * 1000;
// The widget launches its flow the moment it exists. A launch much later can only come from a form
// planted on a page of the host, whose flow must have gone stale by the time someone submits it.
export const LAUNCH_WINDOW_MS = 2 * 60 * 1000;
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
  oauth_issuer_missing: {
    status: 400, message: 'The sign-in answer did not say which provider sent it. Please start again.',
  },
  oauth_state_invalid: { status: 400, message: 'This sign-in answer is not valid. Please start again.' },
  oauth_state_used: { status: 409, message: 'This sign-in answer was already used.' },
  oauth_flow_used: { status: 409, message: 'This sign-in link was already used.' },
  oauth_flow_unknown: { status: 404, message: 'This sign-in link is not valid.' },
  // Only ever shown in the window that opened the link: the flow stays ready for its real popup.
  oauth_link_not_from_app: {
    status: 403,
    message: 'This sign-in link only works when opened from the app that started it. Go back to the app and start again.',
  },
  // The widget gave up on the flow (its modal closed, its page was left): a window still open must
  // not finish a sign-in nobody is waiting for.
  oauth_cancelled: { status: 409, message: 'This sign-in was cancelled in the app. Go back to the app and start again.' },
  integration_not_allowed: { status: 403, message: 'This integration is not available any more.' },
  connection_not_found: { status: 404, message: 'The connection to update no longer exists. Please start again.' },
});

const hashOf = (value) => createHash('sha256').update(value).digest();
const hashText = (value) => hashOf(value).toString('base64url');

function sameHash(value, expectedHash) {
  if (typeof value !== 'string' || typeof expectedHash !== 'string') return false;
  return timingSafeEqual(hashOf(value), Buffer.from(expectedHash, 'base64url'));
}

/**
 * The page the popup ends on. It carries no message for the host page: the popup lost its opener
 * before it left the service, and the widget reads the outcome from the flow's status.
 */
function page(code, { integrationName, endedFlow = false } = {}) {
  if (code === 'succeeded') {
    return {
      status: 200,
      title: 'Connected',
      message: `${integrationName ? `Your ${integrationName} account is connected. ` : ''}You can close this window.`,
      closeWindow: true,
    };
  }
  const { status, message } = FLOW_ERRORS[code];
  // Only the popup whose request ended the flow closes itself: the widget shows what happened. Any
  // other page stays open so the person who opened it can read it, as does one in another browser.
  return { status, title: 'Sign-in did not complete', message, code, closeWindow: endedFlow && code !== 'oauth_browser_mismatch' };
}

export const CALLBACK_PATH = '/v1/oauth/callback';

/** Constant-time equality of two strings, false when either is not one. */
function sameText(a, b) {
  if (typeof a !== 'string' || typeof b !== 'string') return false;
  return timingSafeEqual(hashOf(a), hashOf(b));
}

/** publicUrl() returns the service's own origin, which may only be known once it listens. */
export function createFlowService({ config, store, now, publicUrl }) {
  const redirectUri = () => `${publicUrl()}${CALLBACK_PATH}`;
  const revokeGrant = createGrantRevoker({ config });
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
    return page(code, { endedFlow: Boolean(changed) });
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

      await refuseTooManyPendingFlows({ config, store, now }, ownerOf(session));
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
     * The widget launched its popup: a form POST, from a page on the flow's host origin, carrying the
     * flow's nonce. Binds the flow to `browserBinding` (the value of a cookie the route sets on
     * success) and returns { redirectTo, integrationName } or { page }.
     *
     * The flow belongs to the identity whose session started it; whichever browser launches it will
     * hold the provider account. A link cannot launch a flow (a link is a GET, and only a page can send
     * a POST whose Origin is the host's), so a flow's owner cannot get another person's browser to
     * launch it by sending them its authorize link, whatever page it is opened from. A refused launch
     * changes nothing: the flow stays ready for the real popup.
     */
    async launchFlow(flowId, { nonce, origin, browserBinding }, log) {
      const flow = await store.getFlow(flowId);
      if (!flow) return { page: page('oauth_flow_unknown') };
      if (origin !== flow.origin || !sameText(nonce, flow.nonce)) {
        log?.info({
          flowId: flow.id, integration: flow.integration, reason: origin === flow.origin ? 'wrong_nonce' : 'other_origin',
        }, 'oauth flow launch refused');
        return { page: page('oauth_link_not_from_app') };
      }
      if (flow.status !== 'created') return { page: page('oauth_flow_used') };
      if (isExpired(flow) || now() - Date.parse(flow.createdAt) > LAUNCH_WINDOW_MS) {
        return { page: await fail(flow, 'oauth_flow_expired', log) };
      }
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
      return {
        redirectTo: buildAuthorizationUrl(filled.resolved, { redirectUri: redirectUri(), state, codeChallenge }),
        integrationName: definition.name,
      };
    },

    /** Someone opened the authorize link itself (a GET): it never launches a flow, and changes nothing. */
    async refuseLinkOpen(flowId, log) {
      const flow = await store.getFlow(flowId);
      if (!flow) return page('oauth_flow_unknown');
      log?.info({ flowId: flow.id, integration: flow.integration }, 'oauth authorize link opened without the app');
      return page('oauth_link_not_from_app');
    },

    /**
     * The provider sent the browser back. `parameters` is the callback query (URLSearchParams);
     * `bindingOf(flowId)` reads that flow's binding cookie from the request.
     */
    async completeAuthorization(parameters, bindingOf, log) {
      const states = parameters.getAll('state');
      if (states.length !== 1 || states[0].length === 0) return page('oauth_state_invalid');
      const flow = await store.findFlowByStateHash(hashText(states[0]));
      if (!flow) return page('oauth_state_invalid');
      if (flow.status !== 'authorizing') return page(flow.errorCode === 'oauth_cancelled' ? 'oauth_cancelled' : 'oauth_state_used');
      if (!sameHash(bindingOf(flow.id), flow.browserBindingHash)) return fail(flow, 'oauth_browser_mismatch', log);
      if (!(await store.claimFlowForExchange(flow.id))) {
        return isExpired(flow) ? fail(flow, 'oauth_flow_expired', log) : page('oauth_state_used');
      }

      const definition = currentDefinition(flow);
      if (!definition) return fail(flow, 'integration_not_allowed', log);
      const filled = await resolvedDefinition(flow, definition, log);
      if (!filled) return fail(flow, 'oauth_failed', log);
      // RFC 9207: every integration shares one redirect URI, so a provider that names itself in its
      // answers must do so every time; a missing `iss` could be an answer from another provider.
      const issuer = parameters.get('iss');
      if (definition.oauth.issuer && issuer === null && definition.oauth.authorizationResponseIss) {
        return fail(flow, 'oauth_issuer_missing', log);
      }
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

      // The person's field values, and what the sign-in itself told (never a secret): together they
      // fill the API's addresses from now on (see connection-values.js) and describe the connection.
      const captured = capturedValues(definition, { callback: parameters, answer: exchanged.answer });
      const values = { ...filled.values, ...captured };
      const { publicValues } = splitSecretValues(definition, filled.values);
      const credentials = Object.keys(values).length > 0 ? { ...exchanged.credentials, fields: values } : exchanged.credentials;
      // Tokens that cannot be kept are handed back, so no grant outlives a flow that did not finish.
      const letGo = () => revokeGrant({ key: null, integration: flow.integration, authType: 'oauth2' }, credentials, log);
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
          credentials,
          fields: { ...publicValues, ...captured },
          // Reconnect mode: only this connection may be updated, and none created (null otherwise).
          connectionKey: flow.connectionKey,
        });
      } catch (error) {
        await letGo();
        // Deleted since the flow started: the new tokens are dropped rather than revive it.
        if (error?.code === 'connection_not_found') return fail(flow, 'connection_not_found', log);
        if (error?.code !== 'flow_state_conflict') throw error;
        // The flow ended while the code was being exchanged (it expired or was cancelled).
        const ended = await store.getFlow(flow.id);
        return page(ended?.errorCode === 'oauth_cancelled' ? 'oauth_cancelled' : 'oauth_flow_expired');
      }
      log?.info({ flowId: flow.id, integration: flow.integration }, 'oauth flow succeeded');
      return page('succeeded', { integrationName: definition.name });
    },

    /**
     * The widget no longer waits for this flow. A flow already exchanging its code is left to finish
     * (its answer is moments away); any other pending one fails with oauth_cancelled. Returns the
     * status, as flowStatus does.
     */
    async cancelFlow(session, flowId, log) {
      const flow = await store.getFlow(flowId);
      if (!flow || !belongsTo(flow, session)) throw notFound('The flow');
      if (flow.status === 'created' || flow.status === 'authorizing') {
        if (await store.failFlow(flow.id, { code: 'oauth_cancelled', message: FLOW_ERRORS.oauth_cancelled.message })) {
          log?.info({ flowId: flow.id, integration: flow.integration }, 'oauth flow cancelled by the widget');
        }
      }
      return this.flowStatus(session, flowId);
    },

    /** The widget polls this; only the flow's owner (the identity whose session started it) may read it. */
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
