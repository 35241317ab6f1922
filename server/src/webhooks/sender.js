// Sends connection events to a project's webhook URL: signed, retried a bounded number of times
// with doubling pauses, never following redirects. Deliveries live in memory only: an event whose
// attempts are still pending when the process stops is not sent.
import { randomBytes } from 'node:crypto';
import { publicConnection } from '../connection-view.js';
import { SIGNATURE_HEADER, signWebhook } from './signature.js';

export const WEBHOOK_EVENTS = Object.freeze(['connection.created', 'connection.needs_reauth', 'connection.deleted']);
const MAX_PAUSE_MS = 60_000;

function pause(ms, signal) {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}

/** log: a function returning the service's logger (it exists only once the app is built). */
export function createWebhookSender({ config, now, log: serviceLog = () => undefined }) {
  const { maxAttempts, retryBaseMs, timeoutMs } = config.webhooks;
  const closing = new AbortController();
  const deliveries = new Set();

  async function deliver(webhook, event, log) {
    const body = JSON.stringify(event);
    const context = { event: event.type, deliveryId: event.id, connectionKey: event.data.connection.key };
    for (let attempt = 1; attempt <= maxAttempts && !closing.signal.aborted; attempt += 1) {
      let outcome;
      try {
        const response = await fetch(webhook.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'user-agent': 'AuthKit-Webhooks/1',
            'x-authkit-event': event.type,
            'x-authkit-delivery': event.id,
            [SIGNATURE_HEADER]: signWebhook(body, webhook.secret, Math.floor(now() / 1000)),
          },
          body,
          redirect: 'manual',
          signal: AbortSignal.any([AbortSignal.timeout(timeoutMs), closing.signal]),
        });
        await response.body?.cancel();
        if (response.ok) {
          log?.info({ ...context, attempt }, 'webhook delivered');
          return true;
        }
        outcome = { status: response.status };
      } catch (error) {
        outcome = { reason: error?.name };
      }
      log?.warn({ ...context, attempt, ...outcome }, 'webhook delivery failed');
      if (attempt < maxAttempts) await pause(Math.min(retryBaseMs * 2 ** (attempt - 1), MAX_PAUSE_MS), closing.signal);
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

    /** Stops retrying and waits for attempts in progress to end. */
    async close() {
      closing.abort();
      await Promise.allSettled([...deliveries]);
    },
  };
}
