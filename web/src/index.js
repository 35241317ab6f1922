// Public entry: AuthKit.create(options) → a handle whose open() shows the modal.
// core.js is imported eagerly, unlike the widget: it notes the script's own address, which a classic
// <script> can tell only while it first runs, to find the .wasm beside it.
import { defaultWasmUrl } from './core.js';
import { checkCallbackUpdate, normalizeOptions, pickCallbacks } from './options.js';

// The widget (and lit-html, which reaches for `document` as it loads) is evaluated on the first
// create(), never at import: server-side rendering and Node tooling can import this module.
const loadWidget = () => import('./widget.js');

const CORE_LOAD_FAILED = {
  code: 'core_load_failed',
  message: 'The connect window could not load.',
  retryable: true,
};

/**
 * Creates a modal. The WebAssembly core starts loading at once, so open() from a later click is instant.
 * @param {import('../types/index').AuthKitOptions} options
 * @returns {import('../types/index').AuthKitHandle}
 */
function create(options) {
  const settings = normalizeOptions(options);
  let callbacks = pickCallbacks(options);
  const wasmUrl = settings.wasmUrl ?? defaultWasmUrl();

  let widget = null; // the ready widget, once loaded
  let loading = null; // the current attempt to load it
  let openQueued = false;
  let isOpen = false;
  let destroyed = false;

  // The widget is handed fixed functions that look up the host's callbacks when called, so
  // setCallbacks() takes effect at once without re-creating anything.
  const widgetOptions = {
    ...settings,
    wasmUrl,
    onSuccess: (connection) => callbacks.onSuccess?.(connection),
    onError: (error) => callbacks.onError?.(error),
    onClose: (detail) => {
      isOpen = false;
      callbacks.onClose?.(detail);
    },
    onEvent: (name, data) => callbacks.onEvent?.(name, data),
  };

  function openNow() {
    isOpen = true;
    widget.open();
  }

  function load() {
    loading = loadWidget()
      .then(({ createWidget }) => createWidget(widgetOptions))
      .then((created) => {
        if (destroyed) {
          created.destroy();
          return;
        }
        widget = created;
        if (openQueued) {
          openQueued = false;
          openNow();
        }
      });
    loading.catch((error) => {
      openQueued = false;
      if (destroyed) return;
      if (callbacks.onError) callbacks.onError({ ...CORE_LOAD_FAILED });
      else queueMicrotask(() => { throw error; });
    });
    return loading;
  }
  load();

  return {
    /** Resolves when open() can show the modal without waiting; rejects if the core failed to load. */
    get ready() {
      return loading;
    },
    open() {
      if (destroyed || isOpen) return;
      if (widget) return openNow();
      if (openQueued) return;
      openQueued = true;
      // After a failed load, opening is the retry: the core loader starts afresh.
      loading.catch(() => {
        if (!widget && !destroyed && openQueued) load();
      });
    },
    close() {
      openQueued = false;
      if (isOpen && widget) widget.close();
    },
    /** Replaces the callbacks named in `next` (undefined removes one); the others stay. */
    setCallbacks(next) {
      callbacks = { ...callbacks, ...checkCallbackUpdate(next) };
    },
    /** The machine's event log, secrets redacted, for a bug report. */
    async debugLog() {
      await loading;
      return widget ? widget.debugLog() : [];
    },
    destroy() {
      if (destroyed) return;
      destroyed = true;
      openQueued = false;
      isOpen = false;
      widget?.destroy();
      widget = null;
    },
  };
}

export const AuthKit = Object.freeze({ create });
export default AuthKit;
