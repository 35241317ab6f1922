// SendGrid (Twilio) API keys: https://www.twilio.com/docs/sendgrid/api-reference/how-to-use-the-sendgrid-v3-api/authentication
// GET /v3/scopes lists what the key may do, which any valid key can read.
export default {
  id: 'sendgrid',
  name: 'SendGrid',
  description: 'Transactional and marketing email.',
  category: 'email',
  logo: null,
  authType: 'api_key',
  fields: [
    {
      name: 'apiKey', label: 'API key', type: 'secret', required: true, pattern: 'SG\\.\\S+',
      patternMessage: 'A SendGrid key starts with SG.', placeholder: 'SG.…',
    },
  ],
  api: {
    baseUrl: 'https://api.sendgrid.com',
    credential: { in: 'header', name: 'authorization', format: 'Bearer {apiKey}' },
  },
  verify: { method: 'GET', path: '/v3/scopes' },
};
