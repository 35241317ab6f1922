// The background refresher: every interval it claims the connections whose tokens expire within
// `aheadMs` (or already have), skipping those backing off, and refreshes them one by one.
const CONCURRENCY = 4;

export function createRefreshWorker({ config, store, refresher, now }) {
  const settings = config.refresh;
  let timer;
  let running = Promise.resolve();
  let stopped = true;

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

  function schedule(log) {
    if (stopped) return;
    timer = setTimeout(() => {
      running = runOnce({ log })
        .catch((error) => log?.error({ err: { type: error.name, code: error.code, message: error.message } },
          'refresh pass failed'))
        .finally(() => schedule(log));
    }, settings.intervalMs);
    // The HTTP server keeps the process alive; the worker alone must not.
    timer.unref();
  }

  return {
    runOnce,
    start({ log } = {}) {
      if (!stopped) return;
      stopped = false;
      schedule(log);
    },
    /** Stops scheduling and waits for a pass in progress (bounded by provider timeouts). */
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
