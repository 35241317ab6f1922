// The package as a customer gets it: `npm pack` of web/, installed offline into an empty folder,
// then used from Node (imports, server-side rendering, TypeScript) and from Chromium, with the
// files served from another origin than the page and the script tag pinned by its integrity hash.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { screen, startServer } from './helpers.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const consumerDir = join(root, 'tests/e2e/consumer');
const run = (command, args, cwd) => execFileSync(command, args, { cwd, encoding: 'utf8', stdio: 'pipe' });

// What a consumer app brings itself: React for the binding, its types for the compiler.
const CONSUMER_PACKAGES = ['react', 'react-dom', '@types/react', '@types/react-dom'];

test.describe.configure({ mode: 'serial' });

let workDir;
let packed; // npm pack's report: file list, name
let appDir;
let installed; // the installed package's folder

test.beforeAll(() => {
  test.setTimeout(120_000);
  workDir = mkdtempSync(join(tmpdir(), 'authkit-pack-'));
  [packed] = JSON.parse(run('npm', ['pack', '--workspace', 'web', '--pack-destination', workDir, '--json'], root));
  appDir = join(workDir, 'app');
  mkdirSync(appDir);
  writeFileSync(join(appDir, 'package.json'), JSON.stringify({ name: 'consumer-app', private: true, type: 'module' }));
  // --offline: the tarball must install from itself alone (lit-html is bundled, React is an optional peer).
  run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', join(workDir, packed.filename)], appDir);
  installed = join(appDir, 'node_modules', '@authkit', 'web');
  for (const name of CONSUMER_PACKAGES) {
    mkdirSync(join(appDir, 'node_modules', name, '..'), { recursive: true });
    symlinkSync(join(root, 'node_modules', name), join(appDir, 'node_modules', name), 'dir');
  }
});

test.afterAll(() => {
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

test('the tarball holds the built files and the declarations, and nothing to install besides', () => {
  const files = packed.files.map((file) => file.path).sort();
  for (const name of ['authkit.js', 'authkit.mjs', 'react.mjs', 'element.mjs', 'authkit-core.wasm', 'integrity.json']) {
    expect(files).toContain(`dist/${name}`);
  }
  for (const name of ['index.d.ts', 'react.d.ts', 'element.d.ts']) expect(files).toContain(`types/${name}`);
  expect(files.filter((file) => file.startsWith('src/') || file.startsWith('build'))).toEqual([]);

  const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));
  expect(manifest.dependencies ?? {}).toEqual({});
  expect(manifest.peerDependenciesMeta.react.optional).toBe(true);
  expect(Object.keys(manifest.exports)).toEqual(expect.arrayContaining(['.', './react', './element', './authkit.js', './authkit-core.wasm']));
});

test('integrity.json has the sha384 of each installed file', () => {
  const integrity = JSON.parse(readFileSync(join(installed, 'dist/integrity.json'), 'utf8'));
  const entries = ['authkit-core.wasm', 'authkit.js', 'authkit.mjs', 'element.mjs', 'react.mjs'];
  expect(Object.keys(integrity)).toEqual(expect.arrayContaining(entries));
  // Besides the entries, only the languages' message catalogs that the modal fetches beside its .wasm.
  expect(Object.keys(integrity).filter((name) => !entries.includes(name))).toEqual(
    Object.keys(integrity).filter((name) => /^locales\/[a-z]{2,3}(-[A-Za-z0-9]+)*\.json$/.test(name)),
  );
  for (const [name, value] of Object.entries(integrity)) {
    const digest = createHash('sha384').update(readFileSync(join(installed, 'dist', name))).digest('base64');
    expect(value, name).toBe(`sha384-${digest}`);
  }
});

test('in Node every entry imports with no DOM, options are still checked, and React renders on the server', () => {
  cpSync(join(consumerDir, 'ssr-check.mjs'), join(appDir, 'ssr-check.mjs'));
  const result = JSON.parse(run(process.execPath, ['ssr-check.mjs'], appDir));
  expect(result.globals).toEqual({ window: 'undefined', document: 'undefined' });
  expect(result.exports).toEqual({
    web: ['AuthKit', 'default'],
    react: ['AuthKitButton', 'useAuthKit'],
    element: ['ELEMENT_NAME', 'defineAuthKitElement'],
  });
  expect(result.invalidOptions).toBe('TypeError: AuthKit.create: "token" is required: { url, headers? } or a function returning { token, expiresAt }.');
  expect(result.button).toBe('<button type="button" class="connect">Connect Slack</button>');
  expect(result.hook).toBe('<p>ready=false error=null</p>');
  expect(result.elementWithoutDom).toBe(true);
});

test('a TypeScript app compiles against the installed declarations', () => {
  for (const file of ['consumer.tsx', 'tsconfig.json']) cpSync(join(consumerDir, file), join(appDir, file));
  expect(() => run(join(root, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.json'], appDir)).not.toThrow();
});

test.describe('served to Chromium from another origin', () => {
  const TYPES = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json' };
  let files; // the installed dist, on its own origin like a CDN
  let site; // the host page

  test.beforeAll(async () => {
    files = await startServer((request, response) => {
      const name = new URL(request.url, 'http://files').pathname.slice(1);
      const allowed = ['authkit.js', 'authkit.mjs', 'react.mjs', 'element.mjs', 'authkit-core.wasm'];
      if (!allowed.includes(name)) return response.writeHead(404).end();
      response.writeHead(200, { 'content-type': TYPES[extname(name)], 'access-control-allow-origin': '*' });
      return response.end(readFileSync(join(installed, 'dist', name)));
    });
    const integrity = JSON.parse(readFileSync(join(installed, 'dist/integrity.json'), 'utf8'));
    // The page's own script: no backend here, so the token request fails and the modal shows why.
    const pageScript = (create) => `${create}({
      token: () => Promise.reject(new Error('no backend in this test')),
      serviceUrl: 'https://connect.invalid',
      onError: (error) => { document.body.dataset.error = error.code; },
    });
    kit.ready.then(() => { document.body.dataset.ready = 'yes'; kit.open(); });`;
    const pages = {
      '/script-tag': `<script src="${files.origin}/authkit.js" integrity="${integrity['authkit.js']}" crossorigin="anonymous"></script>
        <script src="/script-tag.js"></script>`,
      '/script-tag.js': `const kit = ${pageScript('window.AuthKit.create')}
        document.body.dataset.element = typeof customElements.get('authkit-connect');`,
      '/module': '<script type="module" src="/module.js"></script>',
      '/module.js': `import { AuthKit } from '${files.origin}/authkit.mjs';
        import { ELEMENT_NAME } from '${files.origin}/element.mjs';
        const kit = ${pageScript('AuthKit.create')}
        document.body.dataset.element = typeof customElements.get(ELEMENT_NAME);`,
    };
    site = await startServer((request, response) => {
      const path = new URL(request.url, 'http://site').pathname;
      const body = pages[path];
      if (!body) return response.writeHead(404).end();
      const isScript = path.endsWith('.js');
      response.writeHead(200, {
        'content-type': isScript ? 'text/javascript' : 'text/html; charset=utf-8',
        'content-security-policy': `default-src 'self'; script-src 'self' ${files.origin} 'wasm-unsafe-eval'; connect-src 'self' ${files.origin}; style-src 'self'`,
      });
      return response.end(isScript ? body : `<!doctype html><html lang="en"><title>packed</title><body>${body}</body></html>`);
    });
  });

  test.afterAll(async () => {
    await Promise.all([files?.close(), site?.close()]);
  });

  for (const path of ['/script-tag', '/module']) {
    test(`${path}: loads its .wasm from beside itself, registers the element, and runs the modal`, async ({ page }) => {
      const wasm = page.waitForRequest((request) => request.url().endsWith('.wasm'));
      await page.goto(`${site.origin}${path}`);
      expect((await wasm).url()).toBe(`${files.origin}/authkit-core.wasm`);
      await expect(page.locator('body')).toHaveAttribute('data-ready', 'yes');
      await expect(page.locator('body')).toHaveAttribute('data-element', 'function');
      await expect(screen(page, 'error')).toBeVisible();
      await expect(page.locator('body')).toHaveAttribute('data-error', 'token_fetch_failed');
    });
  }
});
