// Pipedrive personal API token, sent as the api_token query parameter:
// https://pipedrive.readme.io/docs/how-to-find-the-api-token
export default {
  id: 'pipedrive',
  name: 'Pipedrive',
  description: 'Sales pipeline: deals, people and organizations.',
  category: 'crm',
  logo: null,
  authType: 'api_key',
  fields: [
    {
      name: 'apiToken', label: 'Personal API token', type: 'secret', required: true,
      help: 'Personal preferences → API.',
    },
  ],
  api: {
    baseUrl: 'https://api.pipedrive.com/v1',
    credential: { in: 'query', name: 'api_token', format: '{apiToken}' },
  },
  verify: { method: 'GET', path: '/users/me' },
};
