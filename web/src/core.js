// Loads the WebAssembly state machine once per page.
import createAuthKitCore from '../build/authkit-core.mjs';

// A classic <script> knows its own address only while it first runs; modules use import.meta.
const scriptSrc = typeof document !== 'undefined' && document.currentScript ? document.currentScript.src : '';

let loading = null;

export function defaultWasmUrl() {
  return new URL('authkit-core.wasm', scriptSrc || import.meta.url).href;
}

/** Resolves to the core module (with its `Machine` class); loads the .wasm only on first call. */
export function loadCore({ wasmUrl } = {}) {
  loading ??= createAuthKitCore({ locateFile: () => wasmUrl ?? defaultWasmUrl() }).catch((error) => {
    loading = null; // a later open() may retry, e.g. after a network blip
    throw error;
  });
  return loading;
}
