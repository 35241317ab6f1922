// HubSpot OAuth: https://developers.hubspot.com/docs/api/oauth-quickstart-guide
// Tokens come from the 2026-03 endpoint, all parameters in the body; the v1 endpoint is deprecated:
// https://developers.hubspot.com/docs/api-reference/2026-03/authentication/manage-oauth-tokens
// (checked 2026-11-28).
export default {
  id: 'hubspot',
  name: 'HubSpot',
  description: 'CRM contacts, companies and deals.',
  category: 'crm',
  logo: null,
  authType: 'oauth2',
  oauth: {
    authorizationEndpoint: 'https://app.hubspot.com/oauth/authorize',
    tokenEndpoint: 'https://api.hubapi.com/oauth/2026-03/token',
    scopes: ['oauth', 'crm.objects.contacts.read'],
    scopeSeparator: ' ',
    tokenEndpointAuthMethod: 'client_secret_post',
  },
  api: { baseUrl: 'https://api.hubapi.com' },
};
