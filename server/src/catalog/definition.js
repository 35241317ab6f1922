// Integration definitions: their format (docs/server.md, "Integration definitions") and the checks
// that run on each one when the configuration loads, so a mistake is reported with its path before
// anyone meets it in a flow.
import { checkCredential } from './credential.js';
import { checkFields } from './fields.js';
import { checkOAuthQuirks } from './oauth-quirks.js';
import { checkUrlTemplate, isHostSuffix, placeholdersOf } from './url-template.js';
import {
  checkKnownKeys, isHttpUrl, isHttpsUrl, isNonEmptyString, isPlainObject, optionalSection,
} from './values.js';

export const AUTH_TYPES = Object.freeze(['oauth2', 'api_key']);
export const TOKEN_ENDPOINT_AUTH_METHODS = Object.freeze(['client_secret_basic', 'client_secret_post']);

const DEFINITION_KEYS = [
  'id', 'name', 'description', 'category', 'logo', 'authType', 'fields', 'hostSuffix', 'derivedValues',
  'oauth', 'api', 'verify', 'clientId', 'clientSecret',
];
const OAUTH_KEYS = [
  'authorizationEndpoint', 'tokenEndpoint', 'issuer', 'authorizationResponseIss', 'scopes', 'scopeSeparator', 'tokenEndpointAuthMethod',
  'tokenRequestFormat', 'extraAuthorizeParams', 'revocationEndpoint', 'pkce', 'extraTokenParams', 'tokenPath', 'captures',
];
// How the token request's parameters are encoded: RFC 6749's form, or JSON for providers that want it.
const TOKEN_REQUEST_FORMATS = ['form', 'json'];
const API_KEYS = ['baseUrl', 'headers', 'credential'];
const VERIFY_KEYS = ['method', 'path', 'credential'];
const DESCRIPTION_MAX_LENGTH = 200;
const INTEGRATION_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;
const PLACEHOLDER_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// The authorize request's own parameters: a definition must not be able to replace them.
const RESERVED_AUTHORIZE_PARAMS = new Set([
  'client_id', 'redirect_uri', 'response_type', 'scope', 'state', 'code_challenge', 'code_challenge_method',
]);

export function isIntegrationId(value) {
  return typeof value === 'string' && INTEGRATION_ID_PATTERN.test(value);
}

// Which names a URL template may use: a field's value must always be there and must not be a secret
// (URLs end up in logs and browser histories).
function templatePlaceholders(fields, derivedValues) {
  const verdicts = new Map();
  for (const field of fields) {
    if (field.type === 'secret') verdicts.set(field.name, 'which is a secret field: secrets never go into URLs');
    else if (field.required || (field.hidden && field.default !== undefined)) verdicts.set(field.name, true);
    else verdicts.set(field.name, 'which is optional: a field used in an address must be required');
  }
  for (const name of Object.keys(derivedValues ?? {})) verdicts.set(name, true);
  return verdicts;
}

function checkDerivedValues(raw, path, fields, issues) {
  if (raw === undefined) return undefined;
  if (!isPlainObject(raw)) {
    issues.push({ path, message: 'must be an object like { "dc": { "from": "apiKey", "afterLast": "-" } }' });
    return undefined;
  }
  const derived = {};
  for (const [name, rule] of Object.entries(raw)) {
    const rulePath = `${path}.${name}`;
    if (!PLACEHOLDER_NAME.test(name) || fields.some((field) => field.name === name)) {
      issues.push({ path: rulePath, message: 'must be a new name: a letter, then letters, digits or _' });
      continue;
    }
    const source = fields.find((field) => field.name === rule?.from);
    if (!isPlainObject(rule) || !source || !isNonEmptyString(rule.afterLast)) {
      issues.push({ path: rulePath, message: 'must be { "from": a field name, "afterLast": a separator }' });
      continue;
    }
    if (!source.required) issues.push({ path: `${rulePath}.from`, message: 'must name a required field' });
    checkKnownKeys(rule, ['from', 'afterLast'], rulePath, issues);
    derived[name] = { from: rule.from, afterLast: rule.afterLast };
  }
  return derived;
}

function checkOAuth(raw, path, context, issues) {
  if (!isPlainObject(raw)) {
    issues.push({ path, message: 'is required for oauth2 integrations and must be an object' });
    return undefined;
  }
  checkKnownKeys(raw, OAUTH_KEYS, path, issues);
  const oauth = {
    authorizationEndpoint: raw.authorizationEndpoint,
    tokenEndpoint: raw.tokenEndpoint,
    issuer: raw.issuer ?? null,
    // RFC 9207: the provider puts `iss` in every authorization answer (its metadata says
    // authorization_response_iss_parameter_supported), so an answer without it is refused.
    authorizationResponseIss: raw.authorizationResponseIss ?? false,
    scopes: raw.scopes ?? [],
    scopeSeparator: raw.scopeSeparator ?? ' ',
    tokenEndpointAuthMethod: raw.tokenEndpointAuthMethod ?? 'client_secret_basic',
    tokenRequestFormat: raw.tokenRequestFormat ?? 'form',
    extraAuthorizeParams: raw.extraAuthorizeParams ?? {},
    ...checkOAuthQuirks(raw, path, context.fieldNames, issues),
  };
  for (const endpoint of ['authorizationEndpoint', 'tokenEndpoint']) {
    checkUrlTemplate(oauth[endpoint], { ...context, path: `${path}.${endpoint}` }, issues);
  }
  // Optional (RFC 7009): deleting a connection then also ends its grant at the provider.
  if (raw.revocationEndpoint !== undefined) {
    oauth.revocationEndpoint = raw.revocationEndpoint;
    checkUrlTemplate(oauth.revocationEndpoint, { ...context, path: `${path}.revocationEndpoint` }, issues);
  }
  if (oauth.issuer !== null && (typeof oauth.issuer !== 'string' || !isHttpUrl(oauth.issuer))) {
    issues.push({ path: `${path}.issuer`, message: 'must be the provider issuer URL' });
  }
  if (typeof oauth.authorizationResponseIss !== 'boolean') {
    issues.push({ path: `${path}.authorizationResponseIss`, message: 'must be true or false' });
  } else if (oauth.authorizationResponseIss && oauth.issuer === null) {
    issues.push({ path: `${path}.authorizationResponseIss`, message: 'needs "issuer": the value every answer\'s iss must equal' });
  }
  if (!Array.isArray(oauth.scopes) || !oauth.scopes.every(isNonEmptyString)) {
    issues.push({ path: `${path}.scopes`, message: 'must be an array of non-empty strings' });
  }
  if (!isNonEmptyString(oauth.scopeSeparator)) {
    issues.push({ path: `${path}.scopeSeparator`, message: 'must be a non-empty string' });
  }
  if (!TOKEN_ENDPOINT_AUTH_METHODS.includes(oauth.tokenEndpointAuthMethod)) {
    issues.push({ path: `${path}.tokenEndpointAuthMethod`, message: `must be one of ${TOKEN_ENDPOINT_AUTH_METHODS.join(', ')}` });
  }
  if (!TOKEN_REQUEST_FORMATS.includes(oauth.tokenRequestFormat)) {
    issues.push({ path: `${path}.tokenRequestFormat`, message: `must be one of ${TOKEN_REQUEST_FORMATS.join(', ')}` });
  }
  if (!isPlainObject(oauth.extraAuthorizeParams)) {
    issues.push({ path: `${path}.extraAuthorizeParams`, message: 'must be an object of strings' });
  } else {
    for (const [name, value] of Object.entries(oauth.extraAuthorizeParams)) {
      if (typeof value !== 'string') {
        issues.push({ path: `${path}.extraAuthorizeParams.${name}`, message: 'must be a string' });
      } else if (RESERVED_AUTHORIZE_PARAMS.has(name)) {
        issues.push({ path: `${path}.extraAuthorizeParams.${name}`, message: 'is set by AuthKit and cannot be overridden' });
      }
    }
  }
  return oauth;
}

function checkHeaders(raw, path, issues) {
  if (raw === undefined) return {};
  if (!isPlainObject(raw)) {
    issues.push({ path, message: 'must be an object of header names to fixed values' });
    return {};
  }
  const headers = {};
  for (const [name, value] of Object.entries(raw)) {
    if (!HEADER_NAME.test(name) || typeof value !== 'string' || /[\u0000-\u001f\u007f]/.test(value)) {
      issues.push({ path: `${path}.${name}`, message: 'must be a header name with a fixed string value' });
    } else if (placeholdersOf(value).length > 0) {
      issues.push({ path: `${path}.${name}`, message: 'is sent as is: put field values in api.credential instead' });
    } else {
      headers[name.toLowerCase()] = value;
    }
  }
  return headers;
}

function checkApi(value, path, context, definition, issues) {
  const raw = optionalSection(value, { path, known: API_KEYS, shape: '{ "baseUrl": "https://api.example.com" }' }, issues);
  if (!raw) return undefined;
  checkUrlTemplate(raw.baseUrl, { ...context, path: `${path}.baseUrl` }, issues);
  const api = { baseUrl: raw.baseUrl, headers: checkHeaders(raw.headers, `${path}.headers`, issues) };
  if (raw.credential !== undefined) {
    if (definition.authType !== 'api_key') {
      // How the access token travels when the API does not take "Authorization: Bearer".
      api.credential = checkCredential(raw.credential, `${path}.credential`, ['accessToken'], issues);
      if (api.credential?.in === 'basic') {
        issues.push({ path: `${path}.credential.in`, message: 'must be header or query for oauth2 integrations' });
      }
    } else {
      api.credential = checkCredential(raw.credential, `${path}.credential`, context.fieldNames, issues);
    }
  }
  return api;
}

function checkVerify(value, path, context, definition, issues) {
  const raw = optionalSection(value, { path, known: VERIFY_KEYS, shape: '{ "path": "/me" }' }, issues);
  if (!raw) return undefined;
  if (definition.authType !== 'api_key') issues.push({ path, message: 'is only for api_key integrations' });
  if (!definition.api) issues.push({ path: `${path.replace(/verify$/, 'api')}.baseUrl`, message: 'is required when verify is set' });
  const verify = { method: raw.method ?? 'GET', path: raw.path };
  if (verify.method !== 'GET') issues.push({ path: `${path}.method`, message: 'must be GET' });
  if (typeof verify.path !== 'string' || !verify.path.startsWith('/')) {
    issues.push({ path: `${path}.path`, message: 'must be a path starting with /' });
  } else {
    for (const name of placeholdersOf(verify.path)) {
      if (context.placeholders.get(name) !== true) {
        issues.push({ path: `${path}.path`, message: `names {${name}}, ${context.placeholders.get(name) ?? 'which is not one of the fields'}` });
      }
    }
  }
  if (raw.credential !== undefined) {
    verify.credential = checkCredential(raw.credential, `${path}.credential`, context.fieldNames, issues);
  } else if (definition.api?.credential) {
    verify.credential = definition.api.credential;
  } else {
    issues.push({ path: `${path}.credential`, message: 'is required unless api.credential says how the credential is sent' });
  }
  return verify;
}

function checkBasics(raw, path, definition, issues) {
  if (!isIntegrationId(raw.id)) {
    issues.push({ path: `${path}.id`, message: 'must be lowercase letters, digits and dashes (at most 63)' });
  }
  if (!isNonEmptyString(raw.name)) issues.push({ path: `${path}.name`, message: 'must be a non-empty string' });
  if (definition.description !== null
      && (!isNonEmptyString(definition.description) || [...definition.description].length > DESCRIPTION_MAX_LENGTH)) {
    issues.push({ path: `${path}.description`, message: `must be a short text (at most ${DESCRIPTION_MAX_LENGTH} characters) or null` });
  }
  if (!isNonEmptyString(definition.category)) issues.push({ path: `${path}.category`, message: 'must be a non-empty string' });
  if (definition.logo !== null && !isHttpsUrl(definition.logo)) {
    issues.push({ path: `${path}.logo`, message: 'must be an https: URL or null' });
  }
  if (!AUTH_TYPES.includes(raw.authType)) {
    issues.push({ path: `${path}.authType`, message: `must be one of ${AUTH_TYPES.join(', ')}` });
  }
  if (raw.hostSuffix !== undefined && !isHostSuffix(raw.hostSuffix)) {
    issues.push({ path: `${path}.hostSuffix`, message: 'must be a lowercase host name suffix with two labels or more, like ".myshopify.com"' });
  }
}

/**
 * Validates and normalizes one integration definition. Returns { definition, issues } where each
 * issue is { path, message } relative to `path`.
 */
export function checkDefinition(raw, path = 'integration') {
  const issues = [];
  if (!isPlainObject(raw)) {
    return { definition: undefined, issues: [{ path, message: 'must be an object' }] };
  }
  checkKnownKeys(raw, DEFINITION_KEYS, path, issues);
  const definition = {
    id: raw.id,
    name: raw.name,
    description: raw.description ?? null,
    category: raw.category ?? 'other',
    logo: raw.logo ?? null,
    authType: raw.authType,
    fields: checkFields(raw.fields, `${path}.fields`, issues),
  };
  checkBasics(raw, path, definition, issues);
  if (raw.hostSuffix !== undefined) definition.hostSuffix = raw.hostSuffix;
  const derivedValues = checkDerivedValues(raw.derivedValues, `${path}.derivedValues`, definition.fields, issues);
  if (derivedValues) definition.derivedValues = derivedValues;
  if (raw.authType === 'api_key' && definition.fields.length === 0) {
    issues.push({ path: `${path}.fields`, message: 'must list at least one field for api_key integrations' });
  }

  const context = {
    hostSuffix: definition.hostSuffix,
    placeholders: templatePlaceholders(definition.fields, derivedValues),
    fieldNames: definition.fields.map((field) => field.name),
  };
  if (raw.authType === 'oauth2') definition.oauth = checkOAuth(raw.oauth, `${path}.oauth`, context, issues);
  else if (raw.oauth !== undefined) issues.push({ path: `${path}.oauth`, message: 'is only for oauth2 integrations' });
  // Values captured from the sign-in are there for every API call, like a required field's.
  const apiPlaceholders = new Map(context.placeholders);
  for (const name of Object.keys(definition.oauth?.captures ?? {})) apiPlaceholders.set(name, true);
  const api = checkApi(raw.api, `${path}.api`, { ...context, placeholders: apiPlaceholders }, definition, issues);
  if (api) definition.api = api;
  const verify = checkVerify(raw.verify, `${path}.verify`, context, definition, issues);
  if (verify) {
    definition.verify = verify;
    // The proxy sends the credential the way the check does, unless the API says otherwise.
    if (definition.api && !definition.api.credential) definition.api.credential = verify.credential;
  }
  if (raw.clientId !== undefined) definition.clientId = raw.clientId;
  if (raw.clientSecret !== undefined) definition.clientSecret = raw.clientSecret;
  return { definition, issues };
}
