// Sends connection events to a project's webhook URL: signed, retried a bounded number of times
// with doubling, jittered pauses, never following redirects, and at most `webhooks.concurrency`
// requests at once per URL (the rest wait in order). Deliveries live in memory only: an event
// whose attempts are still pending or queued when the process stops is not sent.
import { randomBytes } from 'node:crypto';
import { publicConnection } from '../connection-view.js';
import { createConcurrencyLimit } from './concurrency-limit.js';
import { DEFAULT_WEBHOOK_CONCURRENCY } from './settings.js';
import { SIGNATURE_HEADER, signWebhook } from './signature.js';

export const WEBHOOK_EVENTS = Object.freeze(['connection.created', 'connection.needs_reauth', 'connection.deleted']);
const MAX_PAUSE_MS = 60_000;

// Ends early when `signal` aborts, also when it already has (an attempt cut short by closing is
// followed by no pause); the listener goes once the pause is over, so pauses of many deliveries do
// not pile listeners up on the sender's one closing signal.
function pause(ms, signal) {
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve();
      return;
    }
    const stop = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', stop);
      resolve();
    };
    const timer = setTimeout(stop, ms);
    signal.addEventListener('abort', stop, { once: true });
  });
}

/**
 * log: a function returning the service's logger (it exists only once the app is built).
 * random: a source of numbers in [0, 1) for the retry jitter (tests pass their own).
 */
export function createWebhookSender({ config, now, log: serviceLog = () => undefined, random = Math.random }) {
  const { maxAttempts, retryBaseMs, timeoutMs, concurrency = DEFAULT_WEBHOOK_CONCURRENCY } = config.webhooks;
  const closing = new AbortController();
  const deliveries = new Set();
  const limits = new Map();

  // Per URL, so a slow or unreachable receiver holds back only its own events.
  function limitFor(url) {
    if (!limits.has(url)) limits.set(url, createConcurrencyLimit(concurrency, closing.signal));
    return limits.get(url);
  }

  // Equal jitter: half of the doubled pause is kept, the rest is random, so events that failed
  // together (a receiver that was down during a bulk delete) do not all come back at one instant.
  function retryPauseMs(attempt) {
    const ceiling = Math.min(retryBaseMs * 2 ** (attempt - 1), MAX_PAUSE_MS);
    return Math.round(ceiling / 2 + (ceiling / 2) * random());
  }

  /** One POST; resolves to { ok: true } or what went wrong ({ status } or { reason }). */
  async function post(webhook, event, body) {
    try {
      const response = await fetch(webhook.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'AuthKit-Webhooks/1',
          'x-authkit-event': event.type,
          'x-authkit-delivery': event.id,
          // Signed when sent, not when queued, so a wait in line does not age the signature.
          [SIGNATURE_HEADER]: signWebhook(body, webhook.secret, Math.floor(now() / 1000)),
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.any([AbortSignal.timeout(timeoutMs), closing.signal]),
      });
      await response.body?.cancel();
      return response.ok ? { ok: true } : { status: response.status };
    } catch (error) {
      return { reason: error?.name };
    }
  }

  async function deliver(webhook, event, log) {
    const body = JSON.stringify(event);
    const context = { event: event.type, deliveryId: event.id, connectionKey: event.data.connection.key };
    const limit = limitFor(webhook.url);
    for (let attempt = 1; attempt <= maxAttempts && !closing.signal.aborted; attempt += 1) {
      // A place is held for the request only, not for the pause after it.
      const release = await limit.acquire();
      if (!release) break;
      let outcome;
      try {
        outcome = await post(webhook, event, body);
      } finally {
        release();
      }
      if (outcome.ok) {
        log?.info({ ...context, attempt }, 'webhook delivered');
        return true;
      }
      const retryInMs = attempt < maxAttempts ? retryPauseMs(attempt) : undefined;
      log?.warn({ ...context, attempt, ...outcome, retryInMs }, 'webhook delivery failed');
      if (retryInMs !== undefined) await pause(retryInMs, closing.signal);
    }
    log?.error(context, 'webhook delivery gave up');
    return false;
  }

  return {
    /** Queues `type` about `connection` for `project`'s webhook, if it has one. Never throws. */
    emit(project, type, connection, log = serviceLog()) {
      if (!project?.webhook || !connection) return;
      const event = {
        id: `evt_${randomBytes(12).toString('base64url')}`,
        type,
        createdAt: new Date(now()).toISOString(),
        projectId: project.id,
        environment: connection.environment,
        data: { connection: publicConnection(connection) },
      };
      const delivery = deliver(project.webhook, event, log).finally(() => deliveries.delete(delivery));
      deliveries.add(delivery);
    },

    /** Resolves when every queued delivery has ended (tests, shutdown). */
    async idle() {
      while (deliveries.size > 0) await Promise.allSettled([...deliveries]);
    },

    /** Stops retrying, drops deliveries still waiting their turn, and waits for attempts in progress to end. */
    async close() {
      closing.abort();
      await Promise.allSettled([...deliveries]);
    },
  };
}
