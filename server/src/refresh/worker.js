// The background refresher: every interval it claims the connections whose tokens expire within
// `aheadMs` (or already have), skipping those backing off, and refreshes them one by one.
import { createPeriodicTask } from '../periodic.js';

const CONCURRENCY = 4;

export function createRefreshWorker({ config, store, refresher, now }) {
  const settings = config.refresh;

  /** One pass. Resolves to { claimed, refreshed, failed }; failures are logged, never thrown. */
  async function runOnce({ log } = {}) {
    const owner = refresher.newOwner();
    const claimed = await store.claimDueRefreshes({
      horizon: new Date(now() + settings.aheadMs).toISOString(),
      limit: settings.batchSize,
      owner,
      leaseUntil: refresher.leaseUntil(),
    });
    const outcome = { claimed: claimed.length, refreshed: 0, failed: 0 };
    const queue = [...claimed];
    const lanes = Array.from({ length: Math.min(CONCURRENCY, queue.length) }, async () => {
      for (let connection = queue.shift(); connection; connection = queue.shift()) {
        try {
          await refresher.refreshClaimed(connection, owner, { minValidityMs: settings.aheadMs, log });
          outcome.refreshed += 1;
        } catch (error) {
          outcome.failed += 1;
          // Expected outcomes (backoff, needs_reauth) were logged by the refresher already.
          if (!error.code) {
            log?.error({ err: { type: error.name, message: error.message }, connectionKey: connection.key }, 'refresh worker error');
          }
        }
      }
    });
    await Promise.all(lanes);
    return outcome;
  }

  const task = createPeriodicTask({ run: runOnce, intervalMs: settings.intervalMs, failureMessage: 'refresh pass failed' });
  return { runOnce, start: task.start, stop: task.stop };
}
