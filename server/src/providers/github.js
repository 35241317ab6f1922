// GitHub OAuth apps: https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/authorizing-oauth-apps
export default {
  id: 'github',
  name: 'GitHub',
  description: 'Repositories, issues and pull requests.',
  category: 'developer-tools',
  logo: null,
  authType: 'oauth2',
  oauth: {
    authorizationEndpoint: 'https://github.com/login/oauth/authorize',
    tokenEndpoint: 'https://github.com/login/oauth/access_token',
    scopes: ['read:user', 'user:email'],
    scopeSeparator: ' ',
    tokenEndpointAuthMethod: 'client_secret_post',
  },
  api: { baseUrl: 'https://api.github.com' },
};
