// Freshdesk API: https://developers.freshdesk.com/api/#authentication — basic authentication with the
// API key as user name and any password, on the account's own subdomain.
export default {
  id: 'freshdesk',
  name: 'Freshdesk',
  description: 'Support tickets and contacts.',
  category: 'support',
  logo: null,
  authType: 'api_key',
  hostSuffix: '.freshdesk.com',
  fields: [
    {
      name: 'domain', label: 'Freshdesk subdomain', type: 'subdomain', required: true,
      prefix: 'https://', suffix: '.freshdesk.com', placeholder: 'yourcompany',
    },
    { name: 'apiKey', label: 'API key', type: 'secret', required: true, help: 'Profile settings → Your API Key.' },
  ],
  api: {
    baseUrl: 'https://{domain}.freshdesk.com/api/v2',
    credential: { in: 'basic', username: '{apiKey}', password: 'X' },
  },
  verify: { method: 'GET', path: '/agents/me' },
};
