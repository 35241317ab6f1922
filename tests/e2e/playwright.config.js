// Playwright drives Debian's Chromium against the demo, started fresh on its own ports.
import { defineConfig } from '@playwright/test';
import { CHROMIUM_LAUNCH_OPTIONS } from './chromium.js';
import { fileURLToPath } from 'node:url';

const port = Number(process.env.AUTHKIT_E2E_PORT ?? 5100);
const root = fileURLToPath(new URL('../..', import.meta.url));

export default defineConfig({
  testDir: '.',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  // One folder per port: Playwright empties it on start, and another run may be using the default one.
  outputDir: `${root}test-results/e2e-${port}`,
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    browserName: 'chromium',
    trace: 'retain-on-failure',
    launchOptions: { ...CHROMIUM_LAUNCH_OPTIONS },
  },
  webServer: {
    command: 'node tests/e2e/start-demo.js',
    cwd: root,
    url: `http://127.0.0.1:${port}/`,
    env: { AUTHKIT_E2E_PORT: String(port) },
    reuseExistingServer: false,
    timeout: 30_000,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
