// How the service meets its clients: which proxies in front of it may name the client's address
// (`trustProxy`), and how long it waits for a request to arrive (`timeouts`).
import { isIP } from 'node:net';
import { settingsObject, wholeNumber } from '../settings-checks.js';

// The names proxy-addr (fastify's trustProxy) gives to well-known ranges.
const NAMED_RANGES = ['loopback', 'linklocal', 'uniquelocal'];
const MAX_HOPS = 20;

const TRUST_PROXY_MESSAGE = 'must be false, true, a number of proxy hops (1 to 20), or a list of proxy addresses or '
  + `CIDR ranges like ["10.0.0.0/8", "192.168.1.10"] (also ${NAMED_RANGES.join(', ')}; a string may separate them with commas)`;

function isAddressOrRange(text) {
  if (NAMED_RANGES.includes(text)) return true;
  const [address, prefix, ...rest] = text.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128);
}

/**
 * false (default: the address connections come from is the client's), true (trust every
 * X-Forwarded-For hop: only when nothing can reach the service but the proxy), a hop count, or the
 * proxies' addresses. Returns what fastify's trustProxy option takes.
 */
export function checkTrustProxy(value, issues) {
  if (value === undefined || value === false || value === true) return value ?? false;
  const hops = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof hops === 'number') {
    if (Number.isInteger(hops) && hops >= 1 && hops <= MAX_HOPS) return hops;
    issues.push({ path: 'trustProxy', message: TRUST_PROXY_MESSAGE });
    return false;
  }
  const list = typeof value === 'string' ? value.split(',') : value;
  const addresses = Array.isArray(list) && list.every((item) => typeof item === 'string')
    ? list.map((item) => item.trim())
    : [];
  if (addresses.length === 0 || !addresses.every(isAddressOrRange)) {
    issues.push({ path: 'trustProxy', message: TRUST_PROXY_MESSAGE });
    return false;
  }
  return addresses;
}

const TIMEOUT_KEYS = ['headersSeconds', 'requestSeconds', 'idleSeconds', 'keepAliveSeconds'];

/**
 * headers: the request line and headers must arrive within it (a connection that sends nothing is
 * closed then too); request: the whole request, body included; idle: a connection on which nothing
 * moves either way (a client that stops reading an answer); keepAlive: how long a kept-alive
 * connection waits for its next request. Longer than the idle timeouts of common load balancers
 * (60 s), so a proxy never reuses a connection the service is closing.
 */
export function checkTimeoutSettings(value, issues) {
  const raw = settingsObject(value, TIMEOUT_KEYS, 'timeouts', issues);
  const seconds = (key, max, fallback) => wholeNumber(raw[key], { path: `timeouts.${key}`, min: 1, max, fallback }, issues);
  const settings = {
    headersMs: seconds('headersSeconds', 600, 10) * 1000,
    requestMs: seconds('requestSeconds', 3600, 30) * 1000,
    idleMs: seconds('idleSeconds', 3600, 60) * 1000,
    keepAliveMs: seconds('keepAliveSeconds', 3600, 72) * 1000,
  };
  if (settings.requestMs < settings.headersMs) {
    issues.push({ path: 'timeouts.requestSeconds', message: 'must not be less than headersSeconds' });
  }
  return settings;
}
