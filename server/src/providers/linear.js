// Linear OAuth 2.0: https://linear.app/developers/oauth-2-0-authentication
// Apps created before 2023-12 get scope back as an array: the token answer is read either way.
export default {
  id: 'linear',
  name: 'Linear',
  description: 'Issues, projects and cycles.',
  category: 'project-management',
  logo: null,
  authType: 'oauth2',
  oauth: {
    authorizationEndpoint: 'https://linear.app/oauth/authorize',
    tokenEndpoint: 'https://api.linear.app/oauth/token',
    scopes: ['read'],
    scopeSeparator: ',',
    tokenEndpointAuthMethod: 'client_secret_post',
  },
  api: { baseUrl: 'https://api.linear.app' },
};
