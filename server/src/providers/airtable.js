// Airtable OAuth: https://airtable.com/developers/web/api/oauth-reference
export default {
  id: 'airtable',
  name: 'Airtable',
  description: 'Bases, tables and records.',
  category: 'productivity',
  logo: null,
  authType: 'oauth2',
  oauth: {
    authorizationEndpoint: 'https://airtable.com/oauth2/v1/authorize',
    tokenEndpoint: 'https://airtable.com/oauth2/v1/token',
    scopes: ['data.records:read', 'schema.bases:read'],
    scopeSeparator: ' ',
    tokenEndpointAuthMethod: 'client_secret_basic',
  },
  api: { baseUrl: 'https://api.airtable.com/v0' },
};
