// Dropbox OAuth guide: https://developers.dropbox.com/oauth-guide
export default {
  id: 'dropbox',
  name: 'Dropbox',
  description: 'Files and folders.',
  category: 'storage',
  logo: null,
  authType: 'oauth2',
  oauth: {
    authorizationEndpoint: 'https://www.dropbox.com/oauth2/authorize',
    tokenEndpoint: 'https://api.dropboxapi.com/oauth2/token',
    scopes: ['account_info.read', 'files.metadata.read'],
    scopeSeparator: ' ',
    tokenEndpointAuthMethod: 'client_secret_post',
    // Dropbox hands out refresh tokens only when offline access is asked for.
    extraAuthorizeParams: { token_access_type: 'offline' },
  },
  api: { baseUrl: 'https://api.dropboxapi.com/2' },
};
