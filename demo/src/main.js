// Starts the whole demo on 127.0.0.1: the host app, the connection service and the sandbox providers.
// Ports: AUTHKIT_DEMO_PORT (default 4100) for the host; the service takes +100, the providers +200.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createService } from '@authkit/server';
import { createHostApp } from './host.js';
import { createSandboxProvider, SANDBOX_API_KEY } from './sandbox-provider.js';
import { loadDevSecrets } from './secrets.js';
import { DEMO_CLIENT_ID, demoServiceConfig } from './service-config.js';

const HOST = '127.0.0.1';

export async function startDemo({
  port = Number(process.env.AUTHKIT_DEMO_PORT ?? 4100),
  dataDir = process.env.AUTHKIT_DEMO_DATA ?? resolve(fileURLToPath(new URL('../../.data/demo', import.meta.url))),
  logLevel = process.env.AUTHKIT_LOG_LEVEL ?? 'warn',
} = {}) {
  const hostOrigin = `http://${HOST}:${port}`;
  const serviceUrl = `http://${HOST}:${port + 100}`;
  const providerUrl = `http://${HOST}:${port + 200}`;
  const secrets = loadDevSecrets(dataDir);

  const provider = createSandboxProvider({
    clients: {
      [DEMO_CLIENT_ID]: {
        secret: secrets.sandboxClientSecret,
        name: 'Demo Co (via AuthKit)',
        redirectUris: [`${serviceUrl}/v1/oauth/callback`],
      },
    },
  });
  await provider.listen(port + 200, HOST);

  const service = createService(demoServiceConfig({ serviceUrl, hostOrigin, providerUrl, dataDir, secrets, logLevel }));
  await service.listen();

  const host = createHostApp({ serviceUrl, secretKey: secrets.secretKey, sandboxApiKey: SANDBOX_API_KEY });
  await host.listen(port, HOST);

  return {
    hostOrigin,
    serviceUrl,
    providerUrl,
    async close() {
      await Promise.allSettled([host.close(), service.close(), provider.close()]);
    },
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const demo = await startDemo();
  console.log(`AuthKit demo: open ${demo.hostOrigin} (service ${demo.serviceUrl}, sandbox providers ${demo.providerUrl})`);
  const stop = async () => {
    await demo.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
