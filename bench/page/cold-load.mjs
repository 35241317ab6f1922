// A cold page: a fresh browser context per run (empty cache, new renderer process), on a page whose
// module calls open() as soon as it runs. Measured in the page from navigation start
// (performance.timeOrigin, so performance.now() is already relative to it) to the list painted.
import { median, percentile, reference, report } from '../report.mjs';
import { routeBenchPage } from './bench-page.mjs';
import { phases } from './phases.mjs';

const ms = (value) => value.toFixed(1);
const WASM_PATH = '/authkit/authkit-core.wasm';

async function coldRun(setup) {
  const context = await setup.browser.newContext();
  try {
    // The route stays while the page loads (see bench-page.mjs): each request pays about 1 ms for it.
    const benchPage = await routeBenchPage(context, setup, { openAtLoad: true });
    const page = await context.newPage();
    await page.goto(benchPage.url);
    await page.waitForFunction(() => window.benchColdLoad, undefined, { timeout: 10_000 });
    return await page.evaluate(() => window.benchColdLoad);
  } finally {
    await context.close();
  }
}

export async function measureColdLoad(setup, { runs: count = 10 } = {}) {
  const runs = [];
  for (let run = 0; run < count; run += 1) runs.push(await coldRun(setup));

  const painted = runs.map((run) => run.painted);
  report('cold_nav_to_list_painted_median', ms(median(painted)), 'ms');
  report('cold_nav_to_list_painted_p90', ms(percentile(painted, 90)), 'ms');
  const fcp = runs.map((run) => run.firstContentfulPaint).filter((value) => value !== null);
  if (fcp.length) report('cold_nav_to_first_contentful_paint_median', ms(median(fcp)), 'ms', undefined, "the page has no content of its own: the widget's first screen");
  report('cold_nav_to_open_called_median', ms(median(runs.map((run) => run.moduleRan))), 'ms', undefined, 'page and authkit.mjs fetched and run');
  const wasm = runs.flatMap((run) => run.requests.filter((request) => request.path === WASM_PATH).map((request) => request.end));
  if (wasm.length) report('cold_nav_to_wasm_downloaded_median', ms(median(wasm)), 'ms');
  // The phases of the opening itself, from the moment open() was called.
  for (const [name, values] of Object.entries(phases(runs.map((run) => ({ ...run, start: run.moduleRan }))))) {
    report(`cold_phase_${name}_median`, ms(median(values)), 'ms');
  }
  report('cold_runs_measured', runs.length, 'runs');
  reference('reference_nango_connect_ui_fcp_median', '~700', 'ms', 'quoted, measured elsewhere on these machines');
}
