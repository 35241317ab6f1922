// Zoom OAuth: https://developers.zoom.us/docs/integrations/oauth/
// Scopes are chosen in the app's settings on the Zoom App Marketplace.
export default {
  id: 'zoom',
  name: 'Zoom',
  description: 'Meetings, recordings and users.',
  category: 'communication',
  logo: null,
  authType: 'oauth2',
  oauth: {
    authorizationEndpoint: 'https://zoom.us/oauth/authorize',
    tokenEndpoint: 'https://zoom.us/oauth/token',
    scopes: [],
    tokenEndpointAuthMethod: 'client_secret_basic',
  },
  api: { baseUrl: 'https://api.zoom.us/v2' },
};
