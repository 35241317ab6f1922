// What every demo host page shows around the widget: who is signed in, the sandbox key, a log of
// the widget's callbacks and the user's connections as the demo's backend lists them.
const $ = (selector) => document.querySelector(selector);

/** The demo backend's settings (service URL, identity); also fills them into the page. */
export async function loadDemo() {
  const demo = await (await fetch('/api/demo')).json();
  $('#identity').textContent = demo.identity;
  $('#identity-type').textContent = demo.identityType;
  $('#sandbox-key').textContent = demo.sandboxApiKey;
  return demo;
}

/** Adds a line to the page's callback log (the browser tests read it). */
export function log(name, detail) {
  const item = document.createElement('li');
  item.dataset.callback = name;
  item.textContent = `${new Date().toLocaleTimeString()} ${name} ${detail ? JSON.stringify(detail) : ''}`;
  $('#log').append(item);
}

export async function showConnections() {
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

/** The page's callbacks for AuthKit: each one logged, a success also refreshes the list. */
export const loggingCallbacks = {
  onSuccess: (connection) => {
    log('onSuccess', { key: connection.key, integration: connection.integration });
    showConnections();
  },
  onError: (error) => log('onError', error),
  onClose: (detail) => log('onClose', detail),
  onEvent: (name, data) => document.body.dispatchEvent(new CustomEvent('authkit-event', { detail: { name, data } })),
};
