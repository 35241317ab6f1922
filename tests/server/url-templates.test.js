// {field} placeholders in a definition's URLs: a field value may pick the provider's tenant, never
// another host, and a definition that could be steered elsewhere does not load.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  BUILTIN_INTEGRATIONS, TemplateValueError, checkDefinition, fillUrlTemplate, resolveDefinition,
} from '../../server/src/catalog.js';

const shopify = checkDefinition({ ...BUILTIN_INTEGRATIONS.shopify }).definition;

function refusal(run) {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof TemplateValueError, error.message);
    return error;
  }
  return assert.fail('the value was accepted');
}

test('a shop name fills the authorize, token and API URLs', () => {
  const resolved = resolveDefinition(shopify, { shop: 'My-Shop' });
  assert.equal(resolved.oauth.authorizationEndpoint, 'https://my-shop.myshopify.com/admin/oauth/authorize');
  assert.equal(resolved.oauth.tokenEndpoint, 'https://my-shop.myshopify.com/admin/oauth/access_token');
  assert.equal(resolved.api.baseUrl, 'https://my-shop.myshopify.com/admin/api');
  assert.equal(shopify.oauth.authorizationEndpoint, 'https://{shop}.myshopify.com/admin/oauth/authorize', 'the definition is untouched');
});

test('a value that is not a DNS label cannot reach the host name', () => {
  for (const shop of ['evil.com#', 'evil.com', 'a/b', 'a@evil.com', 'a:80', '', '-shop', 'x'.repeat(64), undefined, 5]) {
    const error = refusal(() => resolveDefinition(shopify, { shop }));
    assert.equal(error.field, 'shop', JSON.stringify(shop));
  }
});

test('the filled host must end with the declared hostSuffix', () => {
  const template = 'https://{tenant}.login.example.com/authorize';
  assert.equal(fillUrlTemplate(template, { tenant: 'acme' }, { hostSuffix: '.login.example.com' }),
    'https://acme.login.example.com/authorize');
  refusal(() => fillUrlTemplate(template, { tenant: 'acme' }, { hostSuffix: '.other.example.com' }));
  refusal(() => fillUrlTemplate(template, { tenant: 'acme' }, {}));
  refusal(() => fillUrlTemplate('https://{a}{b}/x', { a: 'evil', b: 'com' }, { hostSuffix: '.example.com' }));
});

test('values outside the host are percent-encoded and cannot climb out of the path', () => {
  const template = 'https://api.example.com/v1/{account}/items?tag={tag}';
  assert.equal(fillUrlTemplate(template, { account: 'a/b?c#d', tag: 'x&y=z' }),
    'https://api.example.com/v1/a%2Fb%3Fc%23d/items?tag=x%26y%3Dz');
  for (const account of ['..', '.', '']) {
    assert.equal(refusal(() => fillUrlTemplate(template, { account, tag: 't' })).field, 'account');
  }
  assert.equal(fillUrlTemplate(template, { account: '%2e%2e', tag: 't' }), 'https://api.example.com/v1/%252e%252e/items?tag=t');
});

test('a value derived from a field: the data center at the end of a Mailchimp key', () => {
  const mailchimp = checkDefinition({ ...BUILTIN_INTEGRATIONS.mailchimp }).definition;
  const key = `${'0123456789abcdef'.repeat(2)}-us21`;
  assert.equal(resolveDefinition(mailchimp, { apiKey: key }).api.baseUrl, 'https://us21.api.mailchimp.com/3.0');
  // Without the separator the whole key, a secret, would become the host name.
  assert.equal(refusal(() => resolveDefinition(mailchimp, { apiKey: 'no-dash-here'.replace(/-/g, '') })).field, 'apiKey');
});

test('the verify path is filled too', () => {
  const twilio = checkDefinition({ ...BUILTIN_INTEGRATIONS.twilio }).definition;
  const sid = `AC${'0'.repeat(32)}`;
  assert.equal(resolveDefinition(twilio, { accountSid: sid, authToken: 't' }).verify.path, `/2010-04-01/Accounts/${sid}.json`);
});

test('a definition whose URLs could leave the provider does not load', () => {
  const base = {
    id: 'acme', name: 'Acme', authType: 'oauth2', clientId: 'id', clientSecret: 'secret',
    fields: [
      { name: 'tenant', label: 'Tenant', type: 'subdomain', required: true },
      { name: 'region', label: 'Region' },
      { name: 'token', label: 'Token', type: 'secret', required: true },
    ],
  };
  const issuesOf = (oauth, extra = {}) => checkDefinition({ ...base, ...extra, oauth }).issues
    .map(({ path, message }) => `${path}: ${message}`);
  const ok = { authorizationEndpoint: 'https://{tenant}.acme.example/authorize', tokenEndpoint: 'https://acme.example/token' };
  assert.deepEqual(issuesOf(ok, { hostSuffix: '.acme.example' }), []);

  const [noSuffix] = issuesOf(ok);
  assert.match(noSuffix, /^integration\.oauth\.authorizationEndpoint: .*hostSuffix/);
  assert.match(issuesOf(ok, { hostSuffix: '.example' })[0], /^integration\.hostSuffix: /, 'a suffix needs two labels');
  assert.match(issuesOf(ok, { hostSuffix: '.other.example' })[0], /^integration\.oauth\.authorizationEndpoint: .*hostSuffix/);
  assert.match(issuesOf({ ...ok, tokenEndpoint: 'https://acme.example/{token}' }, { hostSuffix: '.acme.example' })[0],
    /^integration\.oauth\.tokenEndpoint: names \{token\}, which is a secret field/);
  assert.match(issuesOf({ ...ok, tokenEndpoint: 'https://acme.example/{region}' }, { hostSuffix: '.acme.example' })[0],
    /^integration\.oauth\.tokenEndpoint: names \{region\}, which is optional/);
  assert.match(issuesOf({ ...ok, tokenEndpoint: 'https://acme.example/{nope}' }, { hostSuffix: '.acme.example' })[0],
    /names \{nope\}, which is not one of the fields/);
  assert.match(issuesOf({ ...ok, tokenEndpoint: 'http://{tenant}.acme.example/token' }, { hostSuffix: '.acme.example' })[0],
    /^integration\.oauth\.tokenEndpoint: must be an https: URL/);
});
