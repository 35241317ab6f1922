// Xero OAuth 2.0 standard auth code flow: https://developer.xero.com/documentation/guides/oauth2/auth-flow
// Scopes: https://developer.xero.com/documentation/guides/oauth2/scopes (offline_access gives a refresh token).
export default {
  id: 'xero',
  name: 'Xero',
  description: 'Accounting: organisation settings and contacts; add scopes for invoices and more.',
  category: 'accounting',
  logo: null,
  authType: 'oauth2',
  oauth: {
    authorizationEndpoint: 'https://login.xero.com/identity/connect/authorize',
    tokenEndpoint: 'https://identity.xero.com/connect/token',
    scopes: ['offline_access', 'accounting.settings.read', 'accounting.contacts.read'],
    scopeSeparator: ' ',
    tokenEndpointAuthMethod: 'client_secret_basic',
  },
  api: { baseUrl: 'https://api.xero.com' },
};
