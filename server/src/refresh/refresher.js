// Refreshes the access token of one OAuth connection, at most once at a time: within a process
// concurrent callers share one attempt, and across processes the database lease lets one process
// ask the provider while the others wait for its result.
import { randomBytes } from 'node:crypto';
import { resolveDefinition } from '../catalog.js';
import { connectionValues } from '../connection-values.js';
import { notFound } from '../errors.js';
import { createGrantRevoker } from '../oauth/revoke-grant.js';
import { refreshTokens } from '../oauth/token-endpoint.js';
import { backoffDelayMs } from './backoff.js';
import {
  connectionNeedsReauth, connectionRevoked, integrationUnavailable, providerUnavailable, refreshNotSupported,
} from './errors.js';

const LEASE_POLL_MS = 50;
const CLAIM_ROUNDS = 3;

const iso = (ms) => new Date(ms).toISOString();

/**
 * deps: { config, store, now, webhooks }. Returns { refresh(key, options), refreshClaimed(connection,
 * owner, options), leaseMs, newOwner() }. Every call takes `log` (a pino logger) in its options.
 */
export function createRefresher({ config, store, now, webhooks }) {
  const settings = config.refresh;
  // Longer than any provider call can take (they time out), so a lease only runs out when its
  // holder died.
  const leaseMs = 2 * config.providerTimeoutMs + 5000;
  const processId = randomBytes(6).toString('hex');
  const inFlight = new Map();
  const revokeGrant = createGrantRevoker({ config });

  const newOwner = () => `${processId}:${randomBytes(6).toString('hex')}`;
  const leaseUntil = () => iso(now() + leaseMs);

  function isFresh(credentials, minValidityMs) {
    if (!credentials) return false;
    if (!credentials.expiresAt) return true; // the provider gave no expiry: the token does not expire
    return Date.parse(credentials.expiresAt) - now() > minValidityMs;
  }

  function definitionOf(connection) {
    const project = config.projects.find((candidate) => candidate.id === connection.projectId);
    const definition = config.integrations.get(connection.integration);
    if (!project?.integrations.includes(connection.integration) || definition?.authType !== 'oauth2') {
      throw integrationUnavailable(connection.integration);
    }
    return { project, definition };
  }

  // Endpoints may be templates filled from the connection's own fields (a shop's host name).
  function resolvedFor(definition, connection, credentials) {
    try {
      return resolveDefinition(definition, connectionValues(connection, credentials));
    } catch {
      throw integrationUnavailable(connection.integration);
    }
  }

  function refuseUnrefreshable(connection) {
    if (!connection) throw notFound('The connection');
    if (connection.status === 'revoked') throw connectionRevoked();
    if (connection.status === 'needs_reauth') throw connectionNeedsReauth();
    if (connection.authType !== 'oauth2') throw refreshNotSupported('API-key connections have no token to refresh.');
  }

  // Bounded by a number of polls rather than by the clock, which tests may hold still.
  async function waitForLease(key) {
    for (let poll = 0; poll <= Math.ceil(leaseMs / LEASE_POLL_MS); poll += 1) {
      const connection = await store.getConnection(key);
      const until = connection?.refreshLeaseUntil ? Date.parse(connection.refreshLeaseUntil) : 0;
      if (!connection?.refreshLeaseOwner || until <= now()) return;
      await new Promise((resolve) => { setTimeout(resolve, LEASE_POLL_MS); });
    }
  }

  async function current(key) {
    const connection = await store.getConnection(key);
    refuseUnrefreshable(connection);
    return { connection, credentials: await store.readCredentials(key) };
  }

  // After invalid_grant: another process may have stored a rotated refresh token after this one
  // read its copy, so only a refusal of the token that is still stored means the grant is dead.
  async function handleInvalidGrant(claimed, owner, usedCredentials, log) {
    const stored = await store.getConnection(claimed.key);
    const storedCredentials = stored?.status === 'active' ? await store.readCredentials(claimed.key) : undefined;
    const changedMeanwhile = !stored || stored.credentialsVersion !== claimed.credentialsVersion
      || storedCredentials?.refreshToken !== usedCredentials.refreshToken;
    const marked = changedMeanwhile
      ? undefined
      : await store.markNeedsReauth(claimed.key, { version: claimed.credentialsVersion, owner });
    if (!marked) {
      log?.info({ connectionKey: claimed.key, integration: claimed.integration },
        'refresh token refused, but the stored credentials changed meanwhile; keeping the connection');
      return current(claimed.key);
    }
    log?.warn({ connectionKey: claimed.key, integration: claimed.integration },
      'the provider refused the refresh token; the connection needs to be reconnected');
    const { project } = definitionOf(claimed);
    webhooks?.emit(project, 'connection.needs_reauth', marked, log);
    throw connectionNeedsReauth();
  }

  /** Runs one refresh under a lease this process holds. */
  async function refreshHeld(claimed, owner, { force, minValidityMs, log }) {
    const { key } = claimed;
    try {
      const credentials = await store.readCredentials(key);
      let project;
      let definition;
      try {
        ({ project, definition } = definitionOf(claimed));
        definition = resolvedFor(definition, claimed, credentials);
      } catch (error) {
        // A configuration problem: back off like a failure rather than retry at every pass.
        const failures = claimed.refreshFailures + 1;
        await store.releaseRefreshLease(key, { owner, failures, retryAt: iso(now() + backoffDelayMs(failures, settings)) });
        log?.warn({ connectionKey: key, integration: claimed.integration, reason: error.code }, 'cannot refresh this connection');
        throw error;
      }
      if (!force && isFresh(credentials, minValidityMs)) return { connection: claimed, credentials };
      if (!force && claimed.refreshRetryAt && Date.parse(claimed.refreshRetryAt) > now()) {
        throw providerUnavailable(claimed.refreshRetryAt, now());
      }
      if (!credentials?.refreshToken) {
        if (!isFresh(credentials, 0)) {
          const marked = await store.markNeedsReauth(key, { version: claimed.credentialsVersion, owner });
          if (marked) webhooks?.emit(project, 'connection.needs_reauth', marked, log);
          throw connectionNeedsReauth();
        }
        // Nothing to do before it expires; the worker looks again then.
        await store.releaseRefreshLease(key, { owner, failures: claimed.refreshFailures, retryAt: credentials.expiresAt });
        if (force) throw refreshNotSupported('The provider issued no refresh token for this connection.');
        return { connection: claimed, credentials };
      }

      let result;
      try {
        result = await refreshTokens(definition, credentials, {
          previousScopes: claimed.scopes, timeoutMs: config.providerTimeoutMs, now,
        });
      } catch (error) {
        if (error.kind === 'invalid_grant') return await handleInvalidGrant(claimed, owner, credentials, log);
        const failures = claimed.refreshFailures + 1;
        const retryAt = iso(now() + backoffDelayMs(failures, settings));
        await store.releaseRefreshLease(key, { owner, failures, retryAt });
        log?.warn({
          connectionKey: key, integration: claimed.integration, reason: error.kind ?? error.name, status: error.status,
          failures, retryAt,
        }, 'token refresh failed; backing off');
        throw providerUnavailable(retryAt, now());
      }

      const saved = await store.saveRefreshedCredentials(key, { version: claimed.credentialsVersion, owner, ...result });
      if (!saved) {
        // Reconnected or deleted while the provider answered: what is stored now wins.
        log?.info({ connectionKey: key, integration: claimed.integration },
          'refreshed tokens dropped: the connection changed meanwhile');
        const stored = await store.getConnection(key);
        // Deleted: the delete revoked the tokens stored then, but these new ones were never stored,
        // so nobody else knows them to end them at the provider.
        if (!stored || stored.status === 'revoked') await revokeGrant(claimed, result.credentials, log);
        return await current(key);
      }
      log?.info({
        connectionKey: key, integration: claimed.integration, tokenExpiresAt: saved.tokenExpiresAt,
        refreshTokenRotated: result.credentials.refreshToken !== credentials.refreshToken,
      }, 'token refreshed');
      return { connection: saved, credentials: result.credentials };
    } finally {
      // A no-op when the lease was already handed back (saved, backed off, marked).
      await store.releaseRefreshLease(key, { owner });
    }
  }

  async function attempt(key, options) {
    for (let round = 0; round < CLAIM_ROUNDS; round += 1) {
      const owner = newOwner();
      const claimed = await store.claimRefreshLease(key, { owner, leaseUntil: leaseUntil() });
      if (claimed) return refreshHeld(claimed, owner, options);

      const before = await store.getConnection(key);
      refuseUnrefreshable(before);
      // Another process is refreshing: wait for its result rather than ask the provider again.
      await waitForLease(key);
      const after = await current(key);
      const refreshedMeanwhile = after.connection.credentialsVersion !== before.credentialsVersion;
      if (options.force ? refreshedMeanwhile : isFresh(after.credentials, options.minValidityMs)) return after;
      const { refreshRetryAt } = after.connection;
      if (!options.force && refreshRetryAt && Date.parse(refreshRetryAt) > now()) {
        throw providerUnavailable(refreshRetryAt, now());
      }
    }
    throw providerUnavailable(undefined, now());
  }

  function track(key, promise) {
    const tracked = promise.finally(() => {
      if (inFlight.get(key) === tracked) inFlight.delete(key);
    });
    if (!inFlight.has(key)) inFlight.set(key, tracked);
    return tracked;
  }

  function singleFlight(key, run) {
    return inFlight.get(key) ?? track(key, run());
  }

  return {
    leaseMs,
    newOwner,
    leaseUntil,

    /**
     * Makes sure connection `key` has a token valid for more than `minValidityMs`, refreshing it if
     * not (or always, with `force`). Resolves to { connection, credentials }. Throws ServiceError:
     * not_found, connection_revoked, connection_needs_reauth, refresh_not_supported,
     * provider_unreachable (with retryAfterSeconds), integration_not_allowed.
     */
    refresh(key, { force = false, minValidityMs = 0, log } = {}) {
      return singleFlight(key, () => attempt(key, { force, minValidityMs, log }));
    },

    /**
     * For the worker, which claimed the lease itself (owner) in a batch. It runs even if a caller of
     * refresh() in this process is already waiting: that caller waits for this very lease.
     */
    refreshClaimed(connection, owner, { minValidityMs, log }) {
      return track(connection.key, refreshHeld(connection, owner, { force: false, minValidityMs, log }));
    },

    isFresh,
    resolvedFor,
  };
}
