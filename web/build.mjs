// Bundles the shell with the Emscripten glue into web/dist, under fixed names so a page can pin
// them with Subresource Integrity: the ES module, the script-tag build, the React binding, the
// custom element, the .wasm beside them, and integrity.json with each file's sha384.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const src = `${here}src`;
const out = `${here}dist`;
await mkdir(`${out}/locales`, { recursive: true });
// The catalogs of the languages other than English: a page fetches only the one it shows.
const locales = (await readdir(`${here}../wasm/locales`)).filter((name) => name.endsWith('.json'));

const common = { bundle: true, minify: true, sourcemap: true, target: 'es2020', legalComments: 'none', logLevel: 'warning' };

// The React binding and the element import the public entry as the published authkit.mjs, so a page
// that uses both shares one loader, one core and one registration.
const sharedEntry = {
  name: 'shared-entry',
  setup(plugin) {
    plugin.onResolve({ filter: /^\.\/index\.js$/ }, () => ({ path: './authkit.mjs', external: true }));
  },
};

await Promise.all([
  build({ ...common, entryPoints: [`${src}/index.js`], format: 'esm', outfile: `${out}/authkit.mjs` }),
  // The classic script has no import.meta; it finds its .wasm through document.currentScript instead.
  build({
    ...common,
    entryPoints: [`${src}/script.js`],
    format: 'iife',
    outfile: `${out}/authkit.js`,
    define: { 'import.meta.url': 'undefined' },
  }),
  build({
    ...common,
    entryPoints: [`${src}/react.js`],
    format: 'esm',
    outfile: `${out}/react.mjs`,
    external: ['react'],
    plugins: [sharedEntry],
  }),
  build({ ...common, entryPoints: [`${src}/element.js`], format: 'esm', outfile: `${out}/element.mjs`, plugins: [sharedEntry] }),
  copyFile(`${here}build/authkit-core.wasm`, `${out}/authkit-core.wasm`),
  ...locales.map((name) => copyFile(`${here}../wasm/locales/${name}`, `${out}/locales/${name}`)),
]);

const PINNED = ['authkit.js', 'authkit.mjs', 'react.mjs', 'element.mjs', 'authkit-core.wasm',
  ...locales.map((name) => `locales/${name}`)];
const integrity = {};
for (const name of PINNED) {
  const digest = createHash('sha384').update(await readFile(`${out}/${name}`)).digest('base64');
  integrity[name] = `sha384-${digest}`;
}
await writeFile(`${out}/integrity.json`, `${JSON.stringify(integrity, null, 2)}\n`);
