// The demo's sandbox providers on a loopback port: the consent page cannot be framed (its Approve
// button clickjacked), and nothing is served under another site's name (DNS rebinding).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSandboxProvider } from '../../demo/src/sandbox-provider.js';
import { requestWithHost } from './demo-support.js';

const REDIRECT_URI = 'http://127.0.0.1:4200/v1/oauth/callback';

async function startSandbox(t) {
  const provider = createSandboxProvider({
    clients: { 'demo-client': { secret: 'sandbox-client-secret', name: 'Demo Co', redirectUris: [REDIRECT_URI] } },
  });
  const origin = await provider.listen(0, '127.0.0.1');
  t.after(() => provider.close());
  return { origin, ownHost: new URL(origin).host };
}

const authorizePath = (clientId = 'demo-client') => `/oauth/authorize?${new URLSearchParams({
  client_id: clientId, redirect_uri: REDIRECT_URI, response_type: 'code', state: 's',
  code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256',
})}`;

function assertNotFramable(answer, what) {
  assert.match(answer.headers['content-security-policy'], /(^|;\s*)frame-ancestors 'none'(;|$)/, what);
  assert.equal(answer.headers['x-frame-options'], 'DENY', what);
}

test('attack: the sandbox consent page cannot be framed by another site', async (t) => {
  const { origin, ownHost } = await startSandbox(t);
  const consent = await requestWithHost(origin, authorizePath(), { host: ownHost });
  assert.equal(consent.status, 200);
  assert.match(consent.body, /<button name="decision" value="approve"/);
  assertNotFramable(consent, 'the consent page');
  // Its own policy keeps what it had: nothing loads but its stylesheet, and the form posts home.
  assert.match(consent.headers['content-security-policy'], /default-src 'none'; style-src 'self'; form-action 'self' http:\/\/127\.0\.0\.1:4200/);

  // The sandbox's other HTML answers: an unknown client, a decision for a request that expired.
  assertNotFramable(await requestWithHost(origin, authorizePath('unknown-client'), { host: ownHost }), 'the unknown-client page');
  assertNotFramable(await requestWithHost(origin, '/oauth/decide', { host: ownHost, method: 'POST' }), 'the expired-request page');
});

test('attack: the sandbox providers refuse a request under another name (DNS rebinding)', async (t) => {
  const { origin, ownHost } = await startSandbox(t);
  const port = ownHost.split(':')[1];
  for (const host of [`attacker.example:${port}`, `localhost.attacker.example:${port}`]) {
    const consent = await requestWithHost(origin, authorizePath(), { host });
    assert.equal(consent.status, 421, host);
    assert.doesNotMatch(consent.body, /decision/, 'no consent page');
    assert.equal((await requestWithHost(origin, '/mail/v1/me', { host })).status, 421, host);
  }
  assert.equal((await requestWithHost(origin, authorizePath(), { host: `localhost:${port}` })).status, 200, 'its own names are served');
});
