// The custom-element host page: importing the element module registers <authkit-connect>; the page
// only fills in the service URL (known at run time here) and listens to the element's DOM events.
import { ELEMENT_NAME, defineAuthKitElement } from '/authkit/element.mjs';
import { showConnections } from './connections.js';
import { loadDemo, log } from './demo-page.js';

const demo = await loadDemo();
const connect = document.querySelector('authkit-connect');
// The service is on another origin than this page: the element sends it tokens only once it is pinned
// (a page that knows the address when it is served pins it with <meta name="authkit-service-url">).
defineAuthKitElement(ELEMENT_NAME, { serviceUrls: [demo.serviceUrl] });
connect.setAttribute('service-url', demo.serviceUrl);

connect.addEventListener('authkit-success', (event) => {
  log('authkit-success', { key: event.detail.key, integration: event.detail.integration });
  showConnections();
});
connect.addEventListener('authkit-error', (event) => log('authkit-error', event.detail));
connect.addEventListener('authkit-close', (event) => log('authkit-close', event.detail));
connect.addEventListener('authkit-event', (event) => {
  document.body.dispatchEvent(new CustomEvent('authkit-event', { detail: event.detail }));
});
connect.ready.then(() => {
  document.querySelector('#connect').disabled = false;
});
await showConnections();
