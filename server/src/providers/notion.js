// Notion public integrations: https://developers.notion.com/docs/authorization
// Access is chosen page by page in Notion's own consent screen, so there are no scopes.
export default {
  id: 'notion',
  name: 'Notion',
  description: 'Pages and databases the user shares with your app.',
  category: 'productivity',
  logo: null,
  authType: 'oauth2',
  oauth: {
    authorizationEndpoint: 'https://api.notion.com/v1/oauth/authorize',
    tokenEndpoint: 'https://api.notion.com/v1/oauth/token',
    scopes: [],
    tokenEndpointAuthMethod: 'client_secret_basic',
    // Notion's token endpoint reads a JSON body, not the usual form.
    tokenRequestFormat: 'json',
    extraAuthorizeParams: { owner: 'user' },
  },
  // Every Notion API call names the API version it was written for.
  api: { baseUrl: 'https://api.notion.com/v1', headers: { 'Notion-Version': '2022-06-28' } },
};
