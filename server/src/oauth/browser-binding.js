// The cookie that ties an OAuth flow to the browser that launched it. One cookie per flow, with a
// value the service generates when the launch succeeds: a value a client sends is never adopted, and
// two flows started side by side in one browser never overwrite each other's binding.
import { randomBytes } from 'node:crypto';

const MAX_AGE_SECONDS = 15 * 60;

// __Host- makes the browser refuse the cookie unless it is Secure, has Path=/ and no Domain, so a
// sibling subdomain or a plain-http response cannot plant or overwrite it. Plain http is only allowed
// for a service on a loopback address (development), where the prefix cannot be used.
export function bindingCookieName(flowId, secure) {
  return `${secure ? '__Host-' : ''}authkit-flow-${flowId}`;
}

export function newBindingValue() {
  return randomBytes(32).toString('base64url');
}

export function bindingCookieOptions(secure) {
  return { path: '/', httpOnly: true, sameSite: 'lax', secure, maxAge: MAX_AGE_SECONDS };
}
