import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkDefinition, publicIntegration, validateFields } from '../../server/src/catalog.js';

const { definition, issues } = checkDefinition({
  id: 'acme',
  name: 'Acme',
  category: 'crm',
  logo: 'https://acme.example/logo.svg',
  authType: 'api_key',
  api: { baseUrl: 'https://api.acme.example' },
  fields: [
    { name: 'apiKey', label: 'API key', type: 'secret', required: true, minLength: 8, maxLength: 12, pattern: 'ak_[a-z0-9]+' },
    { name: 'email', label: 'Email', type: 'email', required: true },
    { name: 'site', label: 'Site', type: 'url' },
    { name: 'seats', label: 'Seats', type: 'number' },
  ],
  verify: { method: 'GET', path: '/me', credential: { in: 'header', name: 'authorization', format: 'Bearer {apiKey}' } },
  clientSecret: 'never-shown',
});

test('the sample definition is valid', () => {
  assert.deepEqual(issues, []);
});

test('valid fields pass and come back as values', () => {
  const result = validateFields(definition, { apiKey: 'ak_abc123', email: 'a@b.example', seats: 5 });
  assert.deepEqual(result, {
    ok: true, values: { apiKey: 'ak_abc123', email: 'a@b.example', seats: '5' }, errors: {}, rules: {},
  });
});

test('each rule gives its own message', () => {
  const cases = [
    [{ email: 'a@b.example' }, 'apiKey', 'This field is required.'],
    [{ apiKey: 'ak_1', email: 'a@b.example' }, 'apiKey', 'Must be at least 8 characters.'],
    [{ apiKey: 'ak_1234567890', email: 'a@b.example' }, 'apiKey', 'Must be at most 12 characters.'],
    [{ apiKey: 'AK_ABCDEFG', email: 'a@b.example' }, 'apiKey', 'Does not have the expected format.'],
    [{ apiKey: 'xak_abcdefg', email: 'a@b.example' }, 'apiKey', 'Does not have the expected format.'],
    [{ apiKey: 'ak_abcdefg', email: 'not-an-email' }, 'email', 'Must be an email address.'],
    [{ apiKey: 'ak_abcdefg', email: 'a@b.example', site: 'ftp://x.example' }, 'site', 'Must be a URL starting with https://.'],
    [{ apiKey: 'ak_abcdefg', email: 'a@b.example', seats: 'many' }, 'seats', 'Must be a number.'],
    [{ apiKey: 'ak_abcdefg', email: 'a@b.example', extra: 'x' }, 'extra', 'This field is not expected.'],
    [{ apiKey: 12345678, email: 'a@b.example' }, 'apiKey', 'Must be text.'],
  ];
  for (const [fields, name, message] of cases) {
    const result = validateFields(definition, fields);
    assert.equal(result.ok, false, JSON.stringify(fields));
    assert.deepEqual(result.values, {});
    assert.equal(result.errors[name], message, JSON.stringify(fields));
  }
  assert.equal(validateFields(definition, null).ok, false);
});

test('lengths count characters, not bytes', () => {
  const result = validateFields({ fields: [{ name: 'n', label: 'N', type: 'text', required: true, maxLength: 3 }] },
    { n: 'éé😀' });
  assert.equal(result.ok, true);
});

test('the browser sees no endpoint and no client secret', () => {
  const visible = publicIntegration(definition);
  assert.deepEqual(Object.keys(visible), ['id', 'name', 'description', 'category', 'logo', 'authType', 'fields']);
  assert.ok(!JSON.stringify(visible).includes('never-shown'));
  assert.ok(!JSON.stringify(visible).includes('api.acme.example'));
});

test('a verify format must name declared fields', () => {
  const { issues: verifyIssues } = checkDefinition({
    id: 'x', name: 'X', authType: 'api_key', api: { baseUrl: 'https://x.example' },
    fields: [{ name: 'token', label: 'Token' }],
    verify: { path: '/me', credential: { name: 'authorization', format: 'Bearer {apiKey}' } },
  });
  assert.deepEqual(verifyIssues.map(({ path }) => path), ['integration.verify.credential.format']);
});
