// Shopify authorization code grant: https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/authorization-code-grant
// Each store is its own host, so the store's name is asked first and goes into every URL.
// Public apps must use expiring offline tokens (one hour, with a refresh token), asked for with
// expiring=1 on the token request; non-expiring ones are refused from 2027-01-01:
// https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/offline-access-tokens
// The Admin API takes the token in X-Shopify-Access-Token:
// https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens (checked 2026-11-28).
export default {
  id: 'shopify',
  name: 'Shopify',
  description: 'Products, orders and customers of a Shopify store.',
  category: 'commerce',
  logo: null,
  authType: 'oauth2',
  hostSuffix: '.myshopify.com',
  fields: [
    {
      name: 'shop', label: 'Store address', type: 'subdomain', required: true,
      prefix: 'https://', suffix: '.myshopify.com', placeholder: 'your-store',
      help: 'The name of your store in its myshopify.com address.',
    },
  ],
  oauth: {
    authorizationEndpoint: 'https://{shop}.myshopify.com/admin/oauth/authorize',
    tokenEndpoint: 'https://{shop}.myshopify.com/admin/oauth/access_token',
    scopes: ['read_products', 'read_orders'],
    scopeSeparator: ',',
    tokenEndpointAuthMethod: 'client_secret_post',
    extraTokenParams: { expiring: '1' },
  },
  api: {
    baseUrl: 'https://{shop}.myshopify.com/admin/api',
    credential: { in: 'header', name: 'X-Shopify-Access-Token', format: '{accessToken}' },
  },
};
