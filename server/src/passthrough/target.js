// Where a passthrough request goes: the integration's api.baseUrl plus the path after
// /v1/passthrough, never anywhere else. The path is checked segment by segment before it is
// joined, and the joined URL is checked again, so neither a trick the checks miss nor one the URL
// parser performs (it resolves "%2e%2e" like "..") can leave the base.
import { ServiceError } from '../errors.js';

export const PASSTHROUGH_PREFIX = '/v1/passthrough';
const MAX_DECODE_ROUNDS = 3;
const SCHEME_LIKE = /^[A-Za-z][A-Za-z0-9+.-]*:/;
const CONTROL = /[\u0000-\u001f\u007f]/;

const invalidPath = (reason) => new ServiceError('passthrough_path_invalid',
  `The passthrough path is not allowed: ${reason}.`, { status: 400 });

// Decodes until stable, so double encodings such as %252e%252e are seen for what they become.
function fullyDecoded(segment) {
  let value = segment;
  for (let round = 0; round < MAX_DECODE_ROUNDS; round += 1) {
    let next;
    try {
      next = decodeURIComponent(value);
    } catch {
      throw invalidPath('it contains a malformed percent-encoding');
    }
    if (next === value) return value;
    value = next;
  }
  return value;
}

function checkPath(path) {
  if (path.includes('\\')) throw invalidPath('it contains a backslash');
  const segments = path.split('/').slice(1);
  segments.forEach((segment, index) => {
    const isLast = index === segments.length - 1;
    if (segment === '' && !isLast) throw invalidPath('it contains an empty segment (//)');
    const decoded = fullyDecoded(segment);
    if (CONTROL.test(decoded)) throw invalidPath('it contains a control character');
    if (decoded.split(/[/\\]/).some((part) => part === '.' || part === '..')) {
      throw invalidPath('it contains a dot segment (. or .., also encoded)');
    }
    if (index === 0 && (decoded.startsWith('@') || SCHEME_LIKE.test(decoded))) {
      throw invalidPath('it starts like a URL or a host, not a path');
    }
  });
}

/** Whether `url` lies under `base` (same origin, path inside the base path). */
export function isInsideBase(url, base) {
  const basePath = base.pathname.replace(/\/+$/, '');
  return url.origin === base.origin && url.username === '' && url.password === ''
    && (url.pathname === basePath || url.pathname.startsWith(`${basePath}/`));
}

/**
 * `rawUrl` is the request's URL exactly as received (path and query, still percent-encoded).
 * Returns the upstream URL, or throws ServiceError `passthrough_path_invalid` (400).
 */
export function passthroughTarget(baseUrl, rawUrl) {
  const queryStart = rawUrl.indexOf('?');
  const rawPath = queryStart === -1 ? rawUrl : rawUrl.slice(0, queryStart);
  const query = queryStart === -1 ? '' : rawUrl.slice(queryStart);
  if (!rawPath.startsWith(`${PASSTHROUGH_PREFIX}/`)) throw invalidPath('it must start with /v1/passthrough/');
  const path = rawPath.slice(PASSTHROUGH_PREFIX.length);
  checkPath(path);

  const base = new URL(baseUrl);
  const target = new URL(`${base.origin}${base.pathname.replace(/\/+$/, '')}${path}${query}`);
  if (!isInsideBase(target, base)) throw invalidPath('it leads outside the integration\'s API');
  return target;
}
