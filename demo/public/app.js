// The ES-module host page: what a customer writes to embed AuthKit from a module.
import { AuthKit } from '/authkit/authkit.mjs';
import { loadDemo, loggingCallbacks, showConnections } from '/demo-page.js';

const demo = await loadDemo();

const kit = AuthKit.create({
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
