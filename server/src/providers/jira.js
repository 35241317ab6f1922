// Atlassian OAuth 2.0 (3LO) for Jira Cloud:
// https://developer.atlassian.com/cloud/jira/platform/oauth-2-3lo-apps/
// API calls go to api.atlassian.com/ex/jira/<cloud id>/…, the cloud id coming from accessible-resources.
export default {
  id: 'jira',
  name: 'Jira',
  description: 'Jira Cloud issues and projects (Atlassian).',
  category: 'project-management',
  logo: null,
  authType: 'oauth2',
  oauth: {
    authorizationEndpoint: 'https://auth.atlassian.com/authorize',
    tokenEndpoint: 'https://auth.atlassian.com/oauth/token',
    scopes: ['read:jira-work', 'read:jira-user', 'offline_access'],
    scopeSeparator: ' ',
    tokenEndpointAuthMethod: 'client_secret_post',
    extraAuthorizeParams: { audience: 'api.atlassian.com', prompt: 'consent' },
  },
  api: { baseUrl: 'https://api.atlassian.com' },
};
