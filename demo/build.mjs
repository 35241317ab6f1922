// Builds the demo's React page (JSX, React from npm) into demo/dist/, which is not in git.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));

await build({
  entryPoints: [`${here}react/app.jsx`],
  outfile: `${here}dist/react-app.js`,
  bundle: true,
  format: 'esm',
  target: 'es2022',
  jsx: 'automatic',
  sourcemap: true,
  // React's development build: StrictMode rehearses effects only there, and the page is where
  // the binding shows it survives that.
  define: { 'process.env.NODE_ENV': '"development"' },
  logLevel: 'warning',
});
