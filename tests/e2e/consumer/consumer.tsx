// A host app's code against the published types: it must compile, and each @ts-expect-error line
// must stay an error, so the declarations both accept real use and refuse mistakes.
import AuthKitDefault, { AuthKit, type AuthKitErrorCode, type AuthKitOptions } from '@authkit/web';
import { AuthKitButton, useAuthKit } from '@authkit/web/react';
import { defineAuthKitElement, type AuthKitConnectElement } from '@authkit/web/element';

const options: AuthKitOptions = {
  token: { url: '/api/authkit', headers: { 'x-csrf': 'abc' } },
  serviceUrl: 'https://connect.example.com',
  theme: { mode: 'dark', primaryColor: '#0a7', radius: 6, logoUrl: 'https://example.com/logo.svg' },
  locale: 'pt-BR',
  onSuccess: (connection) => console.log(connection.key, connection.integration, connection.status),
  onError: (error) => {
    const code: AuthKitErrorCode = error.code;
    if (error.retryable) console.log(code, error.message, error.integration);
  },
  onClose: ({ reason }) => console.log(reason === 'success'),
  onEvent: (name, data) => {
    if (name === 'search') console.log(data.query.length, data.results);
    if (name === 'success') console.log(data.connectionKey);
    console.log(data.sessionId, data.view);
  },
};

const kit = AuthKit.create(options);
kit.ready.then(() => kit.open());
kit.setCallbacks({ onSuccess: undefined, onClose: () => kit.destroy() });
void kit.debugLog();
AuthKitDefault.create({ token: async () => ({ token: 't', expiresAt: '2030-01-01T00:00:00Z' }), serviceUrl: 'https://x.example' });
AuthKit.create({ ...options, appTheme: 'light', imageUrl: '/logo.png', selectedConnection: 'slack', companyName: 'Acme', title: 'Connect' });

// @ts-expect-error serviceUrl is required
AuthKit.create({ token: { url: '/api/authkit' } });
// @ts-expect-error theme.mode is light, dark or system
AuthKit.create({ ...options, theme: { mode: 'blue' } });
// @ts-expect-error not an error code
const wrongCode: AuthKitErrorCode = 'popup_crashed';
// @ts-expect-error not an event name
AuthKit.create({ ...options, onEvent: (name: 'clicked') => name });
// @ts-expect-error Pica's baseUrl has no counterpart
AuthKit.create({ ...options, baseUrl: 'https://authkit.example' });

export function Connect() {
  const { open, close, ready, error } = useAuthKit(options);
  return (
    <div>
      <button type="button" disabled={!ready} onClick={open}>Connect</button>
      <button type="button" onClick={close}>Close</button>
      {error ? <p>{error.code}</p> : null}
      <AuthKitButton {...options} className="primary" aria-label="Connect Slack" selectedIntegration="slack">
        Connect Slack
      </AuthKitButton>
    </div>
  );
}

const element: AuthKitConnectElement = document.createElement('authkit-connect');
element.setAttribute('token-url', '/api/authkit');
element.addEventListener('authkit-success', (event) => console.log(event.detail.key));
element.addEventListener('authkit-event', (event) => console.log(event.detail.name));
defineAuthKitElement('my-connect');
void wrongCode;
