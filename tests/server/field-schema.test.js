// The field schema of docs/fields.md as the service checks it: which definitions load, what the
// browser gets to see, and the rules the shared fixture does not cover.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  checkDefinition, compilePattern, publicIntegration, validateFields,
} from '../../server/src/catalog.js';

const apiKeyDefinition = (fields, extra = {}) => ({ id: 'acme', name: 'Acme', authType: 'api_key', fields, ...extra });

function issuesOf(fields, extra) {
  return checkDefinition(apiKeyDefinition(fields, extra)).issues;
}

function definitionOf(fields, extra) {
  const { definition, issues } = checkDefinition(apiKeyDefinition(fields, extra));
  assert.deepEqual(issues, []);
  return definition;
}

test('every field type of docs/fields.md loads, with its own settings', () => {
  const definition = definitionOf([
    { name: 'apiKey', label: 'API key', type: 'secret', required: true, pattern: 'ak_[a-z0-9]+', patternMessage: 'Starts with ak_.' },
    { name: 'email', label: 'Email', type: 'email', placeholder: 'you@example.com' },
    { name: 'site', label: 'Site', type: 'url', help: 'Your site.' },
    { name: 'seats', label: 'Seats', type: 'number', min: 1, max: 500, default: '5' },
    { name: 'region', label: 'Region', type: 'select', options: [{ value: 'us', label: 'US' }, { value: 'eu', label: 'EU' }], default: 'eu' },
    { name: 'agree', label: 'I agree', type: 'checkbox', required: true },
    { name: 'notes', label: 'Notes', type: 'textarea', maxLength: 500 },
    { name: 'shop', label: 'Shop', type: 'subdomain', prefix: 'https://', suffix: '.myshopify.com' },
    { name: 'plan', label: 'Plan', hidden: true, default: 'pro' },
  ], { description: 'Acme CRM.' });
  assert.deepEqual(definition.fields.map((field) => field.type),
    ['secret', 'email', 'url', 'number', 'select', 'checkbox', 'textarea', 'subdomain', 'text']);
  assert.equal(definition.fields[0].required, true);
  assert.equal(definition.fields[1].required, false, 'required defaults to false');
  assert.equal(definition.description, 'Acme CRM.');
});

test('a definition outside the schema is refused with the path of each problem', () => {
  const cases = [
    [{ name: 'k', label: 'K', type: 'number', min: 5, max: 1 }, 'fields[0].max'],
    [{ name: 'k', label: 'K', type: 'text', min: 1 }, 'fields[0].min'],
    [{ name: 'k', label: 'K', type: 'select' }, 'fields[0].options'],
    [{ name: 'k', label: 'K', type: 'select', options: [{ value: 'a', label: 'A' }, { value: 'a', label: 'B' }] }, 'fields[0].options[1].value'],
    [{ name: 'k', label: 'K', type: 'text', options: [{ value: 'a', label: 'A' }] }, 'fields[0].options'],
    [{ name: 'k', label: 'K', type: 'checkbox', default: 'yes' }, 'fields[0].default'],
    [{ name: 'k', label: 'K', type: 'checkbox', pattern: 'x' }, 'fields[0].pattern'],
    [{ name: 'k', label: 'K', type: 'email', default: 'not-an-email' }, 'fields[0].default'],
    [{ name: 'k', label: 'K', type: 'secret', default: 'sk_live_123' }, 'fields[0].default'],
    [{ name: 'k', label: 'K', hidden: true, required: true }, 'fields[0].default'],
    [{ name: 'k', label: 'K', type: 'email', prefix: 'x' }, 'fields[0].prefix'],
    [{ name: 'k', label: 'K', patternMessage: 'Wrong.' }, 'fields[0].patternMessage'],
    [{ name: 'k', label: 'K', requried: true }, 'fields[0].requried'],
    [{ name: 'k', label: 'K', type: 'color' }, 'fields[0].type'],
    [{ name: '1k', label: 'K' }, 'fields[0].name'],
  ];
  for (const [field, path] of cases) {
    const paths = issuesOf([field]).map((issue) => issue.path);
    assert.ok(paths.includes(`integration.${path}`), `${JSON.stringify(field)}: expected ${path}, got ${paths.join(', ')}`);
  }
  assert.deepEqual(issuesOf([{ name: 'k', label: 'K' }], { description: 'x'.repeat(201) }).map((issue) => issue.path),
    ['integration.description']);
});

test('a pattern outside the subset is refused, naming the field and what is wrong', () => {
  const refused = {
    '(?<=a)b': /lookaround/,
    '(?=a)': /lookaround/,
    '(?<name>a)': /named groups/,
    'a+?': /lazy/,
    '(a)\\1': /backreferences/,
    '\\bword': /word boundaries/,
    '\\p{L}+': /property/,
    '\\u0041': /code escapes/,
    '(?i)abc': /flags/,
    'a^b': /\^ is only allowed as the first/,
    'a$b': /\$ is only allowed as the last/,
    'a{1001}': /at most 1000/,
    'a{3,2}': /out of order/,
    '*a': /nothing before it/,
    '[z-a]': /out of order/,
    '(ab': /never closed/,
    'ab)': /no matching/,
    'a{': /\{/,
    '\\n': /escape \\n/,
    '(?:abcdefghij){1000}': /too large/,
  };
  for (const [pattern, message] of Object.entries(refused)) {
    const issues = issuesOf([{ name: 'apiKey', label: 'Key', pattern }]);
    assert.equal(issues.length, 1, pattern);
    assert.equal(issues[0].path, 'integration.fields[0].pattern', pattern);
    assert.match(issues[0].message, message, pattern);
  }
});

test('patterns match the whole value, with JavaScript\'s meanings of . \\d \\w \\s', () => {
  const matches = (pattern, value) => compilePattern(pattern)(value);
  assert.equal(matches('^ab$', 'ab'), true, 'leading ^ and trailing $ are allowed');
  assert.equal(matches('ab', 'xab'), false);
  assert.equal(matches('a\\$', 'a$'), true, 'an escaped $ at the end is a literal');
  assert.equal(matches('\\d+', '١٢'), false, '\\d is ASCII');
  assert.equal(matches('\\w+', 'é'), false, '\\w is ASCII');
  assert.equal(matches('\\s', '\u00a0'), true, '\\s is JavaScript whitespace');
  assert.equal(matches('[^\\S]', '\u3000'), true);
  assert.equal(matches('a.c', 'a\u2028c'), false, '. stops at line terminators');
  assert.equal(matches('.', '😀'), true, '. is one code point');
  assert.equal(matches('[😀-😂]', '😁'), true);
  assert.equal(matches('[-a]+', '-a-'), true);
  assert.equal(matches('\\/\\(\\)\\[\\]\\{\\}', '/()[]{}'), true);
});

test('a pathological pattern answers at once (linear-time matching)', () => {
  const started = process.hrtime.bigint();
  assert.equal(compilePattern('(a*)*b')('a'.repeat(5000)), false);
  assert.equal(compilePattern('(a|aa)+c')('a'.repeat(5000)), false);
  const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
  assert.ok(elapsedMs < 1000, `took ${elapsedMs} ms`);
});

test('validateFields reports a message and a rule per field, and the values when all pass', () => {
  const definition = definitionOf([
    { name: 'apiKey', label: 'API key', type: 'secret', required: true, pattern: 'ak_[a-z0-9]+', patternMessage: 'Starts with ak_.' },
    { name: 'seats', label: 'Seats', type: 'number', min: 1, max: 10 },
    { name: 'agree', label: 'I agree', type: 'checkbox' },
    { name: 'plan', label: 'Plan', hidden: true, default: 'pro' },
    { name: 'notes', label: 'Notes', type: 'textarea' },
  ]);
  assert.deepEqual(validateFields(definition, { apiKey: 'ak_1', seats: 3, agree: true, notes: '  ' }), {
    ok: true, values: { apiKey: 'ak_1', seats: '3', agree: true, plan: 'pro' }, errors: {}, rules: {},
  });
  const result = validateFields(definition, {
    apiKey: 'AK', seats: '11', agree: 'yes', plan: 'enterprise', notes: 5, extra: 'x',
  });
  assert.equal(result.ok, false);
  assert.deepEqual(result.values, {});
  assert.deepEqual(result.rules, {
    apiKey: 'pattern', seats: 'max', agree: 'format', plan: 'hidden', notes: 'type', extra: 'unexpected',
  });
  assert.equal(result.errors.apiKey, 'Starts with ak_.', 'patternMessage is the message');
  assert.equal(result.errors.seats, 'Must be at most 10.');
  assert.equal(result.errors.extra, 'This field is not expected.');
  assert.deepEqual(validateFields(definition, []).rules, { _: 'type' });
});

test('the browser gets the whole schema, never a secret default, an endpoint or a client secret', () => {
  const { definition } = checkDefinition({
    id: 'acme', name: 'Acme', description: 'Acme CRM.', authType: 'oauth2',
    fields: [
      { name: 'region', label: 'Region', type: 'select', options: [{ value: 'us', label: 'US' }], default: 'us', help: 'Where your data lives.' },
      { name: 'shop', label: 'Shop', type: 'subdomain', required: true, prefix: 'https://', suffix: '.acme.example' },
    ],
    hostSuffix: '.acme.example',
    oauth: { authorizationEndpoint: 'https://{shop}.acme.example/authorize', tokenEndpoint: 'https://{shop}.acme.example/token' },
    clientId: 'client-id', clientSecret: 'client-secret-never-shown',
  });
  const visible = publicIntegration(definition);
  assert.deepEqual(visible, {
    id: 'acme', name: 'Acme', description: 'Acme CRM.', category: 'other', logo: null, authType: 'oauth2',
    fields: [
      {
        name: 'region', label: 'Region', type: 'select', required: false, options: [{ value: 'us', label: 'US' }],
        help: 'Where your data lives.', default: 'us',
      },
      { name: 'shop', label: 'Shop', type: 'subdomain', required: true, prefix: 'https://', suffix: '.acme.example' },
    ],
  });
  const text = JSON.stringify(visible);
  for (const hidden of ['client-secret-never-shown', 'client-id', 'authorize', 'hostSuffix']) assert.ok(!text.includes(hidden), hidden);

  // Even a definition object built by hand never hands a secret's default to the browser.
  const forged = publicIntegration({ ...definition, fields: [{ name: 'k', label: 'K', type: 'secret', required: true, default: 'sk_live_x' }] });
  assert.ok(!JSON.stringify(forged).includes('sk_live_x'));
});
