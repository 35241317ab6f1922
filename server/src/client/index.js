// A small Node client for a host's backend: the management API and the passthrough proxy, with
// the project's secret key. Uses the global fetch; no other dependency.
import { passthroughUrl } from './passthrough-url.js';
import { verifyWebhook } from '../webhooks/signature.js';

export { verifyWebhook };

/** An error answer of the service: `code`, `status`, `message` and, for field errors, `fields`. */
export class AuthKitError extends Error {
  constructor({ code, message, fields }, status) {
    super(message);
    this.name = 'AuthKitError';
    this.code = code;
    this.status = status;
    if (fields) this.fields = fields;
  }
}

function isPlainObject(value) {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

// What fetch accepts as a body as it is; anything else that is a plain object or array goes as JSON.
function encodeBody(body, headers) {
  if (body === undefined || body === null) return undefined;
  if (isPlainObject(body) || Array.isArray(body)) {
    if (!Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
    return JSON.stringify(body);
  }
  return body;
}

/**
 * baseUrl: the service's URL (e.g. https://connect.example.com); secretKey: the project's sk_….
 * timeoutMs bounds management calls (default 30 s); passthrough calls take a `signal` instead.
 */
export function createClient({ baseUrl, secretKey, timeoutMs = 30_000 }) {
  if (typeof baseUrl !== 'string' || !/^https?:\/\//.test(baseUrl)) throw new TypeError('baseUrl must be an http(s) URL.');
  if (typeof secretKey !== 'string' || !secretKey.startsWith('sk_')) {
    throw new TypeError('secretKey must be a project secret key (sk_…).');
  }
  const root = baseUrl.replace(/\/+$/, '');

  async function call(method, path) {
    const response = await fetch(`${root}${path}`, {
      method,
      headers: { authorization: `Bearer ${secretKey}`, accept: 'application/json' },
      redirect: 'error',
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    let body;
    try {
      body = text ? JSON.parse(text) : {};
    } catch {
      throw new AuthKitError({ code: 'invalid_response', message: `The service answered HTTP ${response.status} without JSON.` },
        response.status);
    }
    if (!response.ok) {
      throw new AuthKitError(body.error ?? { code: 'http_error', message: `HTTP ${response.status}` }, response.status);
    }
    return body;
  }

  const connectionPath = (key) => `/v1/connections/${encodeURIComponent(key)}`;

  return {
    /** filter: { identity?, identityType?, integration?, status? } → connections, oldest first. */
    async listConnections(filter = {}) {
      const query = new URLSearchParams(Object.entries(filter).filter(([, value]) => value !== undefined));
      const suffix = query.size > 0 ? `?${query}` : '';
      return (await call('GET', `/v1/connections${suffix}`)).connections;
    },

    async getConnection(key) {
      return (await call('GET', connectionPath(key))).connection;
    },

    /** Deletes (revokes) the connection; resolves to it with status "revoked". */
    async deleteConnection(key) {
      return (await call('DELETE', connectionPath(key))).connection;
    },

    /** Refreshes the connection's OAuth token now. */
    async refreshConnection(key) {
      return (await call('POST', `${connectionPath(key)}/refresh`)).connection;
    },

    /**
     * Calls the provider's API through the service. path: the part after the integration's base URL,
     * with its query ("/users/me?fields=id"). body: a string, Buffer, stream, or a plain object (sent
     * as JSON). Resolves to the fetch Response as the provider sent it (status, headers, body stream);
     * the service's own refusals come back as responses too, with a JSON body {"error":{"code",…}}.
     * Redirects are returned, not followed, so neither the secret key nor any credential goes elsewhere.
     * A path with a dot segment (also percent-encoded) rejects with AuthKitError passthrough_path_invalid.
     */
    async passthrough({ connectionKey, method = 'GET', path, headers = {}, body, signal }) {
      if (typeof path !== 'string' || !path.startsWith('/')) throw new TypeError('path must start with "/".');
      const target = passthroughUrl(root, path);
      if (target.problem) {
        // Refused before anything is sent, with the code and status the service gives the same path.
        throw new AuthKitError({
          code: 'passthrough_path_invalid',
          message: `The passthrough path is not allowed: ${target.problem}. Build it from fixed parts, `
            + 'with encodeURIComponent() around each part that comes from user input.',
        }, 400);
      }
      const requestHeaders = { ...headers };
      const encoded = encodeBody(body, requestHeaders);
      requestHeaders.authorization = `Bearer ${secretKey}`;
      requestHeaders['x-authkit-connection-key'] = connectionKey;
      const isStream = typeof encoded?.pipe === 'function' || encoded instanceof ReadableStream;
      return fetch(target.url, {
        method,
        headers: requestHeaders,
        body: encoded,
        redirect: 'manual',
        signal,
        ...(isStream ? { duplex: 'half' } : {}),
      });
    },
  };
}
