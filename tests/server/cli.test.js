// The authkit-server command, run as a separate process the way an operator runs it.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { generateSecretKey, parseSecretKey, verifySessionToken } from '../../server/src/index.js';
import { baseConfig, tempDir } from './support.js';

const CLI = fileURLToPath(new URL('../../server/src/cli.js', import.meta.url));

/** Runs the CLI to its end (killed after 10 s); resolves to { code, stdout, stderr }. */
function run(args, { env = {} } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'], timeout: 10_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => { stdout += chunk; });
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

test('token prints a session token for the key in the named environment variable', async () => {
  const secretKey = generateSecretKey('test');
  const result = await run([
    'token', '--secret-key-env', 'MY_AUTHKIT_KEY', '--identity', 'user-42', '--identity-type', 'team',
    '--integrations', 'github, stripe', '--origin', 'https://app.example.com', '--ttl', '120',
  ], { env: { MY_AUTHKIT_KEY: secretKey } });
  assert.equal(result.code, 0, result.stderr);
  const printed = JSON.parse(result.stdout);
  assert.deepEqual(Object.keys(printed), ['token', 'expiresAt']);
  const session = await verifySessionToken(printed.token, {
    resolveKey: (keyId) => (keyId === parseSecretKey(secretKey).keyId ? secretKey : undefined),
  });
  assert.equal(session.identity, 'user-42');
  assert.equal(session.identityType, 'team');
  assert.deepEqual(session.integrations, ['github', 'stripe']);
  assert.equal(session.origin, 'https://app.example.com');
  assert.equal(session.expiresAt, printed.expiresAt);
  const lifetime = Date.parse(printed.expiresAt) - Date.now();
  assert.ok(lifetime > 100_000 && lifetime <= 120_000, `${lifetime} ms`);
});

test('token never takes the key itself from the command line, and never prints it', async () => {
  const secretKey = generateSecretKey('test');
  for (const args of [['--secret-key', secretKey], [`--secret-key=${secretKey}`]]) {
    const result = await run(['token', ...args, '--identity', 'u', '--identity-type', 'user']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--secret-key-env/);
    assert.ok(!`${result.stdout}${result.stderr}`.includes(secretKey));
  }
  const wrongKey = `sk_test_${'x'.repeat(10)}`;
  const missing = await run(['token', '--secret-key-env', 'NOT_SET_HERE', '--identity', 'u', '--identity-type', 'user']);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /NOT_SET_HERE is not set/);
  const invalid = await run(['token', '--secret-key-env', 'KEY', '--identity', 'u', '--identity-type', 'user'], { env: { KEY: wrongKey } });
  assert.equal(invalid.code, 1);
  assert.match(invalid.stderr, /invalid_secret_key/);
  assert.ok(!invalid.stderr.includes(wrongKey));
  const badType = await run(['token', '--secret-key-env', 'KEY', '--identity', 'u', '--identity-type', 'robot'],
    { env: { KEY: generateSecretKey() } });
  assert.equal(badType.code, 1);
  assert.match(badType.stderr, /invalid_identity_type/);
  const badTtl = await run(['token', '--secret-key-env', 'KEY', '--identity', 'u', '--identity-type', 'user', '--ttl', 'soon'],
    { env: { KEY: generateSecretKey() } });
  assert.equal(badTtl.code, 2);
});

test('secret-key prints a new test key, or a live one', async () => {
  const test1 = await run(['secret-key']);
  const test2 = await run(['secret-key']);
  const live = await run(['secret-key', '--live']);
  assert.equal(parseSecretKey(test1.stdout.trim()).environment, 'test');
  assert.equal(parseSecretKey(live.stdout.trim()).environment, 'live');
  assert.notEqual(test1.stdout, test2.stdout);
});

test('no or an unknown command prints the usage', async () => {
  for (const args of [[], ['launch']]) {
    const result = await run(args);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /authkit-server token --secret-key-env/);
  }
  assert.equal((await run(['--help'])).code, 0);
});

test('start runs the service from a config file until it is told to stop', async (t) => {
  const dir = tempDir(t);
  const { config } = baseConfig({ dir });
  const file = join(dir, 'authkit.json');
  writeFileSync(file, JSON.stringify(config));
  const child = spawn(process.execPath, [CLI, 'start', '--config', file], {
    env: { PATH: process.env.PATH }, stdio: ['ignore', 'pipe', 'pipe'], timeout: 15_000,
  });
  t.after(() => child.kill('SIGKILL'));
  const exited = new Promise((resolve) => { child.on('close', (code, signal) => resolve({ code, signal })); });
  const url = await new Promise((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) resolve(match[1]);
    });
    child.stderr.on('data', (chunk) => { output += chunk; });
    exited.then(() => reject(new Error(`the service ended early: ${output}`)));
  });
  const health = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(5000) });
  assert.deepEqual(await health.json(), { ok: true });
  child.kill('SIGTERM');
  assert.deepEqual(await exited, { code: 0, signal: null });

  writeFileSync(file, JSON.stringify({ ...config, projects: [] }));
  const broken = await run(['start', '--config', file]);
  assert.equal(broken.code, 1);
  assert.match(broken.stderr, /projects: must list at least one project/);
});

test('attack: start with a config file that is not valid JSON never prints the text around the error to the logs', async (t) => {
  const dir = tempDir(t);
  const secret = 'sk_live_Q7xv2LmN8pRt4WzK9bYc3DfG';
  const file = join(dir, 'authkit.json');
  writeFileSync(file, `{\n  "port": 4200,\n  "secretKeys": [${secret}]\n}\n`);
  const result = await run(['start', '--config', file]);
  assert.equal(result.code, 1);
  assert.match(result.stderr, /\(file\): is not valid JSON: fix the syntax at line 3, column 18/);
  for (let index = 0; index + 6 <= secret.length; index += 1) {
    assert.ok(!`${result.stdout}${result.stderr}`.includes(secret.slice(index, index + 6)), 'no piece of the key is printed');
  }
});
