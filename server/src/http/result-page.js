// The service's two HTML pages in the OAuth popup: the one that leaves for the provider after cutting
// the popup's link to the host page, and the one the popup ends on. Each has a strict CSP with a
// per-response nonce for its one inline script and style.
import { randomBytes } from 'node:crypto';

const HTML_ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text) => String(text).replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]);

// JSON placed inside a <script> element: nothing in it may close the element or start markup.
const jsonForScript = (value) => JSON.stringify(value)
  .replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026')
  .replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');

const STYLE = 'body{margin:0;min-height:100vh;display:grid;place-items:center;font:16px/1.5 system-ui,sans-serif;'
  + 'color:#1f2933;background:#f7f8fa}main{max-width:28rem;padding:2rem;text-align:center}'
  + 'h1{font-size:1.25rem}.code{color:#52606d;font-size:.875rem}';

// Pages the provider shows (or any script on them) must not reach the host page through
// window.opener: once it is null, it stays null for every later page in this window.
const CONTINUE_SCRIPT = '(function(){var r=JSON.parse(document.getElementById("authkit-data").textContent);'
  + 'window.opener=null;location.replace(r.url)})();';

const CLOSE_SCRIPT = '(function(){var r=JSON.parse(document.getElementById("authkit-data").textContent);'
  + 'if(r&&r.close)window.close()})();';

function sendPage(reply, { status, title, body, data, script }) {
  const nonce = randomBytes(16).toString('base64');
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style nonce="${nonce}">${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
<script type="application/json" id="authkit-data">${jsonForScript(data)}</script>
<script nonce="${nonce}">${script}</script>
</body>
</html>
`;
  return reply
    .code(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('content-security-policy', `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; `
      + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
    .header('x-frame-options', 'DENY')
    .header('referrer-policy', 'no-referrer')
    .header('cache-control', 'no-store')
    .header('x-content-type-options', 'nosniff')
    .send(html);
}

/** page: { status, title, message, code?, closeWindow? } */
export function sendResultPage(reply, page) {
  return sendPage(reply, {
    status: page.status,
    title: page.title,
    body: `<h1>${escapeHtml(page.title)}</h1>
<p>${escapeHtml(page.message)}</p>
${page.code ? `<p class="code">Error code: <code>${escapeHtml(page.code)}</code></p>` : ''}`,
    data: { close: page.closeWindow === true },
    script: CLOSE_SCRIPT,
  });
}

/** Sends the popup on to the provider's sign-in page `url`, without its opener. */
export function sendContinuePage(reply, { url, integrationName }) {
  const title = `Continuing to ${integrationName}`;
  return sendPage(reply, {
    status: 200,
    title,
    body: `<h1>${escapeHtml(title)}…</h1>`,
    data: { url },
    script: CONTINUE_SCRIPT,
  });
}
