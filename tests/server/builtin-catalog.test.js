// The built-in catalog: every definition loads, a project enables one by id with its own client
// credentials, and the widget sees the public part. No provider is contacted.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BUILTIN_INTEGRATIONS, checkDefinition } from '../../server/src/catalog.js';
import { loadConfig } from '../../server/src/config.js';
import {
  HOST_ORIGIN, baseConfig, json, launchFlow, request, sessionToken, startService,
} from './support.js';

const OAUTH_IDS = ['github', 'google', 'slack', 'microsoft', 'hubspot', 'salesforce', 'notion', 'linear', 'jira', 'zoom',
  'dropbox', 'asana', 'airtable', 'shopify', 'zendesk', 'intercom', 'xero', 'quickbooks', 'gitlab', 'box'];
const API_KEY_IDS = ['stripe', 'openai', 'anthropic', 'sendgrid', 'twilio', 'mailchimp', 'postmark', 'brevo'];

test('at least 30 built-in providers, each a valid definition', () => {
  const ids = Object.keys(BUILTIN_INTEGRATIONS);
  assert.ok(ids.length >= 30, `${ids.length} providers`);
  for (const id of [...OAUTH_IDS, ...API_KEY_IDS]) assert.ok(ids.includes(id), `${id} is built in`);
  for (const [id, raw] of Object.entries(BUILTIN_INTEGRATIONS)) {
    assert.equal(raw.id, id);
    const { definition, issues } = checkDefinition(raw, `integrations.${id}`);
    assert.deepEqual(issues, [], id);
    assert.ok(definition.api?.baseUrl.startsWith('https://'), `${id} has an API for passthrough`);
    assert.ok(definition.logo === null || definition.logo.startsWith('https://'), id);
    assert.equal(typeof definition.description, 'string', `${id} has a description`);
    if (definition.authType === 'oauth2') {
      assert.ok(definition.oauth.authorizationEndpoint.startsWith('https://'), id);
      assert.ok(definition.oauth.tokenEndpoint.startsWith('https://'), id);
      assert.equal(raw.clientSecret, undefined, `${id} ships no client secret`);
    } else {
      assert.ok(definition.verify && definition.api.credential, `${id} checks keys and knows how to send them`);
    }
  }
  for (const id of OAUTH_IDS) assert.equal(BUILTIN_INTEGRATIONS[id].authType, 'oauth2', id);
  for (const id of API_KEY_IDS) assert.equal(BUILTIN_INTEGRATIONS[id].authType, 'api_key', id);
});

test('provider facts the flows depend on', () => {
  const google = BUILTIN_INTEGRATIONS.google.oauth;
  assert.equal(google.extraAuthorizeParams.access_type, 'offline', 'Google returns a refresh token only offline');
  assert.equal(google.extraAuthorizeParams.prompt, 'consent');
  assert.equal(google.issuer, 'https://accounts.google.com');
  assert.equal(BUILTIN_INTEGRATIONS.slack.oauth.scopeSeparator, ',');
  assert.equal(BUILTIN_INTEGRATIONS.jira.oauth.extraAuthorizeParams.audience, 'api.atlassian.com');
  assert.equal(BUILTIN_INTEGRATIONS.dropbox.oauth.extraAuthorizeParams.token_access_type, 'offline');
  assert.deepEqual(BUILTIN_INTEGRATIONS.twilio.api.credential, { in: 'basic', username: '{accountSid}', password: '{authToken}' });
  assert.equal(BUILTIN_INTEGRATIONS.shopify.hostSuffix, '.myshopify.com');
  assert.equal(BUILTIN_INTEGRATIONS.zendesk.fields[0].type, 'subdomain');
  assert.ok(Object.isFrozen(BUILTIN_INTEGRATIONS.github.oauth), 'a configuration cannot change the shipped definitions');
});

test('definitions fixed from their providers\' current documentation', () => {
  const { quickbooks, shopify, hubspot, slack } = BUILTIN_INTEGRATIONS;
  assert.deepEqual(quickbooks.oauth.captures, { realmId: { from: 'callback', key: 'realmId' } }, 'QuickBooks realmId is kept');
  assert.equal(quickbooks.api.baseUrl, 'https://quickbooks.api.intuit.com/v3/company/{realmId}');
  assert.deepEqual(shopify.api.credential, { in: 'header', name: 'X-Shopify-Access-Token', format: '{accessToken}' });
  assert.deepEqual(shopify.oauth.extraTokenParams, { expiring: '1' }, 'expiring offline tokens');
  assert.equal(hubspot.oauth.tokenEndpoint, 'https://api.hubapi.com/oauth/2026-03/token', 'v1 is deprecated');
  assert.deepEqual(slack.oauth.captures, { teamId: { from: 'token', key: 'team.id' } });
});

test('a project enables built-ins by id; OAuth ones need the app\'s client credentials', () => {
  const { config } = baseConfig({ enabled: ['github', 'stripe', 'shopify'] });
  config.integrations = {
    github: { clientId: 'gh-client', clientSecret: { env: 'GITHUB_CLIENT_SECRET' }, oauth: { scopes: ['repo'] } },
  };
  let issues;
  try {
    loadConfig(config, { env: { GITHUB_CLIENT_SECRET: 'from-env' } });
  } catch (error) {
    ({ issues } = error);
  }
  assert.deepEqual(issues.map(({ path }) => path).sort(), ['integrations.shopify.clientId', 'integrations.shopify.clientSecret']);
  assert.match(issues[0].message, /required for an enabled oauth2 integration/);

  config.integrations.shopify = { clientId: 'shop-client', clientSecret: { env: 'SHOPIFY_CLIENT_SECRET' } };
  const loaded = loadConfig(config, { env: { GITHUB_CLIENT_SECRET: 'from-env', SHOPIFY_CLIENT_SECRET: 'shh' } });
  const github = loaded.integrations.get('github');
  assert.equal(github.clientSecret, 'from-env');
  assert.deepEqual(github.oauth.scopes, ['repo'], 'arrays in an override replace');
  assert.equal(github.oauth.authorizationEndpoint, 'https://github.com/login/oauth/authorize', 'objects in an override merge');
  assert.equal(loaded.integrations.get('stripe').verify.path, '/v1/balance');
  assert.deepEqual(BUILTIN_INTEGRATIONS.github.oauth.scopes, ['read:user', 'user:email'], 'the shipped definition is unchanged');
});

async function startWithShopify(t) {
  const { config, secretKeys } = baseConfig({ enabled: ['shopify', 'google', 'stripe'] });
  config.integrations = {
    shopify: { clientId: 'shop-client', clientSecret: 'shop-secret' },
    google: { clientId: 'google-client', clientSecret: 'google-secret' },
  };
  const { url } = await startService(t, config);
  return { url, token: await sessionToken(secretKeys.test) };
}

test('the widget sees each enabled built-in with its field schema', async (t) => {
  const { url, token } = await startWithShopify(t);
  const session = await json(await request(`${url}/v1/session`, { token, origin: HOST_ORIGIN }));
  assert.equal(session.status, 200);
  assert.deepEqual(session.body.integrations.map(({ id, authType }) => [id, authType]),
    [['shopify', 'oauth2'], ['google', 'oauth2'], ['stripe', 'api_key']]);
  const [shop] = session.body.integrations;
  assert.equal(shop.name, 'Shopify');
  assert.equal(typeof shop.description, 'string');
  assert.deepEqual(shop.fields.map(({ name, type, required, suffix }) => ({ name, type, required, suffix })),
    [{ name: 'shop', type: 'subdomain', required: true, suffix: '.myshopify.com' }]);
  const text = JSON.stringify(session.body);
  for (const hidden of ['shop-secret', 'google-secret', 'myshopify.com/admin', 'oauth2.googleapis.com']) {
    assert.ok(!text.includes(hidden), hidden);
  }
});

test('a Shopify flow takes the shop name and signs in on that shop', async (t) => {
  const { url, token } = await startWithShopify(t);
  const start = (body) => request(`${url}/v1/oauth/flows`, { token, origin: HOST_ORIGIN, body }).then(json);

  let result = await start({ integration: 'shopify' });
  assert.equal(result.status, 422);
  assert.deepEqual(result.body.error, {
    code: 'invalid_fields', message: 'Some fields need attention.', fields: { shop: 'This field is required.' },
  });
  result = await start({ integration: 'shopify', fields: { shop: 'evil.com/x?' } });
  assert.equal(result.status, 422);
  assert.deepEqual(Object.keys(result.body.error.fields), ['shop']);

  result = await start({ integration: 'shopify', fields: { shop: 'my-shop' } });
  assert.equal(result.status, 201);
  const authorize = await launchFlow(result.body);
  assert.equal(authorize.status, 200);
  assert.ok(authorize.cookie);
  const location = authorize.providerUrl;
  assert.equal(`${location.origin}${location.pathname}`, 'https://my-shop.myshopify.com/admin/oauth/authorize');
  assert.equal(location.searchParams.get('client_id'), 'shop-client');
  assert.equal(location.searchParams.get('scope'), 'read_products,read_orders');
  assert.equal(location.searchParams.get('code_challenge_method'), 'S256');
});

test('Google is asked for offline access and a fresh consent', async (t) => {
  const { url, token } = await startWithShopify(t);
  const created = await json(await request(`${url}/v1/oauth/flows`, { token, origin: HOST_ORIGIN, body: { integration: 'google' } }));
  const location = (await launchFlow(created.body)).providerUrl;
  assert.equal(`${location.origin}${location.pathname}`, 'https://accounts.google.com/o/oauth2/v2/auth');
  assert.equal(location.searchParams.get('access_type'), 'offline');
  assert.equal(location.searchParams.get('prompt'), 'consent');
  assert.equal(location.searchParams.get('scope'), 'openid email profile');
});
