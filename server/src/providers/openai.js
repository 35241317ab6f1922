// OpenAI API authentication: https://platform.openai.com/docs/api-reference/authentication
export default {
  id: 'openai',
  name: 'OpenAI',
  description: 'GPT models, embeddings and more.',
  category: 'ai',
  logo: null,
  authType: 'api_key',
  fields: [
    {
      name: 'apiKey', label: 'API key', type: 'secret', required: true, pattern: 'sk-\\S+',
      patternMessage: 'An OpenAI key starts with sk-.', placeholder: 'sk-…',
    },
  ],
  api: {
    baseUrl: 'https://api.openai.com/v1',
    credential: { in: 'header', name: 'authorization', format: 'Bearer {apiKey}' },
  },
  verify: { method: 'GET', path: '/models' },
};
