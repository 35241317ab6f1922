// The URL of a passthrough call, built so the path can never climb out of /v1/passthrough/. fetch
// resolves "..", "%2e%2e" and "..\" before the request leaves, so a path carrying user input could
// otherwise reach the management API (list or delete anyone's connections) with the secret key.

const PASSTHROUGH_PREFIX = '/v1/passthrough';
// Percent-encodings that can spell a dot or a separator, also under another layer (%252e).
const ENCODED_DOT_OR_SEPARATOR = /%(25|2e|2f|5c)/gi;
const DECODED = { '25': '%', '2e': '.', '2f': '/', '5c': '\\' };

// Decodes only what can form a dot segment, layer by layer until nothing changes: every round
// makes the text shorter, so this ends.
function withDotsAndSeparatorsDecoded(text) {
  let value = text;
  for (;;) {
    const next = value.replace(ENCODED_DOT_OR_SEPARATOR, (_, hex) => DECODED[hex.toLowerCase()]);
    if (next === value) return value;
    value = next;
  }
}

function hasDotSegment(path) {
  return withDotsAndSeparatorsDecoded(path).split(/[/\\]/).some((segment) => segment === '.' || segment === '..');
}

/**
 * root: the service's URL without a trailing slash; path: "/…" with its query. Returns
 * { url } (a URL under root's /v1/passthrough/), or { problem } saying why the path is refused.
 */
export function passthroughUrl(root, path) {
  const pathOnly = path.split(/[?#]/, 1)[0];
  if (hasDotSegment(pathOnly)) return { problem: 'it contains a dot segment (. or .., also percent-encoded)' };
  const base = new URL(`${root}${PASSTHROUGH_PREFIX}/`);
  const url = new URL(`${root}${PASSTHROUGH_PREFIX}${path}`);
  // A second line of defence: whatever the URL parser made of the path, it must still be under the prefix.
  if (url.origin !== base.origin || !url.pathname.startsWith(base.pathname)) {
    return { problem: `it leads outside ${PASSTHROUGH_PREFIX}/` };
  }
  return { url };
}
