// Key rotation: with the new key first and the old one still listed, rotateKeys() (or the
// rotate-keys command) re-encrypts everything while the service keeps reading it; afterwards the
// old key can be dropped and every connection still opens.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createService, rotateKeys } from '../../server/src/index.js';
import { seedApiKeyConnection, seedOAuthConnection } from './helpers.js';
import { startPostgres } from './postgres.js';
import { HOST_ORIGIN, baseConfig, sessionToken, tempDir } from './support.js';

const CLI = fileURLToPath(new URL('../../server/src/cli.js', import.meta.url));
const newKey = (id) => ({ id, key: randomBytes(32).toString('base64') });
const integrations = {
  'sandbox-apikey': { name: 'Key', authType: 'api_key', fields: [{ name: 'apiKey', label: 'API key', type: 'secret' }] },
  'sandbox-oauth': {
    name: 'OAuth', authType: 'oauth2', clientId: 'id', clientSecret: 'secret',
    oauth: { authorizationEndpoint: 'https://p.example/authorize', tokenEndpoint: 'https://p.example/token' },
  },
};

let cluster;
before(async () => {
  cluster = await startPostgres();
});
after(() => cluster?.stop());

async function withService(config, work) {
  const service = createService(config);
  try {
    await service.store.ready();
    return await work(service);
  } finally {
    await service.close();
  }
}

const backends = {
  sqlite: async (t) => ({ sqlite: `${tempDir(t)}/keys.sqlite` }),
  postgres: async () => ({ postgres: await cluster.createDatabase() }),
};

for (const [name, database] of Object.entries(backends)) {
  describe(`key rotation on ${name}`, () => {
    test('every secret is re-encrypted, readable throughout, and readable with the new key alone', async (t) => {
      const { config, secretKeys } = baseConfig({ integrations, database: await database(t) });
      const oldKey = newKey('old');
      const currentKey = newKey('new');
      config.encryptionKeys = [oldKey];
      const expected = new Map();
      let flowId;
      await withService(config, async (service) => {
        for (let index = 0; index < 5; index += 1) {
          const values = { apiKey: `api-key-${index}-${randomBytes(8).toString('hex')}` };
          expected.set((await seedApiKeyConnection(service, { identity: `user-${index}`, integration: 'sandbox-apikey', values })).key, values);
          const oauth = await seedOAuthConnection(service, { identity: `user-${index}`, accessToken: `at-${index}`, refreshToken: `rt-${index}` });
          expected.set(oauth.key, await service.store.readCredentials(oauth.key));
        }
        // A flow waiting for its callback holds an encrypted PKCE verifier. (Flows need the
        // service's address, so it listens.)
        await service.listen({ port: 0 });
        const token = await sessionToken(secretKeys.test);
        const flows = await service.app.inject({
          method: 'POST', url: '/v1/oauth/flows', headers: { authorization: `Bearer ${token}`, origin: HOST_ORIGIN },
          payload: { integration: 'sandbox-oauth' },
        });
        const flow = flows.json();
        flowId = flow.flowId;
        const authorize = await service.app.inject({
          method: 'POST',
          url: `/v1/oauth/authorize/${flowId}`,
          headers: { origin: HOST_ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
          payload: new URLSearchParams({ nonce: flow.nonce }).toString(),
        });
        assert.equal(authorize.statusCode, 200);
      });

      config.encryptionKeys = [currentKey, oldKey];
      await withService(config, async (service) => {
        const batches = [];
        const result = await rotateKeys(config, { batchSize: 3, onBatch: (batch) => batches.push(batch) });
        assert.deepEqual(result, { keyId: 'new', connections: 10, flows: 1 });
        assert.deepEqual(batches.map((batch) => batch.count), [3, 3, 3, 1, 1]);
        // The running service (which still knows both keys) reads everything all along.
        for (const [key, credentials] of expected) assert.deepEqual(await service.store.readCredentials(key), credentials);
        assert.deepEqual(await rotateKeys(config), { keyId: 'new', connections: 0, flows: 0 }, 'a second run has nothing left to do');
      });

      config.encryptionKeys = [currentKey];
      await withService(config, async (service) => {
        for (const [key, credentials] of expected) assert.deepEqual(await service.store.readCredentials(key), credentials);
        assert.equal(typeof await service.store.readCodeVerifier(flowId), 'string');
      });
    });
  });
}

test('rotation stops with a clear error when a record was sealed with a key no longer configured', async (t) => {
  const { config } = baseConfig({ integrations, database: { sqlite: `${tempDir(t)}/lost.sqlite` } });
  config.encryptionKeys = [newKey('lost')];
  await withService(config, (service) => seedApiKeyConnection(service, { integration: 'sandbox-apikey', values: { apiKey: 'x'.repeat(20) } }));
  config.encryptionKeys = [newKey('new')];
  await assert.rejects(rotateKeys(config), { code: 'encryption_key_unknown' });
});

test('the rotate-keys command re-encrypts and reports', async (t) => {
  const dir = tempDir(t);
  const { config } = baseConfig({ integrations, database: { sqlite: `${dir}/cli.sqlite` } });
  const oldKey = newKey('old');
  config.encryptionKeys = [oldKey];
  const seeded = await withService(config, (service) => seedApiKeyConnection(service, {
    integration: 'sandbox-apikey', values: { apiKey: 'cli-rotated-key-0123456789' },
  }));
  config.encryptionKeys = [newKey('new'), oldKey];
  writeFileSync(`${dir}/authkit.json`, JSON.stringify(config));
  const { stdout } = await promisify(execFile)(process.execPath, [CLI, 'rotate-keys', '--config', `${dir}/authkit.json`, '--batch-size', '10'],
    { timeout: 20_000 });
  assert.match(stdout, /1 connections and 0 flows now use key "new"/);

  config.encryptionKeys = [config.encryptionKeys[0]];
  await withService(config, async (service) => {
    assert.deepEqual(await service.store.readCredentials(seeded.key), { apiKey: 'cli-rotated-key-0123456789' });
  });
  const usage = await promisify(execFile)(process.execPath, [CLI, 'rotate-keys'], { timeout: 20_000 }).catch((error) => error);
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /Usage: authkit-server rotate-keys/);
});
