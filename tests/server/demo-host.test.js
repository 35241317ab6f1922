// The demo's host app on a loopback port: it answers only to its own name (no DNS rebinding onto its
// token endpoint), and none of its pages can be framed by another site.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createHostApp } from '../../demo/src/host.js';
import { PAGE_HTML } from '../../demo/src/pages.js';
import { generateSecretKey } from '../../server/src/index.js';
import { requestWithHost } from './demo-support.js';

async function startHost(t) {
  // The service is never called by the routes used here (the token is signed locally).
  const host = createHostApp({ serviceUrl: 'http://127.0.0.1:9', secretKey: generateSecretKey('test'), sandboxApiKey: 'sandbox-key' });
  const origin = await host.listen(0, '127.0.0.1');
  t.after(() => host.close());
  return { origin, port: new URL(origin).port };
}

test('attack: a request to the demo host under another name (DNS rebinding) is refused and mints no token', async (t) => {
  const { origin, port } = await startHost(t);
  for (const host of [`attacker.example:${port}`, 'attacker.example:4100', `127.0.0.1.attacker.example:${port}`, `localhost.attacker.example:${port}`]) {
    const minted = await requestWithHost(origin, '/api/authkit', { host, method: 'POST' });
    assert.equal(minted.status, 421, host);
    assert.match(minted.headers['content-type'], /^text\/plain/);
    assert.match(minted.body, new RegExp(`only at http://127\\.0\\.0\\.1:${port} and http://localhost:${port}`));
    assert.doesNotMatch(minted.body, /token|eyJ/, 'no token in the answer');
    assert.equal((await requestWithHost(origin, '/', { host })).status, 421, `${host}: no page either`);
    assert.equal((await requestWithHost(origin, '/api/demo', { host })).status, 421, `${host}: nor the demo's settings`);
  }

  // Its own names are served.
  for (const host of [`127.0.0.1:${port}`, `localhost:${port}`]) {
    const minted = await requestWithHost(origin, '/api/authkit', { host, method: 'POST' });
    assert.equal(minted.status, 200, host);
    assert.ok(JSON.parse(minted.body).token, host);
  }
});

test('every demo page refuses to be framed by another site', async (t) => {
  const { origin, port } = await startHost(t);
  for (const path of [...Object.keys(PAGE_HTML), '/trusted-types', '/coop']) {
    const page = await requestWithHost(origin, path, { host: `127.0.0.1:${port}` });
    assert.equal(page.status, 200, path);
    assert.match(page.headers['content-type'], /^text\/html/, path);
    assert.match(page.headers['content-security-policy'], /(^|;\s*)frame-ancestors 'none'(;|$)/, path);
    assert.equal(page.headers['x-frame-options'], 'DENY', path);
  }
});
