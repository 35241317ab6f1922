// Asana OAuth: https://developers.asana.com/docs/oauth
// Scopes are set on the app in Asana's developer console.
export default {
  id: 'asana',
  name: 'Asana',
  description: 'Tasks, projects and workspaces.',
  category: 'project-management',
  logo: null,
  authType: 'oauth2',
  oauth: {
    authorizationEndpoint: 'https://app.asana.com/-/oauth_authorize',
    tokenEndpoint: 'https://app.asana.com/-/oauth_token',
    scopes: [],
    tokenEndpointAuthMethod: 'client_secret_post',
  },
  api: { baseUrl: 'https://app.asana.com/api/1.0' },
};
