// Which headers cross the proxy. Toward the provider: the caller's own headers minus hop-by-hop
// ones, its credentials for AuthKit (authorization, the secret key, cookies) and forwarding hints;
// back to the caller: the provider's minus hop-by-hop ones and cookies.
const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'proxy-authenticate', 'proxy-authorization', 'te',
  'trailer', 'trailers', 'transfer-encoding', 'upgrade', 'expect'];
const NOT_TO_PROVIDER = new Set([...HOP_BY_HOP, 'host', 'authorization', 'cookie', 'x-authkit-secret',
  'x-authkit-connection-key', 'forwarded', 'x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto', 'x-real-ip']);
const NOT_TO_CALLER = new Set([...HOP_BY_HOP, 'set-cookie', 'set-cookie2']);

// A Connection header names more headers that are meant for this hop only.
function namedByConnection(headers) {
  const value = headers.connection;
  if (typeof value !== 'string') return new Set();
  return new Set(value.split(',').map((name) => name.trim().toLowerCase()).filter(Boolean));
}

/** Node's incoming headers (lowercase names) → the headers to send to the provider. */
export function headersToProvider(incoming) {
  const extra = namedByConnection(incoming);
  return Object.fromEntries(Object.entries(incoming)
    .filter(([name]) => !NOT_TO_PROVIDER.has(name) && !extra.has(name) && !name.startsWith('x-authkit-')));
}

/**
 * The provider's response headers → the ones to send back. A header that carries one of `secrets`
 * (a provider echoing the credential, e.g. in a redirect's Location) is left out.
 */
export function headersToCaller(incoming, secrets) {
  const extra = namedByConnection(incoming);
  const carriesSecret = (value) => {
    const text = Array.isArray(value) ? value.join('\n') : String(value);
    return secrets.some((secret) => text.includes(secret) || text.includes(encodeURIComponent(secret)));
  };
  return Object.fromEntries(Object.entries(incoming)
    .filter(([name, value]) => !NOT_TO_CALLER.has(name) && !extra.has(name) && !carriesSecret(value)));
}
