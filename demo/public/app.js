// The host page: what a customer writes to embed AuthKit.
import { AuthKit } from '/authkit/authkit.mjs';

const $ = (selector) => document.querySelector(selector);

function log(name, detail) {
  const item = document.createElement('li');
  item.dataset.callback = name;
  item.textContent = `${new Date().toLocaleTimeString()} ${name} ${detail ? JSON.stringify(detail) : ''}`;
  $('#log').append(item);
}

async function showConnections() {
  const response = await fetch('/api/connections');
  const { connections = [] } = response.ok ? await response.json() : {};
  const body = $('#connections tbody');
  body.replaceChildren(
    ...connections.map((connection) => {
      const row = document.createElement('tr');
      row.dataset.integration = connection.integration;
      for (const value of [connection.integration, connection.status, connection.key, new Date(connection.createdAt).toLocaleString()]) {
        const cell = document.createElement('td');
        cell.textContent = value;
        row.append(cell);
      }
      return row;
    }),
  );
  $('#connections').hidden = connections.length === 0;
  $('#connections-empty').hidden = connections.length > 0;
}

const demo = await (await fetch('/api/demo')).json();
$('#identity').textContent = demo.identity;
$('#identity-type').textContent = demo.identityType;
$('#sandbox-key').textContent = demo.sandboxApiKey;

const kit = AuthKit.create({
  token: { url: '/api/authkit' },
  serviceUrl: demo.serviceUrl,
  onSuccess: (connection) => {
    log('onSuccess', { key: connection.key, integration: connection.integration });
    showConnections();
  },
  onError: (error) => log('onError', error),
  onClose: (detail) => log('onClose', detail),
  onEvent: (name, data) => document.body.dispatchEvent(new CustomEvent('authkit-event', { detail: { name, data } })),
});

const button = $('#connect');
button.addEventListener('click', () => kit.open());
kit.ready.then(() => {
  button.disabled = false;
});
await showConnections();
