// Intercom OAuth: https://developers.intercom.com/docs/build-an-integration/learn-more/authentication/setting-up-oauth
// Permissions are chosen in the app's settings, not per request.
export default {
  id: 'intercom',
  name: 'Intercom',
  description: 'Conversations, contacts and companies.',
  category: 'support',
  logo: null,
  authType: 'oauth2',
  oauth: {
    authorizationEndpoint: 'https://app.intercom.com/oauth',
    tokenEndpoint: 'https://api.intercom.io/auth/eagle/token',
    scopes: [],
    tokenEndpointAuthMethod: 'client_secret_post',
  },
  api: { baseUrl: 'https://api.intercom.io' },
};
