// Integration definitions: their format, the rules for the credential fields they declare, and the
// part of a definition a browser may see. The field rules must stay identical to the ones the C++
// machine applies in the browser, so a form that passes there passes here.

export const AUTH_TYPES = Object.freeze(['oauth2', 'api_key']);
export const FIELD_TYPES = Object.freeze(['text', 'secret', 'email', 'url', 'number']);
export const TOKEN_ENDPOINT_AUTH_METHODS = Object.freeze(['client_secret_basic', 'client_secret_post']);

const INTEGRATION_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;
const FIELD_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const NUMBER_PATTERN = /^-?\d+(\.\d+)?$/;
const PLACEHOLDER_PATTERN = /\{([A-Za-z][A-Za-z0-9_]*)\}/g;
// Regex features that std::regex's ECMAScript grammar does not know; refusing them keeps both
// validators in agreement.
const UNPORTABLE_REGEX = /\(\?<[=!A-Za-z]|\\[pPk]\{|\\k</;
// The authorize request's own parameters: a definition must not be able to replace them.
const RESERVED_AUTHORIZE_PARAMS = new Set([
  'client_id', 'redirect_uri', 'response_type', 'scope', 'state', 'code_challenge', 'code_challenge_method',
]);
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Integrations shipped with the service; config can enable them and override any part. */
export const BUILTIN_INTEGRATIONS = Object.freeze({});

export function isIntegrationId(value) {
  return typeof value === 'string' && INTEGRATION_ID_PATTERN.test(value);
}

export function isLoopbackUrl(url) {
  return LOOPBACK_HOSTS.has(url.hostname);
}

// Plain http is only for endpoints on this machine (development and tests).
export function isAllowedEndpoint(value) {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackUrl(url));
  } catch {
    return false;
  }
}

function isPlainObject(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isHttpsUrl(value) {
  try {
    return new URL(value).protocol === 'https:';
  } catch {
    return false;
  }
}

function isHttpUrl(value) {
  try {
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

function fullMatchRegExp(pattern) {
  return new RegExp(`^(?:${pattern})$`);
}

/** Placeholder names used by a verify credential format like "Bearer {apiKey}". */
export function placeholdersOf(format) {
  return [...format.matchAll(PLACEHOLDER_PATTERN)].map((match) => match[1]);
}

function checkField(raw, path, issues) {
  if (!isPlainObject(raw)) {
    issues.push({ path, message: 'must be an object' });
    return undefined;
  }
  const field = {
    name: raw.name,
    label: raw.label,
    type: raw.type ?? 'text',
    required: raw.required ?? true,
  };
  if (typeof raw.name !== 'string' || !FIELD_NAME_PATTERN.test(raw.name)) {
    issues.push({ path: `${path}.name`, message: 'must start with a letter and contain only letters, digits and _' });
  }
  if (typeof raw.label !== 'string' || raw.label.length === 0) {
    issues.push({ path: `${path}.label`, message: 'must be a non-empty string' });
  }
  if (!FIELD_TYPES.includes(field.type)) {
    issues.push({ path: `${path}.type`, message: `must be one of ${FIELD_TYPES.join(', ')}` });
  }
  if (typeof field.required !== 'boolean') {
    issues.push({ path: `${path}.required`, message: 'must be true or false' });
  }
  for (const bound of ['minLength', 'maxLength']) {
    if (raw[bound] === undefined) continue;
    if (!Number.isInteger(raw[bound]) || raw[bound] < 0) {
      issues.push({ path: `${path}.${bound}`, message: 'must be a whole number, 0 or more' });
    } else {
      field[bound] = raw[bound];
    }
  }
  if (field.minLength !== undefined && field.maxLength !== undefined && field.minLength > field.maxLength) {
    issues.push({ path: `${path}.maxLength`, message: 'must not be less than minLength' });
  }
  if (raw.pattern !== undefined) {
    let valid = typeof raw.pattern === 'string' && !UNPORTABLE_REGEX.test(raw.pattern);
    if (valid) {
      try {
        fullMatchRegExp(raw.pattern);
      } catch {
        valid = false;
      }
    }
    if (valid) field.pattern = raw.pattern;
    else issues.push({ path: `${path}.pattern`, message: 'must be a simple ECMAScript regular expression (no lookbehind, named groups or \\p{…})' });
  }
  for (const text of ['placeholder', 'help']) {
    if (raw[text] === undefined) continue;
    if (typeof raw[text] !== 'string') issues.push({ path: `${path}.${text}`, message: 'must be a string' });
    else field[text] = raw[text];
  }
  return field;
}

function checkOAuth(raw, path, issues) {
  if (!isPlainObject(raw)) {
    issues.push({ path, message: 'is required for oauth2 integrations and must be an object' });
    return undefined;
  }
  const oauth = {
    authorizationEndpoint: raw.authorizationEndpoint,
    tokenEndpoint: raw.tokenEndpoint,
    issuer: raw.issuer ?? null,
    scopes: raw.scopes ?? [],
    scopeSeparator: raw.scopeSeparator ?? ' ',
    tokenEndpointAuthMethod: raw.tokenEndpointAuthMethod ?? 'client_secret_basic',
    extraAuthorizeParams: raw.extraAuthorizeParams ?? {},
  };
  for (const endpoint of ['authorizationEndpoint', 'tokenEndpoint']) {
    if (!isAllowedEndpoint(oauth[endpoint])) {
      issues.push({ path: `${path}.${endpoint}`, message: 'must be an https: URL (http: only for 127.0.0.1 or localhost)' });
    }
  }
  if (oauth.issuer !== null && (typeof oauth.issuer !== 'string' || !isHttpUrl(oauth.issuer))) {
    issues.push({ path: `${path}.issuer`, message: 'must be the provider issuer URL' });
  }
  if (!Array.isArray(oauth.scopes) || !oauth.scopes.every((scope) => typeof scope === 'string' && scope.length > 0)) {
    issues.push({ path: `${path}.scopes`, message: 'must be an array of non-empty strings' });
  }
  if (typeof oauth.scopeSeparator !== 'string' || oauth.scopeSeparator.length === 0) {
    issues.push({ path: `${path}.scopeSeparator`, message: 'must be a non-empty string' });
  }
  if (!TOKEN_ENDPOINT_AUTH_METHODS.includes(oauth.tokenEndpointAuthMethod)) {
    issues.push({ path: `${path}.tokenEndpointAuthMethod`, message: `must be one of ${TOKEN_ENDPOINT_AUTH_METHODS.join(', ')}` });
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

function checkVerify(raw, path, fieldNames, issues) {
  if (!isPlainObject(raw)) {
    issues.push({ path, message: 'must be an object' });
    return undefined;
  }
  const credential = isPlainObject(raw.credential) ? raw.credential : {};
  const verify = {
    method: raw.method ?? 'GET',
    path: raw.path,
    credential: { in: credential.in ?? 'header', name: credential.name, format: credential.format },
  };
  if (verify.method !== 'GET') issues.push({ path: `${path}.method`, message: 'must be GET' });
  if (typeof verify.path !== 'string' || !verify.path.startsWith('/')) {
    issues.push({ path: `${path}.path`, message: 'must be a path starting with /' });
  }
  if (!['header', 'query'].includes(verify.credential.in)) {
    issues.push({ path: `${path}.credential.in`, message: 'must be header or query' });
  }
  if (typeof verify.credential.name !== 'string' || verify.credential.name.length === 0) {
    issues.push({ path: `${path}.credential.name`, message: 'must be a non-empty string' });
  }
  if (typeof verify.credential.format !== 'string' || placeholdersOf(verify.credential.format).length === 0) {
    issues.push({ path: `${path}.credential.format`, message: 'must be a string naming at least one field, like "Bearer {apiKey}"' });
  } else {
    for (const name of placeholdersOf(verify.credential.format)) {
      if (!fieldNames.includes(name)) {
        issues.push({ path: `${path}.credential.format`, message: `names {${name}}, which is not one of the fields` });
      }
    }
  }
  return verify;
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
  const definition = {
    id: raw.id,
    name: raw.name,
    category: raw.category ?? 'other',
    logo: raw.logo ?? null,
    authType: raw.authType,
    fields: [],
  };
  if (!isIntegrationId(raw.id)) {
    issues.push({ path: `${path}.id`, message: 'must be lowercase letters, digits and dashes (at most 63)' });
  }
  if (typeof raw.name !== 'string' || raw.name.length === 0) {
    issues.push({ path: `${path}.name`, message: 'must be a non-empty string' });
  }
  if (typeof definition.category !== 'string' || definition.category.length === 0) {
    issues.push({ path: `${path}.category`, message: 'must be a non-empty string' });
  }
  if (definition.logo !== null && !isHttpsUrl(definition.logo)) {
    issues.push({ path: `${path}.logo`, message: 'must be an https: URL or null' });
  }
  if (!AUTH_TYPES.includes(raw.authType)) {
    issues.push({ path: `${path}.authType`, message: `must be one of ${AUTH_TYPES.join(', ')}` });
  }

  if (raw.fields !== undefined && !Array.isArray(raw.fields)) {
    issues.push({ path: `${path}.fields`, message: 'must be an array' });
  } else {
    const seen = new Set();
    (raw.fields ?? []).forEach((rawField, index) => {
      const field = checkField(rawField, `${path}.fields[${index}]`, issues);
      if (!field) return;
      if (seen.has(field.name)) issues.push({ path: `${path}.fields[${index}].name`, message: 'is used twice' });
      seen.add(field.name);
      definition.fields.push(field);
    });
  }
  if (raw.authType === 'api_key' && definition.fields.length === 0) {
    issues.push({ path: `${path}.fields`, message: 'must list at least one field for api_key integrations' });
  }
  if (raw.authType === 'oauth2') {
    definition.oauth = checkOAuth(raw.oauth, `${path}.oauth`, issues);
  }
  if (raw.api !== undefined) {
    if (!isPlainObject(raw.api) || !isAllowedEndpoint(raw.api.baseUrl)) {
      issues.push({ path: `${path}.api.baseUrl`, message: 'must be an https: URL (http: only for 127.0.0.1 or localhost)' });
    } else {
      definition.api = { baseUrl: raw.api.baseUrl };
    }
  }
  if (raw.verify !== undefined) {
    if (!definition.api) issues.push({ path: `${path}.api.baseUrl`, message: 'is required when verify is set' });
    definition.verify = checkVerify(raw.verify, `${path}.verify`, definition.fields.map((field) => field.name), issues);
  }
  if (raw.clientId !== undefined) definition.clientId = raw.clientId;
  if (raw.clientSecret !== undefined) definition.clientSecret = raw.clientSecret;
  return { definition, issues };
}

function checkOneValue(field, value) {
  const length = [...value].length; // code points, the same count the browser form uses
  if (field.minLength !== undefined && length < field.minLength) {
    return `Must be at least ${field.minLength} characters.`;
  }
  if (field.maxLength !== undefined && length > field.maxLength) {
    return `Must be at most ${field.maxLength} characters.`;
  }
  if (field.type === 'email' && !EMAIL_PATTERN.test(value)) return 'Must be an email address.';
  if (field.type === 'url' && !isHttpUrl(value)) return 'Must be a URL starting with http:// or https://.';
  if (field.type === 'number' && !NUMBER_PATTERN.test(value)) return 'Must be a number.';
  if (field.pattern !== undefined && !fullMatchRegExp(field.pattern).test(value)) {
    return 'Does not have the expected format.';
  }
  return undefined;
}

/**
 * Checks submitted credential fields against a definition's field schema.
 * Returns { ok, values, errors } where errors maps a field name to a human message.
 */
export function validateFields(definition, fields) {
  const errors = {};
  const values = {};
  if (!isPlainObject(fields)) {
    return { ok: false, values, errors: { _: 'The fields must be an object of field names to values.' } };
  }
  const known = new Map(definition.fields.map((field) => [field.name, field]));
  for (const name of Object.keys(fields)) {
    if (!known.has(name)) errors[name] = 'This field is not expected.';
  }
  for (const field of definition.fields) {
    let value = fields[field.name];
    if (field.type === 'number' && typeof value === 'number' && Number.isFinite(value)) value = String(value);
    if (value === undefined || value === null || value === '') {
      if (field.required) errors[field.name] = 'This field is required.';
      continue;
    }
    if (typeof value !== 'string') {
      errors[field.name] = 'Must be text.';
      continue;
    }
    const message = checkOneValue(field, value);
    if (message) errors[field.name] = message;
    else values[field.name] = value;
  }
  const ok = Object.keys(errors).length === 0;
  return { ok, values: ok ? values : {}, errors };
}

/** What a browser may learn about an integration: no endpoints, no client credentials. */
export function publicIntegration(definition) {
  return {
    id: definition.id,
    name: definition.name,
    category: definition.category,
    logo: definition.logo,
    authType: definition.authType,
    fields: definition.fields.map((field) => ({ ...field })),
  };
}
