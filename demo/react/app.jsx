// The React host page: components under StrictMode using @authkit/web/react, bundled by
// demo/build.mjs into demo/dist/ (not in git).
import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { AuthKitButton, useAuthKit } from '@authkit/web/react';
import { showConnections } from '../public/connections.js';
import { hostOptions, loadDemo, log } from '../public/demo-page.js';

// The bundle carries its own copy of the modal's code, but not the .wasm: say where the host serves it.
const WASM_URL = '/authkit/authkit-core.wasm';

function ConnectButtons({ demo }) {
  // Each keystroke here re-renders with a new onSuccess; the modal must call the newest one.
  const [note, setNote] = useState('');
  const options = {
    ...hostOptions(demo),
    wasmUrl: WASM_URL,
    onSuccess: (connection) => {
      log('onSuccess', { key: connection.key, integration: connection.integration, note });
      showConnections();
    },
  };
  const beacon = useAuthKit({ ...options, selectedIntegration: 'beacon-mail' });

  return (
    <>
      <div className="controls">
        <label>
          Note for the log <input name="note" value={note} onChange={(event) => setNote(event.target.value)} />
        </label>
      </div>
      <div className="controls">
        <AuthKitButton {...options} id="connect" className="connect-button">
          Connect an integration
        </AuthKitButton>
        <button type="button" id="connect-beacon" className="connect-button" disabled={!beacon.ready} onClick={beacon.open}>
          Connect Beacon Mail
        </button>
        {beacon.error ? <span role="alert">Last error: {beacon.error.code}</span> : null}
      </div>
    </>
  );
}

function App({ demo }) {
  // Unmounting the buttons must take their modals off the page.
  const [shown, setShown] = useState(true);
  return (
    <>
      <div className="controls">
        <label>
          <input type="checkbox" name="shown" checked={shown} onChange={(event) => setShown(event.target.checked)} />
          Show the connect buttons
        </label>
      </div>
      {shown ? <ConnectButtons demo={demo} /> : null}
    </>
  );
}

const demo = await loadDemo();
createRoot(document.querySelector('#root')).render(
  <StrictMode>
    <App demo={demo} />
  </StrictMode>,
);
await showConnections();
