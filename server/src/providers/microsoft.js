// Microsoft identity platform, authorization code flow:
// https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-auth-code-flow
// The "common" tenant accepts work, school and personal accounts. Its ID tokens carry the user's own
// tenant as issuer, so the default scopes ask for no ID token.
export default {
  id: 'microsoft',
  name: 'Microsoft',
  description: 'Microsoft 365 through Microsoft Graph: mail, calendar, files and people.',
  category: 'productivity',
  logo: null,
  authType: 'oauth2',
  oauth: {
    authorizationEndpoint: 'https://login.microsoftonline.com/common/oauth2/v2.0/authorize',
    tokenEndpoint: 'https://login.microsoftonline.com/common/oauth2/v2.0/token',
    scopes: ['offline_access', 'User.Read'],
    scopeSeparator: ' ',
    tokenEndpointAuthMethod: 'client_secret_post',
  },
  api: { baseUrl: 'https://graph.microsoft.com/v1.0' },
};
