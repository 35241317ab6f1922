// Time from open() to the integration list painted, measured in the page with performance.now()
// around kit.open(), on the bench page with the core already loaded (kit.ready). The first opening
// (first mount, first render of every template) is reported on its own; then `openings` more, each
// closed before the next, give the median and p90.
import { median, percentile, report } from '../report.mjs';
import { routeBenchPage } from './bench-page.mjs';
import { phases } from './phases.mjs';

const ms = (value) => value.toFixed(1);

export async function measureOpenLatency(setup, { openings = 20 } = {}) {
  const context = await setup.browser.newContext();
  try {
    const benchPage = await routeBenchPage(context, setup);
    const page = await context.newPage();
    await page.goto(benchPage.url);
    await page.waitForFunction(() => window.benchReady, undefined, { timeout: 10_000 });
    await page.evaluate(() => window.benchReady);
    await benchPage.unroute(); // the openings' requests go straight to the demo

    const first = await page.evaluate(() => window.benchOpenOnce());
    const runs = [];
    for (let run = 0; run < openings; run += 1) runs.push(await page.evaluate(() => window.benchOpenOnce()));

    const painted = runs.map((run) => run.painted - run.start);
    report('open_to_list_painted_first', ms(first.painted - first.start), 'ms', undefined, 'first open() after the core loaded');
    report('open_to_list_painted_median', ms(median(painted)), 'ms', '<= 50 ms');
    report('open_to_list_painted_p90', ms(percentile(painted, 90)), 'ms');
    report('open_to_list_in_dom_median', ms(median(runs.map((run) => run.inDom - run.start))), 'ms');
    for (const [name, values] of Object.entries(phases(runs))) report(`open_phase_${name}_median`, ms(median(values)), 'ms');
    report('open_to_list_openings_measured', runs.length, 'openings');
  } finally {
    await context.close();
  }
}
