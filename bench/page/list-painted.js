// Runs in the bench page: tells when the widget's integration list is in its shadow DOM, and when a
// frame holding it has been painted. Times are performance.now() values: milliseconds since the
// page's navigation started. Inlined into the page as a classic script (see bench-page.mjs), so it
// hands its functions over as window.benchProbe rather than exporting them.
(() => {
  const LIMIT_MS = 10_000; // the page never waits longer than this for the list, so no run can hang

  const widgetRoot = () => document.querySelector('[data-authkit]')?.shadowRoot;
  const listShown = () => Boolean(widgetRoot()?.querySelector('[role="listbox"] [role="option"]'));

  /**
   * When the main thread has rendered the frame that holds the current DOM. A task queued from a
   * requestAnimationFrame callback runs only after that frame's style, layout and paint, and unlike
   * a second requestAnimationFrame it does not wait for the frame after (up to 16.7 ms more).
   */
  function afterNextPaint() {
    return new Promise((resolve) => {
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => {
          channel.port1.close();
          resolve(performance.now());
        };
        channel.port2.postMessage(null);
      });
    });
  }

  /**
   * When the list's options are in the shadow DOM. A MutationObserver cannot see into a shadow root
   * from the document, so it watches <body> for the widget's host and then the host's shadow root.
   */
  function whenListInDom() {
    return new Promise((resolve, reject) => {
      if (listShown()) {
        resolve(performance.now());
        return;
      }
      let watched = null;
      const observer = new MutationObserver(() => {
        watchShadowRoot();
        if (listShown()) settle(() => resolve(performance.now()));
      });
      const timer = setTimeout(() => settle(() => reject(new Error('the integration list did not appear'))), LIMIT_MS);
      function settle(finish) {
        clearTimeout(timer);
        observer.disconnect();
        finish();
      }
      function watchShadowRoot() {
        const root = widgetRoot();
        if (!root || root === watched) return;
        watched = root;
        observer.observe(root, { childList: true, subtree: true });
      }
      observer.observe(document.body, { childList: true });
      watchShadowRoot();
    });
  }

  /** Both moments for the list: in the DOM, then painted. */
  async function listPainted() {
    const inDom = await whenListInDom();
    const painted = await afterNextPaint();
    return { inDom, painted };
  }

  /**
   * The page's first contentful paint, or null. Paint entries are queued once the frame is presented,
   * which can be a little after afterNextPaint() resolved, so this waits a moment for it.
   */
  function firstContentfulPaint(waitMs = 2000) {
    return new Promise((resolve) => {
      const observer = new PerformanceObserver((list) => {
        const entry = list.getEntriesByName('first-contentful-paint')[0];
        if (entry) settle(entry.startTime);
      });
      const timer = setTimeout(() => settle(null), waitMs);
      function settle(value) {
        clearTimeout(timer);
        observer.disconnect();
        resolve(value);
      }
      observer.observe({ type: 'paint', buffered: true });
    });
  }

  /** The page's requests that started at or after `since`: path, start and end (responseEnd). */
  function requestsSince(since) {
    return performance
      .getEntriesByType('resource')
      .filter((entry) => entry.startTime >= since)
      .map((entry) => ({ path: new URL(entry.name).pathname, start: entry.startTime, end: entry.responseEnd }));
  }

  window.benchProbe = Object.freeze({ afterNextPaint, listPainted, firstContentfulPaint, requestsSince });
})();
