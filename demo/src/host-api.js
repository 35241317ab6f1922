// The demo's backend routes, written as a customer's backend would be: it mints session tokens for
// its signed-in user, lists that user's connections and calls their APIs through AuthKit's
// passthrough. The secret key is used here only; no answer to the browser carries it.
import { createClient } from '@authkit/server/client';
import { createToken } from '@authkit/server/token';

/** The demo's end user. A real backend would take this from its own login session. */
export const DEMO_IDENTITY = { identity: 'demo-user-1', identityType: 'user' };

// What "Call the API" asks of each sandbox integration: a path under the integration's API base URL.
const API_CALLS = { 'acme-crm': '/me', 'beacon-mail': '/me' };

// The provider's answer is shown on the page; a provider that sends a lot is cut there.
const MAX_ANSWER_CHARS = 10_000;

const ownedByDemoUser = (connection) =>
  connection.identity === DEMO_IDENTITY.identity && connection.identityType === DEMO_IDENTITY.identityType;

const notFound = { status: 404, body: { error: { code: 'not_found', message: 'No such connection.' } } };

function parseAnswer(text) {
  try {
    return JSON.parse(text);
  } catch {
    return text.slice(0, MAX_ANSWER_CHARS);
  }
}

/**
 * Routes as { method, path (a string, or a RegExp whose groups are the handler's arguments),
 * handle(...groups) → { status, body } }. `hostOrigin()` is the page origin tokens are bound to.
 */
export function demoApiRoutes({ serviceUrl, secretKey, sandboxApiKey, hostOrigin }) {
  const authkit = createClient({ baseUrl: serviceUrl, secretKey });

  async function callApi(encodedKey) {
    let connection;
    try {
      connection = await authkit.getConnection(decodeURIComponent(encodedKey));
    } catch (error) {
      if (error instanceof URIError || error.status === 404) return notFound;
      throw error;
    }
    // The secret key reaches every connection of the project: the backend decides whose it serves.
    if (!ownedByDemoUser(connection)) return notFound;
    const path = API_CALLS[connection.integration];
    if (!path) return { status: 409, body: { error: { code: 'no_api_call', message: 'The demo has no call for this integration.' } } };

    const response = await authkit.passthrough({ connectionKey: connection.key, path, headers: { accept: 'application/json' } });
    const answer = parseAnswer(await response.text());
    const call = { integration: connection.integration, method: 'GET', path, status: response.status };
    // The service's own refusals (revoked, needs re-auth, provider unreachable…) are {"error":{"code"}};
    // anything else is the provider's answer, passed on as it came.
    const refusal = typeof answer?.error?.code === 'string' ? answer.error : null;
    return { status: 200, body: refusal ? { ...call, error: refusal } : { ...call, answer } };
  }

  return [
    {
      // The token endpoint. The demo has one fixed user; a real backend takes the identity from its
      // own login session (the signed-in user), never from the request's body, query or headers,
      // or anyone could mint a token for anyone else's connections.
      method: 'POST',
      path: '/api/authkit',
      handle: async () => ({
        status: 200,
        body: await createToken({ secretKey, ...DEMO_IDENTITY, origin: hostOrigin(), ttlSeconds: 300 }),
      }),
    },
    { method: 'GET', path: '/api/demo', handle: async () => ({ status: 200, body: { ...DEMO_IDENTITY, serviceUrl, sandboxApiKey } }) },
    {
      method: 'GET',
      path: '/api/connections',
      handle: async () => {
        const connections = await authkit.listConnections(DEMO_IDENTITY);
        return { status: 200, body: { connections: connections.map((c) => ({ ...c, apiCall: API_CALLS[c.integration] ?? null })) } };
      },
    },
    { method: 'POST', path: /^\/api\/connections\/([^/]+)\/call$/, handle: callApi },
  ];
}

/** The route for a request, and the path's captured groups. */
export function findRoute(routes, method, path) {
  for (const route of routes) {
    if (route.method !== method) continue;
    if (typeof route.path === 'string') {
      if (route.path === path) return { route, groups: [] };
    } else {
      const match = route.path.exec(path);
      if (match) return { route, groups: match.slice(1) };
    }
  }
  return null;
}
