// Mailchimp Marketing API: https://mailchimp.com/developer/marketing/docs/fundamentals/
// A key ends with its data center ("…-us6"), which is also the first label of the API host; any
// user name goes with the key in basic authentication.
export default {
  id: 'mailchimp',
  name: 'Mailchimp',
  description: 'Audiences, campaigns and email marketing.',
  category: 'marketing',
  logo: null,
  authType: 'api_key',
  hostSuffix: '.api.mailchimp.com',
  fields: [
    {
      name: 'apiKey', label: 'API key', type: 'secret', required: true, pattern: '[0-9a-f]{32}-[a-z]+[0-9]+',
      patternMessage: 'A Mailchimp key ends with its data center, like …-us6.',
      help: 'Profile → Extras → API keys.',
    },
  ],
  derivedValues: { dc: { from: 'apiKey', afterLast: '-' } },
  api: {
    baseUrl: 'https://{dc}.api.mailchimp.com/3.0',
    credential: { in: 'basic', username: 'authkit', password: '{apiKey}' },
  },
  verify: { method: 'GET', path: '/ping' },
};
