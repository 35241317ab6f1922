// HubSpot OAuth: https://developers.hubspot.com/docs/api/oauth-quickstart-guide
export default {
  id: 'hubspot',
  name: 'HubSpot',
  description: 'CRM contacts, companies and deals.',
  category: 'crm',
  logo: null,
  authType: 'oauth2',
  oauth: {
    authorizationEndpoint: 'https://app.hubspot.com/oauth/authorize',
    tokenEndpoint: 'https://api.hubapi.com/oauth/v1/token',
    scopes: ['oauth', 'crm.objects.contacts.read'],
    scopeSeparator: ' ',
    tokenEndpointAuthMethod: 'client_secret_post',
  },
  api: { baseUrl: 'https://api.hubapi.com' },
};
