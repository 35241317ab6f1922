// Slack OAuth v2: https://api.slack.com/authentication/oauth-v2
// The bot token is the answer's access_token; the workspace is team.id, kept with the connection:
// https://docs.slack.dev/reference/methods/oauth.v2.access (checked 2026-11-28).
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
    captures: { teamId: { from: 'token', key: 'team.id' } },
  },
  api: { baseUrl: 'https://slack.com/api' },
};
