// Zendesk OAuth authorization code flow: https://developer.zendesk.com/documentation/api-basics/authentication/using-oauth-to-authenticate-zendesk-api-requests-in-a-web-app/
// Every Zendesk account has its own subdomain, which hosts sign-in and the API.
export default {
  id: 'zendesk',
  name: 'Zendesk',
  description: 'Support tickets, users and organizations.',
  category: 'support',
  logo: null,
  authType: 'oauth2',
  hostSuffix: '.zendesk.com',
  fields: [
    {
      name: 'subdomain', label: 'Zendesk subdomain', type: 'subdomain', required: true,
      prefix: 'https://', suffix: '.zendesk.com', placeholder: 'yourcompany',
    },
  ],
  oauth: {
    authorizationEndpoint: 'https://{subdomain}.zendesk.com/oauth/authorizations/new',
    tokenEndpoint: 'https://{subdomain}.zendesk.com/oauth/tokens',
    scopes: ['read'],
    scopeSeparator: ' ',
    tokenEndpointAuthMethod: 'client_secret_post',
  },
  api: { baseUrl: 'https://{subdomain}.zendesk.com/api/v2' },
};
