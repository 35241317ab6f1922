// Loads the WebAssembly state machine once per page.
import createAuthKitCore from '../build/authkit-core.mjs';

// A classic <script> knows its own address only while it first runs; modules use import.meta.
const scriptSrc = typeof document !== 'undefined' && document.currentScript ? document.currentScript.src : '';

const loading = new Map(); // wasm URL → the module loading from it

export function defaultWasmUrl() {
  return new URL('authkit-core.wasm', scriptSrc || import.meta.url).href;
}

/** Resolves to the core module (with its `Machine` class); each .wasm URL is loaded once per page. */
export function loadCore({ wasmUrl } = {}) {
  const url = wasmUrl ?? defaultWasmUrl();
  if (!loading.has(url)) {
    const module = createAuthKitCore({ locateFile: () => url }).catch((error) => {
      loading.delete(url); // a later open() may retry, e.g. after a network blip
      throw error;
    });
    loading.set(url, module);
  }
  return loading.get(url);
}
