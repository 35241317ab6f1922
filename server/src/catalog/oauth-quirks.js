// The parts of an OAuth definition that describe how a provider departs from the common path: PKCE
// it rejects, parameters its token request needs, where the token sits in its answer, and values its
// callback or token answer carry that the API's addresses need (a QuickBooks company id, a Slack team).
import { checkKnownKeys, isNonEmptyString, isPlainObject } from './values.js';

export const CAPTURE_SOURCES = Object.freeze(['callback', 'token']);
const CAPTURE_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const DOTTED_PATH = /^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*$/;
// The token request's own parameters: a definition must not be able to replace them.
const RESERVED_TOKEN_PARAMS = new Set([
  'grant_type', 'code', 'redirect_uri', 'code_verifier', 'client_id', 'client_secret', 'refresh_token',
]);

function checkExtraTokenParams(raw, path, issues) {
  if (raw === undefined) return {};
  if (!isPlainObject(raw)) {
    issues.push({ path, message: 'must be an object of strings' });
    return {};
  }
  for (const [name, value] of Object.entries(raw)) {
    if (typeof value !== 'string') issues.push({ path: `${path}.${name}`, message: 'must be a string' });
    else if (RESERVED_TOKEN_PARAMS.has(name)) issues.push({ path: `${path}.${name}`, message: 'is set by AuthKit and cannot be overridden' });
  }
  return raw;
}

function checkCaptures(raw, path, fieldNames, issues) {
  if (raw === undefined) return {};
  if (!isPlainObject(raw)) {
    issues.push({ path, message: 'must be an object like { "realmId": { "from": "callback", "key": "realmId" } }' });
    return {};
  }
  const captures = {};
  for (const [name, rule] of Object.entries(raw)) {
    const rulePath = `${path}.${name}`;
    if (!CAPTURE_NAME.test(name) || fieldNames.includes(name)) {
      issues.push({ path: rulePath, message: 'must be a new name: a letter, then letters, digits or _' });
      continue;
    }
    if (!isPlainObject(rule) || !CAPTURE_SOURCES.includes(rule.from) || !isNonEmptyString(rule.key)
      || (rule.from === 'token' && !DOTTED_PATH.test(rule.key))) {
      issues.push({
        path: rulePath,
        message: 'must be { "from": "callback" or "token", "key": a query parameter, or a dotted path in the token answer }',
      });
      continue;
    }
    checkKnownKeys(rule, ['from', 'key'], rulePath, issues);
    captures[name] = { from: rule.from, key: rule.key };
  }
  return captures;
}

/**
 * Reads and checks `pkce` (default true), `extraTokenParams`, `tokenPath` and `captures` of an oauth
 * section. `fieldNames`: the definition's fields, which a capture must not shadow.
 */
export function checkOAuthQuirks(raw, path, fieldNames, issues) {
  const pkce = raw.pkce ?? true;
  if (typeof pkce !== 'boolean') issues.push({ path: `${path}.pkce`, message: 'must be true or false' });
  const tokenPath = raw.tokenPath ?? null;
  if (tokenPath !== null && (typeof tokenPath !== 'string' || !DOTTED_PATH.test(tokenPath))) {
    issues.push({ path: `${path}.tokenPath`, message: 'must be a dotted path in the token answer, like "authed_user"' });
  }
  return {
    pkce,
    extraTokenParams: checkExtraTokenParams(raw.extraTokenParams, `${path}.extraTokenParams`, issues),
    tokenPath,
    captures: checkCaptures(raw.captures, `${path}.captures`, fieldNames, issues),
  };
}

/** The value at a dotted path of a parsed JSON answer, or undefined. */
export function valueAtPath(object, dottedPath) {
  let value = object;
  for (const key of dottedPath.split('.')) {
    if (!isPlainObject(value) || !Object.hasOwn(value, key)) return undefined;
    value = value[key];
  }
  return value;
}
