// The page the OAuth popup ends on. It tells the opener the outcome (ids and status only, posted to
// the flow's exact host origin) and shows a sentence for people whose popup stays open.
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

const SCRIPT = '(function(){var r=JSON.parse(document.getElementById("authkit-result").textContent);'
  + 'if(!r||!window.opener)return;try{window.opener.postMessage(r.message,r.targetOrigin)}catch(e){}'
  + 'window.close()})();';

/** page: { status, title, message, code?, notify?: { targetOrigin, message } } */
export function sendResultPage(reply, page) {
  const nonce = randomBytes(16).toString('base64');
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(page.title)}</title>
<style nonce="${nonce}">${STYLE}</style>
</head>
<body>
<main>
<h1>${escapeHtml(page.title)}</h1>
<p>${escapeHtml(page.message)}</p>
${page.code ? `<p class="code">Error code: <code>${escapeHtml(page.code)}</code></p>` : ''}
</main>
<script type="application/json" id="authkit-result">${jsonForScript(page.notify ?? null)}</script>
<script nonce="${nonce}">${SCRIPT}</script>
</body>
</html>
`;
  return reply
    .code(page.status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('content-security-policy', `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; `
      + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
    .header('referrer-policy', 'no-referrer')
    .header('cache-control', 'no-store')
    .header('x-content-type-options', 'nosniff')
    .send(html);
}
