// Stripe API keys: https://docs.stripe.com/keys — a secret key or a restricted key, sent as a bearer token.
export default {
  id: 'stripe',
  name: 'Stripe',
  description: 'Payments, customers and subscriptions.',
  category: 'payments',
  logo: null,
  authType: 'api_key',
  fields: [
    {
      name: 'apiKey', label: 'Secret key', type: 'secret', required: true,
      pattern: '(sk|rk)_(test|live)_[A-Za-z0-9]+',
      patternMessage: 'A Stripe key starts with sk_test_, sk_live_, rk_test_ or rk_live_.',
      placeholder: 'sk_live_…', help: 'Dashboard → Developers → API keys.',
    },
  ],
  api: {
    baseUrl: 'https://api.stripe.com',
    credential: { in: 'header', name: 'authorization', format: 'Bearer {apiKey}' },
  },
  verify: { method: 'GET', path: '/v1/balance' },
};
