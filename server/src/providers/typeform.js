// Typeform personal access tokens: https://www.typeform.com/developers/get-started/personal-access-token/
export default {
  id: 'typeform',
  name: 'Typeform',
  description: 'Forms and their responses.',
  category: 'forms',
  logo: null,
  authType: 'api_key',
  fields: [{ name: 'token', label: 'Personal access token', type: 'secret', required: true }],
  api: {
    baseUrl: 'https://api.typeform.com',
    credential: { in: 'header', name: 'authorization', format: 'Bearer {token}' },
  },
  verify: { method: 'GET', path: '/me' },
};
