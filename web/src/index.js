// Public entry: AuthKit.create(options) → a handle whose open() shows the modal.
import { createWidget } from './widget.js';

const REQUIRED = ['token', 'serviceUrl'];

function checkOptions(options) {
  if (!options || typeof options !== 'object') throw new TypeError('AuthKit.create needs an options object.');
  for (const name of REQUIRED) {
    if (!options[name]) throw new TypeError(`AuthKit.create: the "${name}" option is required.`);
  }
  const { token } = options;
  if (typeof token !== 'function' && (typeof token !== 'object' || typeof token.url !== 'string')) {
    throw new TypeError('AuthKit.create: "token" must be { url, headers? } or a function returning { token }.');
  }
}

/**
 * Creates a modal. The WebAssembly core starts loading at once, so open() from a later click is instant.
 * @param {import('./authkit').AuthKitOptions} options
 */
function create(options) {
  checkOptions(options);
  const widget = createWidget(options);
  widget.catch((error) => {
    const payload = { code: 'core_load_failed', message: 'The connect window could not load.', retryable: true };
    if (typeof options.onError === 'function') options.onError(payload);
    else queueMicrotask(() => { throw error; });
  });
  let opened = false;
  return {
    /** Resolves when the modal can open without waiting. */
    ready: widget.then(() => true),
    open() {
      opened = true;
      widget.then((w) => w.open(), () => {});
    },
    close() {
      if (opened) widget.then((w) => w.close(), () => {});
    },
    /** The machine's event log, secrets redacted, for a bug report. */
    async debugLog() {
      return (await widget).debugLog();
    },
    destroy() {
      widget.then((w) => w.destroy(), () => {});
    },
  };
}

export const AuthKit = { create };
export default AuthKit;
