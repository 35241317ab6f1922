// Twilio REST API, HTTP basic authentication with the Account SID and Auth Token:
// https://www.twilio.com/docs/usage/requests-to-twilio
export default {
  id: 'twilio',
  name: 'Twilio',
  description: 'SMS, voice and messaging.',
  category: 'communication',
  logo: null,
  authType: 'api_key',
  fields: [
    {
      name: 'accountSid', label: 'Account SID', type: 'text', required: true, pattern: 'AC[0-9a-fA-F]{32}',
      patternMessage: 'An Account SID is AC followed by 32 hexadecimal characters.', placeholder: 'AC…',
    },
    { name: 'authToken', label: 'Auth token', type: 'secret', required: true, help: 'Console → Account info.' },
  ],
  api: {
    baseUrl: 'https://api.twilio.com',
    credential: { in: 'basic', username: '{accountSid}', password: '{authToken}' },
  },
  verify: { method: 'GET', path: '/2010-04-01/Accounts/{accountSid}.json' },
};
