// GitLab as an OAuth 2.0 provider (gitlab.com): https://docs.gitlab.com/api/oauth2/
export default {
  id: 'gitlab',
  name: 'GitLab',
  description: 'Projects, merge requests and issues on GitLab.com.',
  category: 'developer-tools',
  logo: null,
  authType: 'oauth2',
  oauth: {
    authorizationEndpoint: 'https://gitlab.com/oauth/authorize',
    tokenEndpoint: 'https://gitlab.com/oauth/token',
    scopes: ['read_user', 'read_api'],
    scopeSeparator: ' ',
    tokenEndpointAuthMethod: 'client_secret_post',
  },
  api: { baseUrl: 'https://gitlab.com/api/v4' },
};
