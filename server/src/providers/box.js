// Box OAuth 2.0: https://developer.box.com/guides/authentication/oauth2/
// Scopes are set on the app in the Box developer console.
export default {
  id: 'box',
  name: 'Box',
  description: 'Files and folders in Box.',
  category: 'storage',
  logo: null,
  authType: 'oauth2',
  oauth: {
    authorizationEndpoint: 'https://account.box.com/api/oauth2/authorize',
    tokenEndpoint: 'https://api.box.com/oauth2/token',
    scopes: [],
    tokenEndpointAuthMethod: 'client_secret_post',
  },
  api: { baseUrl: 'https://api.box.com/2.0' },
};
