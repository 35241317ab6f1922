// The widget in a real page, in Chromium: what it downloads, how fast open() shows the list, and a
// cold page from navigation to the list. Starts the demo in this process and closes everything it
// started, whatever happens. A benchmark that cannot run says so on stderr and makes the exit code
// non-zero, but the others still run: a missing figure must be noticed, not hide the rest.
import { startBenchPageServer } from './bench-page.mjs';
import { launchChromium } from './browser.mjs';
import { measureColdLoad } from './cold-load.mjs';
import { startBenchDemo } from './demo.mjs';
import { measureOpenLatency } from './open-latency.mjs';
import { measurePageWeight } from './page-weight.mjs';

const BENCHMARKS = [
  ['page weight', measurePageWeight],
  ['open to list painted', measureOpenLatency],
  ['cold load', measureColdLoad],
];

export async function runPageBenchmarks() {
  const demo = await startBenchDemo();
  try {
    const pageServer = await startBenchPageServer();
    try {
      const browser = await launchChromium();
      try {
        for (const [name, measure] of BENCHMARKS) {
          try {
            await measure({ browser, demo, pageServer });
          } catch (error) {
            console.error(`bench: ${name} could not be measured: ${error.message}`);
            process.exitCode = 1;
          }
        }
      } finally {
        await browser.close();
      }
    } finally {
      await pageServer.close();
    }
  } finally {
    await demo.close();
  }
}
