// Hugging Face user access tokens: https://huggingface.co/docs/hub/security-tokens
export default {
  id: 'huggingface',
  name: 'Hugging Face',
  description: 'Models, datasets and inference.',
  category: 'ai',
  logo: null,
  authType: 'api_key',
  fields: [
    {
      name: 'token', label: 'Access token', type: 'secret', required: true, pattern: 'hf_\\S+',
      patternMessage: 'A Hugging Face token starts with hf_.', placeholder: 'hf_…',
    },
  ],
  api: {
    baseUrl: 'https://huggingface.co/api',
    credential: { in: 'header', name: 'authorization', format: 'Bearer {token}' },
  },
  verify: { method: 'GET', path: '/whoami-v2' },
};
