// Lets at most `limit` tasks hold a place at once; the others wait their turn in arrival order.
// Webhook delivery takes one place per request, so a burst of events (a bulk delete) reaches a
// receiver a few requests at a time instead of all together. Once `signal` aborts, nobody waiting
// gets a place.
export function createConcurrencyLimit(limit, signal) {
  let holders = 0;
  const waiting = [];
  // One listener for the whole line, not one per waiter: a bulk may queue thousands.
  signal.addEventListener('abort', () => {
    for (const resolve of waiting.splice(0)) resolve(null);
  }, { once: true });

  function releaser() {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = waiting.shift();
      // The place passes straight to the next in line, so nobody can overtake it meanwhile.
      if (next) next(releaser());
      else holders -= 1;
    };
  }

  return {
    /** Resolves to a function that gives the place back, or to null once the signal has aborted. */
    acquire() {
      if (signal.aborted) return Promise.resolve(null);
      if (holders < limit) {
        holders += 1;
        return Promise.resolve(releaser());
      }
      return new Promise((resolve) => { waiting.push(resolve); });
    },
  };
}
