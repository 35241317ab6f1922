// Mistral AI API: https://docs.mistral.ai/api/
export default {
  id: 'mistral',
  name: 'Mistral AI',
  description: 'Mistral models.',
  category: 'ai',
  logo: null,
  authType: 'api_key',
  fields: [{ name: 'apiKey', label: 'API key', type: 'secret', required: true }],
  api: {
    baseUrl: 'https://api.mistral.ai/v1',
    credential: { in: 'header', name: 'authorization', format: 'Bearer {apiKey}' },
  },
  verify: { method: 'GET', path: '/models' },
};
