// Talks to the host's token endpoint and to the connection service.

/** A failed request, with the service's error code when it gave one. */
export class RequestError extends Error {
  constructor({ status = 0, code = 'network_error', message = 'The request did not complete.', fields, retryAfter } = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.fields = fields;
    this.retryAfter = retryAfter;
  }
}

// Retry-After is seconds or an HTTP date; the machine wants whole seconds.
function retryAfterSeconds(header) {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

async function requestJson(url, init) {
  let response;
  try {
    response = await fetch(url, init);
  } catch {
    throw new RequestError();
  }
  let body = null;
  try {
    body = await response.json();
  } catch {
    // A body that is not JSON is reported by status alone.
  }
  if (!response.ok) {
    const error = body && typeof body === 'object' ? body.error ?? {} : {};
    throw new RequestError({
      status: response.status,
      code: typeof error.code === 'string' ? error.code : `http_${response.status}`,
      message: typeof error.message === 'string' ? error.message : `The server answered ${response.status}.`,
      fields: error.fields && typeof error.fields === 'object' ? error.fields : undefined,
      retryAfter: retryAfterSeconds(response.headers.get('retry-after')),
    });
  }
  return body;
}

/** Milliseconds since 1970 from an ISO date or a number (seconds or milliseconds); 0 when unknown. */
export function toEpochMs(value) {
  if (typeof value === 'number' && Number.isFinite(value)) return value < 1e12 ? value * 1000 : value;
  if (typeof value === 'string') {
    const parsed = Date.parse(value);
    return Number.isNaN(parsed) ? 0 : parsed;
  }
  return 0;
}

/**
 * Gets a session token from the host's own backend. `source` is `{ url, headers }`
 * or a function returning `{ token, expiresAt }` (or a promise of it).
 */
export async function fetchToken(source) {
  if (typeof source === 'function') return source();
  const body = await requestJson(source.url, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { accept: 'application/json', ...(source.headers ?? {}) },
  });
  if (!body || typeof body.token !== 'string') {
    throw new RequestError({ status: 200, code: 'token_invalid', message: 'The token endpoint sent no token.' });
  }
  return body;
}

/** The connection service's routes that a session token may call. */
export function serviceClient(serviceUrl) {
  const base = serviceUrl.replace(/\/+$/, '');
  const call = (path, token, init = {}) =>
    requestJson(`${base}${path}`, {
      ...init,
      credentials: 'omit',
      headers: {
        accept: 'application/json',
        authorization: `Bearer ${token}`,
        ...(init.body ? { 'content-type': 'application/json' } : {}),
      },
    });
  // Only what the machine put in the effect goes on the wire; absent keys stay absent.
  const body = (fields) => JSON.stringify(Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)));
  return {
    origin: new URL(base).origin,
    session: (token) => call('/v1/session', token),
    createFlow: (token, { integration, fields, connectionKey }) =>
      call('/v1/oauth/flows', token, { method: 'POST', body: body({ integration, fields, connectionKey }) }),
    flowStatus: (token, flowId) => call(`/v1/oauth/flows/${encodeURIComponent(flowId)}`, token),
    // keepalive: it is also sent while the page unloads.
    cancelFlow: (token, flowId) =>
      call(`/v1/oauth/flows/${encodeURIComponent(flowId)}/cancel`, token, { method: 'POST', keepalive: true }),
    createConnection: (token, { integration, fields, connectionKey }) =>
      call('/v1/connections', token, { method: 'POST', body: body({ integration, fields, connectionKey }) }),
  };
}
