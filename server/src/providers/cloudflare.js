// Cloudflare API tokens: https://developers.cloudflare.com/fundamentals/api/get-started/create-token/
// GET /user/tokens/verify answers for any valid token, whatever its permissions.
export default {
  id: 'cloudflare',
  name: 'Cloudflare',
  description: 'DNS, zones and Workers.',
  category: 'infrastructure',
  logo: null,
  authType: 'api_key',
  fields: [
    { name: 'apiToken', label: 'API token', type: 'secret', required: true, help: 'My Profile → API Tokens.' },
  ],
  api: {
    baseUrl: 'https://api.cloudflare.com/client/v4',
    credential: { in: 'header', name: 'authorization', format: 'Bearer {apiToken}' },
  },
  verify: { method: 'GET', path: '/user/tokens/verify' },
};
