// Which connection services <authkit-connect> may hand a session token to. The element is driven by
// markup, and markup is what an injection into a page (a comment, a profile field) can write: without
// this list, an injected <authkit-connect service-url="https://elsewhere.example"> would fetch a
// token for the signed-in user from the host's endpoint and send it to any server.
//
// Allowed: the page's own origin (the token goes back where it came from), and the origins the host
// pins, with <meta name="authkit-service-url" content="…"> in the page's head or from a script.
// Script can do anything an element can, so only markup needs fencing in.

export const SERVICE_PIN_META = 'authkit-service-url';

const pinned = new Set();
let headRead = false;

/** The origin requests to `serviceUrl` go to, as the widget's client builds them; null if none. */
export function serviceOriginOf(serviceUrl) {
  try {
    const url = new URL(String(serviceUrl).replace(/\/+$/, ''));
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.origin : null;
  } catch {
    return null;
  }
}

// Only the head as the parser built it counts: a <meta> written into the body stays in the body, and
// a selector from the document root is not fooled by `document.head` being shadowed by an injected
// <form name="head">. Read once, when the first element asks, so later additions change nothing.
function readHeadOnce() {
  if (headRead || typeof document === 'undefined') return;
  headRead = true;
  const metas = Document.prototype.querySelectorAll.call(document, `html > head > meta[name="${SERVICE_PIN_META}"]`);
  for (const meta of metas) {
    const content = Element.prototype.getAttribute.call(meta, 'content') ?? '';
    const origin = serviceOriginOf(content.trim());
    if (origin) pinned.add(origin);
    else console.warn(`AuthKit: <meta name="${SERVICE_PIN_META}" content="${content}"> is not an http(s) URL; it is ignored.`);
  }
}

/** Adds origins a script trusts; a TypeError names the first value that is not an http(s) URL. */
export function pinServiceUrls(serviceUrls, where) {
  if (!Array.isArray(serviceUrls)) throw new TypeError(`${where}: "serviceUrls" must be an array of http(s) URLs.`);
  const origins = serviceUrls.map((serviceUrl) => {
    const origin = serviceOriginOf(serviceUrl);
    if (!origin) throw new TypeError(`${where}: "${serviceUrl}" in "serviceUrls" is not an absolute http(s) URL.`);
    return origin;
  });
  for (const origin of origins) pinned.add(origin);
}

/** Whether an element may send its session token to `serviceUrl`. */
export function isServiceUrlAllowed(serviceUrl) {
  const origin = serviceOriginOf(serviceUrl);
  if (origin === null) return false;
  if (typeof location !== 'undefined' && origin === location.origin) return true;
  readHeadOnce();
  return pinned.has(origin);
}

// The element's other addresses come from markup too. Its token endpoint must be the page's own (the
// page's cookies prove who is signed in; a token fetched from elsewhere would connect the person's
// account to someone else's identity), and the core it runs must come from the page's origin or a
// pinned service. Both are resolved against the page's address, not a <base> an injection may add.
export function pageUrlOf(value) {
  try {
    const url = new URL(String(value), location.href);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : null;
  } catch {
    return null;
  }
}

/** The refusal for a token-url or wasm-url the element must not use, or null when it may. */
export function markupUrlRefusal(attribute, value) {
  const url = pageUrlOf(value);
  if (url && url.origin === location.origin) return null;
  if (url && attribute === 'wasm-url') {
    readHeadOnce();
    if (pinned.has(url.origin)) return null;
  }
  const allowed = attribute === 'token-url' ? 'this page\'s own origin' : 'this page\'s origin or a pinned service';
  return {
    code: attribute === 'token-url' ? 'token_url_not_allowed' : 'wasm_url_not_allowed',
    message: `<authkit-connect> takes its ${attribute} only from ${allowed}, and "${value}" is not: `
      + `serve it from ${location.origin}.`,
    retryable: false,
  };
}

/** What the element reports when it refuses: for the host's developers, with the way to allow it. */
export function serviceNotAllowedError(serviceUrl) {
  const origin = serviceOriginOf(serviceUrl) ?? String(serviceUrl);
  return {
    code: 'service_url_not_allowed',
    message: `<authkit-connect> sends session tokens only to this page's origin or to pinned services, `
      + `and ${origin} is not pinned. If it is your connection service, add `
      + `<meta name="${SERVICE_PIN_META}" content="${origin}"> to the page's <head> `
      + `(or pass it in serviceUrls to defineAuthKitElement).`,
    retryable: false,
  };
}
