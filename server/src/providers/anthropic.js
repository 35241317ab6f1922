// Anthropic API: https://docs.anthropic.com/en/api/overview — a key in x-api-key and the API version
// in anthropic-version on every request.
export default {
  id: 'anthropic',
  name: 'Anthropic',
  description: 'Claude models.',
  category: 'ai',
  logo: null,
  authType: 'api_key',
  fields: [
    {
      name: 'apiKey', label: 'API key', type: 'secret', required: true, pattern: 'sk-ant-\\S+',
      patternMessage: 'An Anthropic key starts with sk-ant-.', placeholder: 'sk-ant-…',
    },
  ],
  api: {
    baseUrl: 'https://api.anthropic.com',
    headers: { 'anthropic-version': '2023-06-01' },
    credential: { in: 'header', name: 'x-api-key', format: '{apiKey}' },
  },
  verify: { method: 'GET', path: '/v1/models' },
};
