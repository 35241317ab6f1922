// The script-tag host page: /authkit/authkit.js (loaded by a plain <script> before this one)
// defined the global AuthKit; no import of it here, as on a page without a bundler or modules.
import { loadDemo, loggingCallbacks, showConnections } from '/demo-page.js';

const demo = await loadDemo();

const kit = window.AuthKit.create({
  token: { url: '/api/authkit' },
  serviceUrl: demo.serviceUrl,
  ...loggingCallbacks,
});

const button = document.querySelector('#connect');
button.addEventListener('click', () => kit.open());
kit.ready.then(() => {
  button.disabled = false;
});
await showConnections();
