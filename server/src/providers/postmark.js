// Postmark server API tokens: https://postmarkapp.com/developer/api/overview#authentication
export default {
  id: 'postmark',
  name: 'Postmark',
  description: 'Transactional email delivery.',
  category: 'email',
  logo: null,
  authType: 'api_key',
  fields: [
    { name: 'serverToken', label: 'Server API token', type: 'secret', required: true, help: 'Server → API Tokens.' },
  ],
  api: {
    baseUrl: 'https://api.postmarkapp.com',
    credential: { in: 'header', name: 'X-Postmark-Server-Token', format: '{serverToken}' },
  },
  verify: { method: 'GET', path: '/server' },
};
