// Slack OAuth v2: https://api.slack.com/authentication/oauth-v2
export default {
  id: 'slack',
  name: 'Slack',
  description: 'Channels, messages and workspace members.',
  category: 'communication',
  logo: null,
  authType: 'oauth2',
  oauth: {
    authorizationEndpoint: 'https://slack.com/oauth/v2/authorize',
    tokenEndpoint: 'https://slack.com/api/oauth.v2.access',
    scopes: ['channels:read', 'chat:write'],
    scopeSeparator: ',',
    tokenEndpointAuthMethod: 'client_secret_post',
  },
  api: { baseUrl: 'https://slack.com/api' },
};
