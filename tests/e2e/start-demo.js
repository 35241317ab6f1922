// Starts the demo for the browser tests with an empty data folder of its own.
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startDemo } from '../../demo/src/main.js';

const port = Number(process.env.AUTHKIT_E2E_PORT ?? 5100);
const dataDir = fileURLToPath(new URL(`../../.data/e2e-${port}`, import.meta.url));
rmSync(dataDir, { recursive: true, force: true });
const demo = await startDemo({ port, dataDir, logLevel: process.env.AUTHKIT_LOG_LEVEL ?? 'warn' });
console.log(`e2e demo on ${demo.hostOrigin}`);
const stop = async () => {
  await demo.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
