// The connection service's configuration for the demo: one project, two sandbox integrations.
import { join } from 'node:path';

export const DEMO_CLIENT_ID = 'authkit-demo';

export function demoServiceConfig({ serviceUrl, hostOrigin, providerUrl, dataDir, secrets, logLevel }) {
  const { port, hostname } = new URL(serviceUrl);
  return {
    publicUrl: serviceUrl,
    host: hostname,
    port: Number(port),
    database: { sqlite: join(dataDir, 'authkit.sqlite') },
    encryptionKeys: [{ id: 'demo-1', key: secrets.encryptionKey }],
    projects: [
      {
        id: 'demo',
        secretKeys: [secrets.secretKey],
        allowedOrigins: [hostOrigin],
        integrations: ['acme-crm', 'beacon-mail'],
        branding: { companyName: 'Demo Co' },
      },
    ],
    integrations: {
      'acme-crm': {
        id: 'acme-crm',
        name: 'Acme CRM (sandbox)',
        category: 'CRM',
        logo: null,
        authType: 'oauth2',
        oauth: {
          authorizationEndpoint: `${providerUrl}/oauth/authorize`,
          tokenEndpoint: `${providerUrl}/oauth/token`,
          issuer: providerUrl,
          // The sandbox names itself in every answer (RFC 9207), so an answer without iss is refused.
          authorizationResponseIss: true,
          scopes: ['contacts.read'],
          scopeSeparator: ' ',
          tokenEndpointAuthMethod: 'client_secret_basic',
        },
        api: { baseUrl: `${providerUrl}/crm/v1` },
        fields: [],
        clientId: DEMO_CLIENT_ID,
        clientSecret: secrets.sandboxClientSecret,
      },
      'beacon-mail': {
        id: 'beacon-mail',
        name: 'Beacon Mail (sandbox)',
        category: 'Email',
        logo: null,
        authType: 'api_key',
        api: { baseUrl: `${providerUrl}/mail/v1` },
        fields: [
          { name: 'apiKey', label: 'API key', type: 'secret', required: true, minLength: 8, maxLength: 200, placeholder: 'beacon_…' },
        ],
        verify: { method: 'GET', path: '/me', credential: { in: 'header', name: 'authorization', format: 'Bearer {apiKey}' } },
      },
    },
    logger: logLevel ? { level: logLevel } : false,
  };
}
