// Runs an async pass every interval, one pass at a time, for the service's background work (token
// refresh, flow sweeping). A failed pass is logged and the next one still comes.
export function createPeriodicTask({ run, intervalMs, failureMessage }) {
  let timer;
  let running = Promise.resolve();
  let stopped = true;

  function schedule(log) {
    if (stopped) return;
    timer = setTimeout(() => {
      running = run({ log })
        .catch((error) => log?.error({ err: { type: error.name, code: error.code, message: error.message } },
          failureMessage))
        .finally(() => schedule(log));
    }, intervalMs);
    // The HTTP server keeps the process alive; background work alone must not.
    timer.unref();
  }

  return {
    start({ log } = {}) {
      if (!stopped) return;
      stopped = false;
      schedule(log);
    },
    /** Stops scheduling and waits for a pass in progress. */
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
