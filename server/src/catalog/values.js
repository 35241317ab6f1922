// Small checks on plain values that several parts of a definition need.

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
// A DNS label: what a subdomain field holds and the only thing a placeholder may put in a host name.
const DNS_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
// Whitespace is JavaScript's \s (what String.prototype.trim removes) everywhere in the field rules:
// the emptiness test, the email and URL formats and the \s of patterns. The machine uses the same set.
const WHITESPACE = /\s/;
const ONLY_WHITESPACE = /^\s*$/;

export function isPlainObject(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export const isNonEmptyString = (value) => typeof value === 'string' && value.length > 0;

export const isDnsLabel = (value) => typeof value === 'string' && DNS_LABEL.test(value);

export const hasWhitespace = (value) => WHITESPACE.test(value);

export const isBlank = (value) => ONLY_WHITESPACE.test(value);

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

export function isHttpsUrl(value) {
  try {
    return new URL(value).protocol === 'https:';
  } catch {
    return false;
  }
}

export function isHttpUrl(value) {
  try {
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

/** Reports every key of `object` that is not in `known`, so a misspelt setting is not ignored silently. */
export function checkKnownKeys(object, known, path, issues, what = 'setting') {
  for (const key of Object.keys(object)) {
    if (!known.includes(key)) {
      issues.push({ path: `${path}.${key}`, message: `is not a known ${what} (one of ${known.join(', ')})` });
    }
  }
}

/**
 * A part of a definition that may be left out: undefined then. Otherwise it must be an object (the
 * issue shows `shape` as an example) and its keys are checked against `known`. Returns the object,
 * or undefined when there is none to read.
 */
export function optionalSection(raw, { path, known, shape }, issues) {
  if (raw === undefined) return undefined;
  if (!isPlainObject(raw)) {
    issues.push({ path, message: `must be an object like ${shape}` });
    return undefined;
  }
  checkKnownKeys(raw, known, path, issues);
  return raw;
}
