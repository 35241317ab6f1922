// Salesforce web server flow on the org's My Domain:
// https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_web_server_flow.htm
// Every org has a My Domain, and using it for sign-in and for the API gives the connection a known
// API host without reading instance_url from the token response.
export default {
  id: 'salesforce',
  name: 'Salesforce',
  description: 'CRM records of a Salesforce org.',
  category: 'crm',
  logo: null,
  authType: 'oauth2',
  hostSuffix: '.my.salesforce.com',
  fields: [
    {
      name: 'domain', label: 'My Domain', type: 'subdomain', required: true,
      prefix: 'https://', suffix: '.my.salesforce.com', placeholder: 'acme',
      help: 'The first part of your Salesforce address, as shown in Setup → My Domain.',
    },
  ],
  oauth: {
    authorizationEndpoint: 'https://{domain}.my.salesforce.com/services/oauth2/authorize',
    tokenEndpoint: 'https://{domain}.my.salesforce.com/services/oauth2/token',
    scopes: ['api', 'refresh_token'],
    scopeSeparator: ' ',
    tokenEndpointAuthMethod: 'client_secret_post',
  },
  api: { baseUrl: 'https://{domain}.my.salesforce.com/services/data' },
};
