// Bundles the shell with the Emscripten glue: an ES module and a script-tag build, with the .wasm beside them.
import { build } from 'esbuild';
import { copyFile, mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const out = `${here}dist`;
await mkdir(out, { recursive: true });

const common = { bundle: true, minify: true, sourcemap: true, target: 'es2020', legalComments: 'none', logLevel: 'warning' };
await Promise.all([
  build({ ...common, entryPoints: [`${here}src/index.js`], format: 'esm', outfile: `${out}/authkit.mjs` }),
  // The classic script has no import.meta; it finds its .wasm through document.currentScript instead.
  build({
    ...common,
    entryPoints: [`${here}src/script.js`],
    format: 'iife',
    outfile: `${out}/authkit.js`,
    define: { 'import.meta.url': 'undefined' },
  }),
  copyFile(`${here}build/authkit-core.wasm`, `${out}/authkit-core.wasm`),
]);
