// The demo, started in this process on the bench's own ports with a throwaway data folder, so a
// bench run neither touches .data/demo nor leaves a server or a database behind.
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemo } from '../../demo/src/main.js';

// 8100 (host), 8200 (service), 8300 (providers): other users of these machines take 4100, 5100, 6100.
export const BENCH_PORT = Number(process.env.AUTHKIT_BENCH_PORT ?? 8100);

// startDemo opens its servers one after another; if a later port were taken, the earlier servers
// would stay open and keep this process alive, so the ports are checked first.
function assertFree(port) {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', () => reject(new Error(`port ${port} is in use (set AUTHKIT_BENCH_PORT to move the bench demo)`)));
    probe.listen(port, '127.0.0.1', () => probe.close(resolve));
  });
}

export async function startBenchDemo() {
  for (const offset of [0, 100, 200]) await assertFree(BENCH_PORT + offset);
  const dataDir = await mkdtemp(join(tmpdir(), 'authkit-bench-'));
  let demo;
  try {
    demo = await startDemo({ port: BENCH_PORT, dataDir, logLevel: 'warn' });
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    ...demo,
    async close() {
      await demo.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
