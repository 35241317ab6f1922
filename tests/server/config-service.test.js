// The settings of storage, refresh, flow cleanup, webhooks and rate limits.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig } from '../../server/src/config.js';
import { baseConfig } from './support.js';

const integrations = {
  'sandbox-apikey': { name: 'Key', authType: 'api_key', fields: [{ name: 'apiKey', label: 'API key', type: 'secret' }] },
};

function issuePaths(config, env = {}) {
  try {
    loadConfig(config, { env });
  } catch (error) {
    return error.issues.map((issue) => issue.path).sort();
  }
  return [];
}

test('PostgreSQL is chosen by database.postgres, or by DATABASE_URL when there is no database section', () => {
  const { config } = baseConfig({ integrations });
  const url = 'postgresql://authkit@127.0.0.1:5432/authkit';
  assert.deepEqual(loadConfig({ ...config, database: { postgres: url } }).database, { postgres: url });
  const { database, ...withoutDatabase } = config;
  assert.deepEqual(loadConfig(withoutDatabase, { env: { DATABASE_URL: url } }).database, { postgres: url });
  assert.deepEqual(loadConfig(config, { env: { DATABASE_URL: url } }).database, database, 'an explicit section wins');
  assert.deepEqual(loadConfig({ ...config, database: { postgres: { env: 'PG_URL' } } }, { env: { PG_URL: url } }).database,
    { postgres: url });
  assert.deepEqual(issuePaths({ ...config, database: { postgres: 'mysql://x' } }), ['database.postgres']);
  assert.deepEqual(issuePaths({ ...config, database: { postgres: url, sqlite: ':memory:' } }), ['database.postgres']);
  assert.deepEqual(issuePaths(withoutDatabase), ['database.sqlite']);
});

test('refresh settings have defaults and bounds', () => {
  const { config } = baseConfig({ integrations });
  assert.deepEqual(loadConfig(config).refresh, {
    aheadMs: 600_000, intervalMs: 30_000, batchSize: 20, backoffBaseMs: 30_000, backoffMaxMs: 3_600_000, worker: true,
  });
  assert.equal(loadConfig({ ...config, refresh: { aheadSeconds: 300, worker: false } }).refresh.aheadMs, 300_000);
  assert.deepEqual(issuePaths({ ...config, refresh: { aheadSeconds: 5, worker: 'yes', every: 1 } }),
    ['refresh.aheadSeconds', 'refresh.every', 'refresh.worker']);
  assert.deepEqual(issuePaths({ ...config, refresh: { backoffBaseSeconds: 600, backoffMaxSeconds: 60 } }), ['refresh.backoffMaxSeconds']);
});

test('flow settings keep ended flows a day by default, never less than a flow can be watched', () => {
  const { config } = baseConfig({ integrations });
  const caps = { maxPendingPerIdentity: 10, maxPendingPerProject: 1000 };
  assert.deepEqual(loadConfig(config).flows, { retentionMs: 86_400_000, sweepIntervalMs: 60_000, ...caps });
  assert.deepEqual(loadConfig({ ...config, flows: { retentionSeconds: 3600, sweepIntervalSeconds: 5 } }).flows,
    { retentionMs: 3_600_000, sweepIntervalMs: 5000, ...caps });
  assert.deepEqual(issuePaths({ ...config, flows: { retentionSeconds: 60, sweepIntervalSeconds: 0, keep: 1 } }),
    ['flows.keep', 'flows.retentionSeconds', 'flows.sweepIntervalSeconds']);
  assert.deepEqual(issuePaths({ ...config, flows: 'daily' }), ['flows']);
});

test('a project webhook needs an allowed URL and a long secret, which no message repeats', () => {
  const { config } = baseConfig({ integrations });
  const secret = 'whsec_0123456789abcdef0123456789abcdef';
  const withWebhook = (webhook) => ({ ...config, projects: [{ ...config.projects[0], webhook }] });
  const loaded = loadConfig(withWebhook({ url: 'https://app.example.com/hooks', secret }));
  assert.deepEqual(loaded.projects[0].webhook, { url: 'https://app.example.com/hooks', secret });
  assert.equal(loadConfig(config).projects[0].webhook, null);
  assert.deepEqual(loadConfig(config).webhooks, { maxAttempts: 5, retryBaseMs: 2000, timeoutMs: 5000, concurrency: 4 });
  assert.deepEqual(issuePaths(withWebhook({ url: 'http://app.example.com/hooks', secret: 'short-secret' })),
    ['projects[0].webhook.secret', 'projects[0].webhook.url']);
  try {
    loadConfig(withWebhook({ url: 'https://app.example.com', secret: 'short-secret-value' }));
    assert.fail('accepted');
  } catch (error) {
    assert.ok(!error.message.includes('short-secret-value'));
  }
  assert.deepEqual(issuePaths({ ...config, webhooks: { maxAttempts: 50 } }), ['webhooks.maxAttempts']);
});
