// Google OAuth 2.0 for web server apps: https://developers.google.com/identity/protocols/oauth2/web-server
// Google names its issuer in the authorization response (RFC 9207) and in ID tokens.
export default {
  id: 'google',
  name: 'Google',
  description: 'Sign in with a Google account; add scopes for Drive, Gmail, Calendar and more.',
  category: 'productivity',
  logo: null,
  authType: 'oauth2',
  oauth: {
    authorizationEndpoint: 'https://accounts.google.com/o/oauth2/v2/auth',
    tokenEndpoint: 'https://oauth2.googleapis.com/token',
    issuer: 'https://accounts.google.com',
    scopes: ['openid', 'email', 'profile'],
    scopeSeparator: ' ',
    tokenEndpointAuthMethod: 'client_secret_post',
    // Without offline access and a fresh consent Google returns no refresh token on a second connect.
    extraAuthorizeParams: { access_type: 'offline', prompt: 'consent', include_granted_scopes: 'true' },
  },
  api: { baseUrl: 'https://www.googleapis.com' },
};
