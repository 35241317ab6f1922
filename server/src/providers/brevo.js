// Brevo (formerly Sendinblue) API keys: https://developers.brevo.com/docs/getting-started
export default {
  id: 'brevo',
  name: 'Brevo',
  description: 'Email and SMS marketing, contacts.',
  category: 'marketing',
  logo: null,
  authType: 'api_key',
  fields: [
    {
      name: 'apiKey', label: 'API key', type: 'secret', required: true, pattern: 'xkeysib-\\S+',
      patternMessage: 'A Brevo API key starts with xkeysib-.', placeholder: 'xkeysib-…',
    },
  ],
  api: {
    baseUrl: 'https://api.brevo.com/v3',
    credential: { in: 'header', name: 'api-key', format: '{apiKey}' },
  },
  verify: { method: 'GET', path: '/account' },
};
