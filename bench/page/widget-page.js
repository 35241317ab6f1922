// Runs in the bench page: embeds AuthKit the way a customer's module does (the demo's token
// endpoint, the demo's service) and exposes the measurements to the bench through `window`.
// Inlined into the page as a module script after list-painted.js (see bench-page.mjs).
//   ?service=<origin>   the connection service (required)
//   &open-at-load       calls open() as soon as this module runs: the cold-load benchmark
import { AuthKit } from '/authkit/authkit.mjs';

const moduleRan = performance.now();
const { afterNextPaint, firstContentfulPaint, listPainted, requestsSince } = window.benchProbe;
const params = new URLSearchParams(location.search);
const kit = AuthKit.create({ token: { url: '/api/authkit' }, serviceUrl: params.get('service') });

if (params.has('open-at-load')) {
  kit.open();
  window.benchColdLoad = listPainted().then(async (marks) => ({
    moduleRan,
    ...marks,
    firstContentfulPaint: await firstContentfulPaint(),
    requests: requestsSince(0),
  }));
} else {
  window.benchReady = kit.ready.then(() => true);

  /** One opening, timed around open(); closes again and waits for the closed frame before returning. */
  window.benchOpenOnce = async () => {
    performance.clearResourceTimings(); // the buffer holds 250 entries; each opening adds a few
    const start = performance.now();
    kit.open();
    try {
      const marks = await listPainted();
      return { start, ...marks, requests: requestsSince(start) };
    } finally {
      kit.close();
      await afterNextPaint();
    }
  };
}
