import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { loadConfig } from '../../server/src/config.js';
import { baseConfig, tempDir } from './support.js';

const apiKeyIntegration = {
  name: 'Sandbox Key',
  authType: 'api_key',
  fields: [{ name: 'apiKey', label: 'API key', type: 'secret' }],
};

function issuesOf(config, env = {}) {
  try {
    loadConfig(config, { env });
  } catch (error) {
    assert.equal(error.code, 'invalid_config');
    return error.issues;
  }
  assert.fail('the config was accepted');
}

test('a valid config is normalized with defaults', () => {
  const { config } = baseConfig({ integrations: { 'sandbox-apikey': apiKeyIntegration } });
  const loaded = loadConfig(config);
  assert.equal(loaded.publicUrl, null);
  assert.equal(loaded.encryptionKeys[0].key.length, 32);
  assert.equal(loaded.projects[0].secretKeys.length, 2);
  assert.deepEqual(loaded.projects[0].secretKeys.map((key) => key.environment), ['test', 'live']);
  const definition = loaded.integrations.get('sandbox-apikey');
  assert.equal(definition.category, 'other');
  assert.equal(definition.logo, null);
  assert.equal(definition.fields[0].required, false, 'docs/fields.md: required defaults to false');
  assert.equal(loaded.providerTimeoutMs, 10_000);
  assert.equal(loadConfig(loaded), loaded, 'a loaded config passes through');
});

test('a bad config names the field path of each problem', () => {
  const { config } = baseConfig({ integrations: { 'sandbox-apikey': apiKeyIntegration } });
  config.projects[0].allowedOrigins.push('http://127.0.0.1:4100/app');
  config.projects[0].secretKeys.push('sk_test_tooshort');
  config.projects[0].integrations.push('missing');
  config.encryptionKeys[0].key = Buffer.alloc(16).toString('base64');
  config.publicUrl = 'http://127.0.0.1:4200/';
  config.projects[0].allowedOrigin = ['http://127.0.0.1:4100'];
  const issues = issuesOf(config);
  const byPath = Object.fromEntries(issues.map(({ path, message }) => [path, message]));
  assert.equal(byPath['projects[0].allowedOrigins[1]'], 'must be an origin like https://app.example.com');
  assert.match(byPath['projects[0].secretKeys[2]'], /secret key/);
  assert.ok(!byPath['projects[0].secretKeys[2]'].includes('tooshort'), 'a secret never appears in an error');
  assert.match(byPath['projects[0].integrations[1]'], /"missing" is not a known integration/);
  assert.match(byPath['encryptionKeys[0].key'], /32/);
  assert.match(byPath.publicUrl, /origin/);
  assert.match(byPath['projects[0].allowedOrigin'], /not a known setting/);

  assert.throws(() => loadConfig(config, { env: {} }),
    { message: /projects\[0\]\.allowedOrigins\[1\]: must be an origin like https:\/\/app\.example\.com/ });
});

test('integration definitions are validated field by field', () => {
  const { config } = baseConfig({
    integrations: {
      'bad-oauth': {
        name: 'Bad', authType: 'oauth2', logo: 'http://insecure.example/logo.png',
        oauth: {
          authorizationEndpoint: 'http://provider.example/authorize',
          tokenEndpoint: 'https://provider.example/token',
          tokenEndpointAuthMethod: 'private_key_jwt',
          extraAuthorizeParams: { state: 'fixed' },
        },
        fields: [{ name: 'sub domain', label: 'Subdomain', type: 'color', pattern: '(?<=x)y' }],
      },
    },
  });
  const paths = issuesOf(config).map(({ path }) => path);
  for (const expected of [
    'integrations.bad-oauth.logo',
    'integrations.bad-oauth.oauth.authorizationEndpoint',
    'integrations.bad-oauth.oauth.tokenEndpointAuthMethod',
    'integrations.bad-oauth.oauth.extraAuthorizeParams.state',
    'integrations.bad-oauth.fields[0].name',
    'integrations.bad-oauth.fields[0].type',
    'integrations.bad-oauth.fields[0].pattern',
    'integrations.bad-oauth.clientId',
    'integrations.bad-oauth.clientSecret',
  ]) {
    assert.ok(paths.includes(expected), `expected an issue at ${expected}, got ${paths.join(', ')}`);
  }
  assert.ok(!paths.includes('integrations.bad-oauth.oauth.tokenEndpoint'));
});

test('env references resolve from the environment, and a missing one is reported', () => {
  const { config, secretKeys } = baseConfig({
    integrations: {
      'sandbox-oauth': {
        name: 'OAuth', authType: 'oauth2',
        oauth: { authorizationEndpoint: 'https://p.example/a', tokenEndpoint: 'https://p.example/t' },
        clientId: 'id', clientSecret: { env: 'SANDBOX_CLIENT_SECRET' },
      },
    },
  });
  const encryptionKey = config.encryptionKeys[0].key;
  config.encryptionKeys[0].key = { env: 'AUTHKIT_KEY' };
  config.projects[0].secretKeys = [{ env: 'AUTHKIT_SECRET' }];
  config.port = { env: 'AUTHKIT_PORT' };
  const env = {
    SANDBOX_CLIENT_SECRET: 'from-env', AUTHKIT_KEY: encryptionKey, AUTHKIT_SECRET: secretKeys.test, AUTHKIT_PORT: '4321',
  };
  const loaded = loadConfig(config, { env });
  assert.equal(loaded.integrations.get('sandbox-oauth').clientSecret, 'from-env');
  assert.equal(loaded.projects[0].secretKeys[0].secretKey, secretKeys.test);
  assert.equal(loaded.port, 4321);
  assert.deepEqual(loaded.encryptionKeys[0].key, Buffer.from(encryptionKey, 'base64'));

  const { SANDBOX_CLIENT_SECRET, ...partial } = env;
  const issues = issuesOf(config, partial);
  assert.deepEqual(issues.find(({ path }) => path === 'integrations.sandbox-oauth.clientSecret'),
    { path: 'integrations.sandbox-oauth.clientSecret', message: 'environment variable SANDBOX_CLIENT_SECRET is not set' });
});

test('a JSON file is read, with the SQLite path relative to it', (t) => {
  const dir = tempDir(t);
  const { config } = baseConfig({ integrations: { 'sandbox-apikey': apiKeyIntegration } });
  config.database = { sqlite: 'data/authkit.sqlite' };
  writeFileSync(`${dir}/authkit.json`, JSON.stringify(config));
  assert.equal(loadConfig(`${dir}/authkit.json`).database.sqlite, `${dir}/data/authkit.sqlite`);
  writeFileSync(`${dir}/broken.json`, '{ not json');
  assert.throws(() => loadConfig(`${dir}/broken.json`), { code: 'invalid_config' });
});

// Every run of `size` characters of `secret`: enough of a key to recognize it in a log.
const piecesOf = (secret, size = 6) => Array.from({ length: secret.length - size + 1 }, (_, index) => secret.slice(index, index + size));

test('attack: a JSON syntax error in the config file names line and column and never quotes the secret beside it', (t) => {
  const dir = tempDir(t);
  const secret = 'sk_live_Q7xv2LmN8pRt4WzK9bYc3DfG';
  const broken = {
    // The key pasted without quotes: the text after the error is the secret.
    unquoted: [`{\n  "port": 4200,\n  "secretKeys": [${secret}]\n}\n`, 'line 3, column 18'],
    // A trailing comma: the text before the error ends with the secret.
    trailingComma: [`{\n  "secretKeys": [\n    "${secret}",\n  ]\n}\n`, 'line 4, column 3'],
    // The file ends inside the secret's string.
    cutShort: [`{ "secretKeys": ["${secret}`, 'line 1, column 51'],
  };
  for (const [name, [text, place]] of Object.entries(broken)) {
    writeFileSync(`${dir}/${name}.json`, text);
    const issues = issuesOf(`${dir}/${name}.json`);
    assert.deepEqual(issues, [{ path: '(file)', message: `is not valid JSON: fix the syntax at ${place}` }], name);
    for (const piece of piecesOf(secret)) assert.ok(!issues[0].message.includes(piece), `${name}: "${piece}" is quoted`);
  }
});
