// What every demo page shares: who is signed in, the sandbox key, the log of the widget's callbacks,
// and the options every host page gives AuthKit.
import { showConnections } from './connections.js';

const $ = (selector) => document.querySelector(selector);

/** The demo backend's settings (service URL, identity); also fills them into the page. */
export async function loadDemo() {
  const demo = await (await fetch('/api/demo')).json();
  $('#identity').textContent = demo.identity;
  $('#identity-type').textContent = demo.identityType;
  const sandboxKey = $('#sandbox-key');
  if (sandboxKey) sandboxKey.textContent = demo.sandboxApiKey;
  return demo;
}

/** Adds a line to the page's callback log (the browser tests read it). */
export function log(name, detail) {
  const item = document.createElement('li');
  item.dataset.callback = name;
  item.textContent = `${new Date().toLocaleTimeString()} ${name} ${detail ? JSON.stringify(detail) : ''}`;
  $('#log').append(item);
}

/** The page's callbacks for AuthKit: each one logged, a success also refreshes the connections. */
export const loggingCallbacks = {
  onSuccess: (connection) => {
    log('onSuccess', { key: connection.key, integration: connection.integration });
    showConnections();
  },
  onError: (error) => log('onError', error),
  onClose: (detail) => log('onClose', detail),
  onEvent: (name, data) => document.body.dispatchEvent(new CustomEvent('authkit-event', { detail: { name, data } })),
};

/**
 * The options every host page passes to AuthKit.create. The modal follows the visitor's light or
 * dark setting, as this page does.
 */
export const hostOptions = (demo) => ({
  token: { url: '/api/authkit' },
  serviceUrl: demo.serviceUrl,
  theme: { mode: 'system' },
  ...loggingCallbacks,
});

/** The ES-module and script-tag pages: `create` is the page's own AuthKit.create. */
export async function startHostPage(create) {
  const demo = await loadDemo();
  const kit = create(hostOptions(demo));
  const button = $('#connect');
  button.addEventListener('click', () => kit.open());
  kit.ready.then(() => {
    button.disabled = false;
  });
  await showConnections();
}
