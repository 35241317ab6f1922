// The connection service: wires configuration, storage, OAuth flows and API-key connections into
// one fastify app.
import { createApiKeyConnector } from './apikey/connect.js';
import { loadConfig } from './config.js';
import { createKeyring } from './crypto.js';
import { buildApp } from './http/app.js';
import { createFlowSweeper } from './oauth/flow-sweeper.js';
import { createFlowService } from './oauth/flows.js';
import { createPassthrough } from './passthrough/proxy.js';
import { createRefresher } from './refresh/refresher.js';
import { createRefreshWorker } from './refresh/worker.js';
import { createStore } from './store/index.js';
import { rotateStoreKeys } from './store/rotate-keys.js';
import { withConnectionEvents } from './webhooks/connection-events.js';
import { createWebhookSender } from './webhooks/sender.js';

export { createToken, generateSecretKey, parseSecretKey, verifySessionToken } from './token.js';
export { loadConfig, ConfigError } from './config.js';
export { validateFields, publicIntegration, checkDefinition } from './catalog.js';

/**
 * Re-encrypts every stored secret (connections' credentials, pending flows' PKCE verifiers) with
 * the first of config.encryptionKeys, `batchSize` records per transaction. Resolves to
 * { keyId, connections, flows } (how many were re-encrypted). Throws when a record cannot be
 * decrypted with any configured key, naming the reason, after the batches before it were saved.
 */
export async function rotateKeys(config, { batchSize = 100, onBatch } = {}) {
  const settings = loadConfig(config);
  const keyring = createKeyring(settings.encryptionKeys);
  const store = createStore(settings.database, { keyring, now: Date.now });
  try {
    await store.ready();
    return { keyId: keyring.currentKeyId, ...await rotateStoreKeys(store, { batchSize, onBatch }) };
  } finally {
    await store.close();
  }
}

/**
 * config: a config object or a JSON file path (see docs/server.md).
 * options.now: a clock returning epoch milliseconds (tests move time with it).
 * Returns { app, store, config, refresher, refreshWorker, flowSweeper, webhooks, listen(), close() }.
 * The refresh worker starts with listen() unless config.refresh.worker is false; the flow sweep
 * starts with listen() always.
 */
export function createService(config, { now = Date.now } = {}) {
  const settings = loadConfig(config);
  let app;
  const webhooks = createWebhookSender({ config: settings, now, log: () => app?.log });
  const store = withConnectionEvents(
    createStore(settings.database, { keyring: createKeyring(settings.encryptionKeys), now }),
    { config: settings, webhooks },
  );

  let listeningUrl;
  // Without a configured publicUrl the service's own address stands in (development and tests).
  const publicUrl = () => {
    const url = settings.publicUrl ?? listeningUrl;
    if (!url) throw new Error('publicUrl is not configured and the service is not listening yet.');
    return url;
  };

  const flows = createFlowService({ config: settings, store, now, publicUrl });
  const apiKeys = createApiKeyConnector({ config: settings, store });
  const refresher = createRefresher({ config: settings, store, now, webhooks });
  const refreshWorker = createRefreshWorker({ config: settings, store, refresher, now });
  const flowSweeper = createFlowSweeper({ config: settings, store, now });
  const passthrough = createPassthrough({ config: settings, store, refresher, now });
  app = buildApp({ config: settings, store, flows, apiKeys, refresher, webhooks, passthrough, now, publicUrl });

  return {
    app,
    store,
    config: settings,
    refresher,
    refreshWorker,
    flowSweeper,
    webhooks,
    /** Starts listening; resolves to the URL it listens on. port/host default to the configured ones. */
    async listen({ port = settings.port, host = settings.host } = {}) {
      await store.ready();
      await app.listen({ port, host });
      if (settings.refresh.worker) refreshWorker.start({ log: app.log });
      flowSweeper.start({ log: app.log });
      const address = app.server.address();
      // A wildcard address is not something a browser can be sent to; loopback is.
      const reachable = ['0.0.0.0', '::'].includes(address.address) ? '127.0.0.1' : address.address;
      const shownHost = reachable.includes(':') ? `[${reachable}]` : reachable;
      listeningUrl = `http://${shownHost}:${address.port}`;
      return listeningUrl;
    },
    async close() {
      try {
        await refreshWorker.stop();
        await flowSweeper.stop();
        await app.close();
        await webhooks.close();
      } finally {
        await store.close();
      }
    },
  };
}
