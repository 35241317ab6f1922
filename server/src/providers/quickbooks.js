// QuickBooks Online (Intuit) OAuth 2.0: https://developer.intuit.com/app/developer/qbo/docs/develop/authentication-and-authorization/oauth-2.0
// The company's realmId comes back on the callback (a query parameter next to code and state) and is
// part of every API request's path, baseURL/company/<realmId>/…:
// https://developer.intuit.com/app/developer/qbpayments/docs/learn/learn-basic-field-definitions
// (checked 2026-11-28).
export default {
  id: 'quickbooks',
  name: 'QuickBooks',
  description: 'QuickBooks Online accounting data.',
  category: 'accounting',
  logo: null,
  authType: 'oauth2',
  oauth: {
    authorizationEndpoint: 'https://appcenter.intuit.com/connect/oauth2',
    tokenEndpoint: 'https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer',
    scopes: ['com.intuit.quickbooks.accounting'],
    scopeSeparator: ' ',
    tokenEndpointAuthMethod: 'client_secret_basic',
    captures: { realmId: { from: 'callback', key: 'realmId' } },
  },
  api: { baseUrl: 'https://quickbooks.api.intuit.com/v3/company/{realmId}' },
};
