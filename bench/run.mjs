// Measurements, printed as "name: value unit" lines (see bench/README.md). Sizes are exact; times are
// medians (and p90/p99) of repeated runs, because these machines are shared and noisy. No goal fails
// a build; the goals are printed beside the numbers so a regression is visible.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { transform } from 'esbuild';
import createAuthKitCore from '../web/build/authkit-core.mjs';
import { generatedIntegrations, QUERIES } from './catalog-fixture.mjs';
import { runPageBenchmarks } from './page/index.mjs';
import { kb, percentile, report } from './report.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const gzipSize = (file) => gzipSync(readFileSync(`${root}${file}`), { level: 9 }).length;

// ---- sizes ----------------------------------------------------------------------------------
const wasm = gzipSize('web/build/authkit-core.wasm');
const glue = gzipSize('web/build/authkit-core.mjs');
// The glue as it ships: minified by the same bundler settings as web/dist.
const shippedGlue = gzipSync(
  (await transform(readFileSync(`${root}web/build/authkit-core.mjs`, 'utf8'), { minify: true, format: 'esm' })).code,
  { level: 9 },
).length;
report('core_wasm_gzip', kb(wasm), 'KB');
report('core_glue_js_gzip', kb(glue), 'KB', undefined, 'as Emscripten writes it');
report('core_glue_js_minified_gzip', kb(shippedGlue), 'KB', undefined, 'as shipped inside authkit.mjs');
report('core_wasm_plus_glue_gzip', kb(wasm + shippedGlue), 'KB', '<= 60 KB');

// ---- the machine in wasm, under Node --------------------------------------------------------
const core = await createAuthKitCore({ wasmBinary: readFileSync(`${root}web/build/authkit-core.wasm`) });

function openWith(machine, integrations) {
  const send = (event) => JSON.parse(machine.send(JSON.stringify(event)));
  let out = send({ type: 'open', now: 1 });
  const token = out.effects.find((e) => e.type === 'fetch_token');
  out = send({ type: 'token_loaded', requestId: token.requestId, token: 't' });
  const fetch = out.effects.find((e) => e.type === 'fetch_session');
  send({ type: 'session_loaded', requestId: fetch.requestId, session: { sessionId: 's', integrations, connections: [] } });
  return send;
}

// Search latency per keystroke over 10,000 integrations: the whole round trip the shell makes
// (JSON in, search, view out, JSON parsed), one keystroke at a time.
{
  const machine = new core.Machine();
  const send = openWith(machine, generatedIntegrations(10000));
  const timings = [];
  for (let pass = 0; pass < 5; pass += 1) {
    for (const query of QUERIES) {
      for (let length = 1; length <= query.length; length += 1) {
        const start = performance.now();
        send({ type: 'search', query: query.slice(0, length) });
        timings.push(performance.now() - start);
      }
      send({ type: 'search', query: '' });
    }
  }
  machine.delete();
  report('search_10k_keystroke_p50', percentile(timings, 50).toFixed(3), 'ms');
  report('search_10k_keystroke_p99', percentile(timings, 99).toFixed(3), 'ms', '<= 1 ms');
  report('search_10k_keystrokes_measured', timings.length, 'keystrokes');
}

// Throughput: a full API-key session (open → catalog → search → form → success → close), repeated.
{
  const integrations = generatedIntegrations(50);
  const apiKeyId = integrations.find((integration) => integration.authType === 'api_key').id;
  const rates = [];
  for (let run = 0; run < 7; run += 1) {
    const machine = new core.Machine();
    let events = 0;
    const start = performance.now();
    while (performance.now() - start < 200) {
      const send = openWith(machine, integrations);
      send({ type: 'search', query: 'hub' });
      send({ type: 'key', key: 'ArrowDown' });
      send({ type: 'search', query: '' });
      send({ type: 'select', integration: apiKeyId });
      send({ type: 'field_changed', name: 'apiKey', value: 'abcdefgh12' });
      const out = send({ type: 'submit' });
      const create = out.effects.find((e) => e.type === 'create_connection');
      if (create) send({ type: 'connection_created', requestId: create.requestId, connection: { key: 'k' } });
      send({ type: 'done' });
      events += 11;
    }
    rates.push(events / ((performance.now() - start) / 1000));
    machine.delete();
  }
  report('wasm_machine_throughput_median', Math.round(percentile(rates, 50)), 'events/s');
}

// ---- the machine natively -------------------------------------------------------------------
execFileSync('cmake', ['-S', root, '-B', `${root}build/bench`, '-DCMAKE_BUILD_TYPE=Release', '-DAUTHKIT_BENCH=ON'], {
  stdio: 'ignore',
});
execFileSync('cmake', ['--build', `${root}build/bench`, '--target', 'machine_bench'], { stdio: 'ignore' });
process.stdout.write(execFileSync(`${root}build/bench/machine_bench`, { encoding: 'utf8' }));

// ---- the widget in a page, in Chromium --------------------------------------------------------
await runPageBenchmarks();
