// How an API-key credential travels with a request to the provider: in a header, in a query
// parameter, or as HTTP basic authentication, each written with {field} placeholders. The same
// description serves the credential check before saving and the passthrough proxy afterwards.
import { placeholdersOf } from './url-template.js';
import { checkKnownKeys, isNonEmptyString, isPlainObject } from './values.js';

export const CREDENTIAL_PLACES = Object.freeze(['header', 'query', 'basic']);

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// Control characters cannot be right in any credential; a header value also carries only Latin-1.
const UNSENDABLE = /[\u0000-\u001f\u007f]/;
const UNSENDABLE_IN_HEADER = /[^\t\u0020-\u007e\u0080-\u00ff]/;

/** The error of field values that cannot be sent as the credential. */
export class CredentialValueError extends Error {
  constructor(fields) {
    super('The credential cannot be sent with these values.');
    this.code = 'invalid_credential_value';
    this.fields = fields;
  }
}

/** The field names a credential description uses. */
export function credentialFieldNames(credential) {
  const texts = credential.in === 'basic' ? [credential.username, credential.password] : [credential.format];
  return [...new Set(texts.flatMap((text) => placeholdersOf(text)))];
}

function checkFormat(value, path, fieldNames, issues) {
  if (typeof value !== 'string') {
    issues.push({ path, message: 'must be a string such as "Bearer {apiKey}"' });
    return false;
  }
  for (const name of placeholdersOf(value)) {
    if (!fieldNames.includes(name)) issues.push({ path, message: `names {${name}}, which is not one of the fields` });
  }
  return true;
}

/** Validates and normalizes a credential description against the definition's field names. */
export function checkCredential(raw, path, fieldNames, issues) {
  if (!isPlainObject(raw)) {
    issues.push({ path, message: 'must be an object like { "in": "header", "name": "authorization", "format": "Bearer {apiKey}" }' });
    return undefined;
  }
  const place = raw.in ?? 'header';
  if (!CREDENTIAL_PLACES.includes(place)) {
    issues.push({ path: `${path}.in`, message: `must be one of ${CREDENTIAL_PLACES.join(', ')}` });
    return undefined;
  }
  if (place === 'basic') {
    checkKnownKeys(raw, ['in', 'username', 'password'], path, issues);
    const credential = { in: 'basic', username: raw.username, password: raw.password ?? '' };
    const valid = checkFormat(credential.username, `${path}.username`, fieldNames, issues)
      && checkFormat(credential.password, `${path}.password`, fieldNames, issues);
    if (valid && credentialFieldNames(credential).length === 0) {
      issues.push({ path: `${path}.username`, message: 'username or password must name at least one field, like "{accountSid}"' });
    }
    return credential;
  }
  checkKnownKeys(raw, ['in', 'name', 'format'], path, issues);
  const credential = { in: place, name: raw.name, format: raw.format };
  if (!isNonEmptyString(credential.name) || (place === 'header' && !HEADER_NAME.test(credential.name))) {
    issues.push({ path: `${path}.name`, message: place === 'header' ? 'must be a header name' : 'must be a non-empty string' });
  }
  if (typeof credential.format !== 'string' || placeholdersOf(credential.format).length === 0) {
    issues.push({ path: `${path}.format`, message: 'must be a string naming at least one field, like "Bearer {apiKey}"' });
  } else {
    checkFormat(credential.format, `${path}.format`, fieldNames, issues);
  }
  return credential;
}

const fill = (format, values) => format.replace(/\{([A-Za-z][A-Za-z0-9_]*)\}/g, (_, name) => values[name] ?? '');

/**
 * What to add to a request so that it carries the credential: { headers, query } (plain objects).
 * Throws CredentialValueError, naming the fields, when the values cannot travel in a request.
 */
export function applyCredential(credential, values) {
  const refuse = () => {
    throw new CredentialValueError(credentialFieldNames(credential));
  };
  if (credential.in === 'basic') {
    const username = fill(credential.username, values);
    const password = fill(credential.password, values);
    // RFC 7617: the user-id cannot contain a colon, it would move the split into the password.
    if (username.includes(':') || UNSENDABLE.test(username) || UNSENDABLE.test(password)) refuse();
    return { headers: { authorization: `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}` }, query: {} };
  }
  const value = fill(credential.format, values);
  if ((credential.in === 'header' ? UNSENDABLE_IN_HEADER : UNSENDABLE).test(value)) refuse();
  return credential.in === 'query'
    ? { headers: {}, query: { [credential.name]: value } }
    : { headers: { [credential.name.toLowerCase()]: value }, query: {} };
}
