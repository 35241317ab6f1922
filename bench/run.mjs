// Measurements, printed as "name: value unit" lines. Sizes are exact; times are medians of repeated
// runs, because these machines are shared and noisy. Nothing here passes or fails a build.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import createAuthKitCore from '../web/build/authkit-core.mjs';

const dist = fileURLToPath(new URL('../web/dist/', import.meta.url));
const kb = (bytes) => (bytes / 1024).toFixed(1);
const gzipSize = (file) => gzipSync(readFileSync(`${dist}${file}`), { level: 9 }).length;

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

// Sizes a page downloads for the widget (gzip level 9, as a CDN would serve them).
const wasm = gzipSize('authkit-core.wasm');
const esm = gzipSize('authkit.mjs');
console.log(`wasm_gzip: ${kb(wasm)} KB`);
console.log(`esm_bundle_gzip: ${kb(esm)} KB`);
console.log(`widget_total_gzip: ${kb(wasm + esm)} KB`);

// Machine throughput in wasm: a full API-key session (open → catalog → form → success) per round.
const core = await createAuthKitCore({ wasmBinary: readFileSync(`${dist}authkit-core.wasm`) });
const session = {
  sessionId: 's',
  integrations: Array.from({ length: 50 }, (_, i) => ({
    id: `app-${i}`, name: `App ${i}`, category: 'Tools', authType: 'api_key',
    fields: [{ name: 'apiKey', label: 'API key', type: 'secret', required: true, minLength: 8 }],
  })),
  connections: [],
};
function round(machine) {
  let out = JSON.parse(machine.send(JSON.stringify({ type: 'open' })));
  const token = out.effects.find((e) => e.type === 'fetch_token');
  out = JSON.parse(machine.send(JSON.stringify({ type: 'token_loaded', requestId: token.requestId, token: 't' })));
  const fetch = out.effects.find((e) => e.type === 'fetch_session');
  machine.send(JSON.stringify({ type: 'session_loaded', requestId: fetch.requestId, session }));
  machine.send(JSON.stringify({ type: 'search', query: 'app 4' }));
  machine.send(JSON.stringify({ type: 'search', query: '' }));
  machine.send(JSON.stringify({ type: 'select', integration: 'app-7' }));
  machine.send(JSON.stringify({ type: 'field_changed', name: 'apiKey', value: 'abcdefgh12' }));
  out = JSON.parse(machine.send(JSON.stringify({ type: 'submit' })));
  const create = out.effects.find((e) => e.type === 'create_connection');
  machine.send(JSON.stringify({ type: 'connection_created', requestId: create.requestId, connection: { key: 'k' } }));
  machine.send(JSON.stringify({ type: 'done' }));
  return 10; // events per round
}
const samples = [];
for (let run = 0; run < 7; run += 1) {
  const machine = new core.Machine();
  let events = 0;
  const start = performance.now();
  while (performance.now() - start < 200) events += round(machine);
  samples.push(events / ((performance.now() - start) / 1000));
  machine.delete();
}
console.log(`wasm_machine_throughput_median: ${Math.round(median(samples))} events/s`);
