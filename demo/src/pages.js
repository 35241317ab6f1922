// The demo's HTML pages: one layout, and what each page puts in it. Every string here is the demo's
// own (nothing from a request reaches a page), and each page loads its scripts from files, so the
// pages run under a script-src and style-src of 'self' alone.

const moduleScript = (src) => `<script type="module" src="${src}"></script>`;
const classicScript = (src) => `<script src="${src}"></script>`;

const CALLBACK_LOG = `
    <section>
      <h2>Widget callbacks</h2>
      <ol id="log" aria-live="polite"></ol>
    </section>`;

const CONNECT_BUTTON = '<button id="connect" type="button" disabled>Connect an integration</button>';

// The four ways of embedding the modal: the same page around a different connect control.
const HOST_PAGES = [
  {
    path: '/',
    label: 'ES module',
    scripts: [moduleScript('/app.js')],
    intro: 'This page imports AuthKit as an ES module.',
    connect: CONNECT_BUTTON,
  },
  {
    path: '/script-tag.html',
    label: 'Script tag',
    scripts: [classicScript('/authkit/authkit.js'), moduleScript('/script-tag.js')],
    intro: 'This page loads AuthKit with a plain <code>&lt;script src="…/authkit.js"&gt;</code>, which defines '
      + '<code>window.AuthKit</code> and finds its <code>.wasm</code> next to itself.',
    connect: CONNECT_BUTTON,
  },
  {
    path: '/react.html',
    label: 'React',
    scripts: [moduleScript('/react/app.js')],
    intro: 'This page is a React app, under <code>StrictMode</code>, using <code>@authkit/web/react</code>.',
    connect: '<div id="root"></div>',
  },
  {
    path: '/element.html',
    label: 'Custom element',
    scripts: [moduleScript('/element-page.js')],
    intro: 'This page uses the <code>&lt;authkit-connect&gt;</code> element: its button opens the modal, and the '
      + 'outcome arrives as DOM events.',
    connect: `<authkit-connect token-url="/api/authkit" theme="system">${CONNECT_BUTTON}</authkit-connect>`,
  },
];

const hostPageMain = ({ intro, connect }) => `
    <section>
      <h2>Integrations</h2>
      <p>${intro}</p>
      <p>Connect an account: the sandbox providers run on this machine, so everything works offline.</p>
      ${connect}
      <details open>
        <summary>Sandbox credentials</summary>
        <ul>
          <li><strong>Acme CRM (sandbox)</strong> signs in through a pop-up window: choose <em>Approve</em> (or <em>Deny</em> to see the error screen).</li>
          <li><strong>Beacon Mail (sandbox)</strong> takes an API key. The key it accepts is <code id="sandbox-key">…</code>; any other key is refused.</li>
        </ul>
      </details>
    </section>
    <section aria-labelledby="connections-heading">
      <h2 id="connections-heading">Your connections</h2>
      <p>Read by this site's backend from the connection service. <strong>Call the API</strong> asks the
        backend to call the provider through AuthKit's passthrough proxy with its secret key, which never
        reaches this page.</p>
      <p id="connections-empty">No connections yet.</p>
      <div class="table-scroll">
        <table id="connections" hidden>
          <thead><tr><th scope="col">Integration</th><th scope="col">Status</th><th scope="col">Connection key</th><th scope="col">Connected</th><th scope="col"><span class="visually-hidden">API</span></th></tr></thead>
          <tbody></tbody>
        </table>
      </div>
      <div id="api-answer" aria-live="polite" hidden>
        <p id="api-answer-summary"></p>
        <pre id="api-answer-body"></pre>
      </div>
    </section>${CALLBACK_LOG}`;

const option = (value, label, selected = false) => `<option value="${value}"${selected ? ' selected' : ''}>${label}</option>`;

const PLAYGROUND_MAIN = `
    <section aria-labelledby="playground-heading">
      <h2 id="playground-heading">Branding playground</h2>
      <p>Every change re-creates the modal below with your theme, so you see at once what your users
        would. Values the modal cannot use fall back to its defaults and are listed under the preview.</p>
      <div class="playground">
        <form id="branding" class="branding-controls">
          <label>Primary colour
            <span class="colour-pair">
              <input name="primaryColor" value="#1d4ed8" spellcheck="false" autocomplete="off">
              <input name="primaryColorPicker" type="color" value="#1d4ed8" aria-label="Pick the primary colour">
            </span>
          </label>
          <label>Mode
            <select name="mode">${option('light', 'Light', true)}${option('dark', 'Dark')}${option('system', 'System')}</select>
          </label>
          <label>Corner radius (px)
            <input name="radius" type="number" value="12" step="1">
          </label>
          <label>Logo URL
            <input name="logoUrl" value="/logo.svg" spellcheck="false" autocomplete="off">
          </label>
          <label>Company name
            <input name="companyName" value="Demo Co" autocomplete="off">
          </label>
          <label>Title
            <input name="title" placeholder="Connect an account" autocomplete="off">
          </label>
          <label>Language
            <select name="locale">${option('', 'The browser\'s', true)}${['en', 'es', 'fr', 'de', 'ja', 'ar']
              .map((tag) => option(tag, tag)).join('')}</select>
          </label>
          <label>Opens on
            <select name="selectedIntegration">${option('', 'The list', true)}${option('beacon-mail', 'Beacon Mail\'s form')}</select>
          </label>
          <button id="reopen" type="button">Reopen the preview</button>
        </form>
        <div id="preview" class="preview" aria-label="Preview of the modal" role="region"></div>
      </div>
    </section>
    <section aria-labelledby="outcome-heading">
      <h2 id="outcome-heading">What the modal made of it</h2>
      <p>Primary colour in use: <code id="primary-in-use">…</code> <span id="contrast-note"></span></p>
      <p>Options it could not use:</p>
      <ul id="config-problems"><li>None yet.</li></ul>
    </section>${CALLBACK_LOG}`;

const PLAYGROUND = {
  path: '/playground.html',
  label: 'Branding playground',
  scripts: [moduleScript('/playground.js')],
  main: PLAYGROUND_MAIN,
};

const PAGES = [...HOST_PAGES.map((page) => ({ ...page, main: hostPageMain(page) })), PLAYGROUND];

function navigation(current) {
  const links = PAGES.map(({ path, label }) =>
    `<li><a href="${path}"${path === current ? ' aria-current="page"' : ''}>${label}</a></li>`);
  return `<nav aria-label="Demo pages"><ul>${links.join('')}</ul></nav>`;
}

function layout({ path, label, scripts, main }) {
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>AuthKit demo — ${label}</title>
  <link rel="stylesheet" href="/app.css">
  ${scripts.join('\n  ')}
</head>
<body>
  <header>
    <h1>Demo Co</h1>
    <p>Signed in as <strong id="identity">…</strong> (<span id="identity-type">…</span>)</p>
    ${navigation(path)}
  </header>
  <main>${main}
  </main>
</body>
</html>
`;
}

/** Each page's path and its whole HTML. */
export const PAGE_HTML = Object.fromEntries(PAGES.map((page) => [page.path, layout(page)]));
