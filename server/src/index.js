// The connection service: wires configuration, storage, OAuth flows and API-key connections into
// one fastify app.
import { createApiKeyConnector } from './apikey/connect.js';
import { loadConfig } from './config.js';
import { createKeyring } from './crypto.js';
import { buildApp } from './http/app.js';
import { createFlowService } from './oauth/flows.js';
import { createStore } from './store/index.js';

export { createToken, generateSecretKey, parseSecretKey, verifySessionToken } from './token.js';
export { loadConfig, ConfigError } from './config.js';
export { validateFields, publicIntegration, checkDefinition } from './catalog.js';

/**
 * config: a config object or a JSON file path (see docs/server.md).
 * options.now: a clock returning epoch milliseconds (tests move time with it).
 * Returns { app, store, config, listen(), close() }.
 */
export function createService(config, { now = Date.now } = {}) {
  const settings = loadConfig(config);
  const store = createStore(settings.database, { keyring: createKeyring(settings.encryptionKeys), now });

  let listeningUrl;
  // Without a configured publicUrl the service's own address stands in (development and tests).
  const publicUrl = () => {
    const url = settings.publicUrl ?? listeningUrl;
    if (!url) throw new Error('publicUrl is not configured and the service is not listening yet.');
    return url;
  };

  const flows = createFlowService({ config: settings, store, now, publicUrl });
  const apiKeys = createApiKeyConnector({ config: settings, store });
  const app = buildApp({ config: settings, store, flows, apiKeys, now, publicUrl });

  return {
    app,
    store,
    config: settings,
    /** Starts listening; resolves to the URL it listens on. port/host default to the configured ones. */
    async listen({ port = settings.port, host = settings.host } = {}) {
      await app.listen({ port, host });
      const address = app.server.address();
      // A wildcard address is not something a browser can be sent to; loopback is.
      const reachable = ['0.0.0.0', '::'].includes(address.address) ? '127.0.0.1' : address.address;
      const shownHost = reachable.includes(':') ? `[${reachable}]` : reachable;
      listeningUrl = `http://${shownHost}:${address.port}`;
      return listeningUrl;
    },
    async close() {
      try {
        await app.close();
      } finally {
        store.close();
      }
    },
  };
}
