// The published contract of @authkit/web. tests/e2e/types.spec.js checks that the error codes and
// event names below are exactly the ones the state machine (wasm/src) can produce.

/**
 * Where the modal gets a session token: your own backend, which mints it with the secret key
 * (`createToken` from `@authkit/server/token`) for the signed-in user.
 */
export type TokenSource =
  | {
      /** Your token endpoint. It is called with `POST` and the page's cookies (same-origin), and answers `{ token, expiresAt }`. */
      url: string;
      /** Extra request headers, e.g. a CSRF token. */
      headers?: Record<string, string>;
    }
  | (() => Promise<SessionToken> | SessionToken);

/** What a token endpoint (or a token function) returns. */
export interface SessionToken {
  /** The session token, a short-lived JWT. */
  token: string;
  /** When it expires, as an ISO 8601 date. */
  expiresAt?: string;
}

/** Look and branding. Unset keys keep the branding the service sends, or the defaults. */
export interface AuthKitTheme {
  /**
   * The accent colour of buttons, focus rings and highlights: a hex colour, `#rgb` or `#rrggbb`. It is
   * darkened (or lightened in dark mode) if needed for WCAG AA contrast.
   */
  primaryColor?: string;
  /** Light, dark, or following the user's system setting. */
  mode?: 'light' | 'dark' | 'system';
  /** Corner radius in pixels, 0 to 32. */
  radius?: number;
  /** A CSS font-family list for the modal. */
  font?: string;
  /** Your logo: an https: URL or a path on your own site. */
  logoUrl?: string;
  /** Your company's name, shown to the user (up to 100 characters). */
  companyName?: string;
  /** The title of the modal's first screen (up to 100 characters). */
  title?: string;
}

// A theme value of the right type that cannot be used (a colour that is not hex, a radius out of
// range, a logo that is not https:) does not throw: the default is used, the console says why,
// and `onEvent` receives `config_error`.

/** The modal's options. Names that Pica AuthKit also uses mean the same here. */
export interface AuthKitOptions {
  /** Required. Where to get a session token for the signed-in user. */
  token: TokenSource;
  /** Required. The absolute URL of your AuthKit connection service, e.g. `https://connect.example.com`. */
  serviceUrl: string;

  /** Called once for each new (or renewed) connection, after the service stored it. */
  onSuccess?: (connection: AuthKitConnection) => void;
  /** Called when the user meets an error screen, or the modal's code could not load. */
  onError?: (error: AuthKitError) => void;
  /** Called when the modal closes, whatever closed it. */
  onClose?: (detail: AuthKitCloseDetail) => void;
  /** Called for each step the user takes, for analytics funnels. See {@link AuthKitEventMap}. */
  onEvent?: AuthKitEventHandler;

  /** Opens straight on this integration (its id, e.g. `"slack"`) instead of the list. */
  selectedIntegration?: string;
  /** Reconnects this existing connection (its key) instead of creating a new one. */
  connectionKey?: string;
  /** The language of the modal, a BCP 47 tag such as `"en"` or `"pt-BR"`. Default: the browser's. */
  locale?: string;
  /** Colours, radius, font and branding; unset keys keep the service's branding or the defaults. */
  theme?: AuthKitTheme;
  /** The element to draw the modal in. Default: `document.body`. */
  container?: Element | ShadowRoot;
  /**
   * Where to load `authkit-core.wasm` from. Default: next to the script or module that defined
   * AuthKit. Set it when a bundler moved the code and not the .wasm.
   */
  wasmUrl?: string | URL;

  /** Pica's name for `theme.mode`. */
  appTheme?: 'light' | 'dark' | 'system';
  /** Pica's name for `theme.logoUrl`. */
  imageUrl?: string;
  /** Pica's name, the same as `theme.companyName`. */
  companyName?: string;
  /** Pica's name, the same as `theme.title`. */
  title?: string;
  /** Pica's name for `selectedIntegration` (here it is the integration's id, not its display name). */
  selectedConnection?: string;
}

/** The callbacks that {@link AuthKitHandle.setCallbacks} can replace. */
export type AuthKitCallbacks = Pick<AuthKitOptions, 'onSuccess' | 'onError' | 'onClose' | 'onEvent'>;

/** What `AuthKit.create` returns. */
export interface AuthKitHandle {
  /** Resolves when `open()` shows the modal without waiting; rejects if the core failed to load. */
  readonly ready: Promise<void>;
  /**
   * Opens the modal. Before `ready` it opens as soon as it can; while open, or asked again before
   * then, it does nothing. After the core failed to load, it tries loading again.
   */
  open(): void;
  /** Closes the modal (`onClose` gets `{ reason: "host" }`), or cancels an open still waiting for `ready`. */
  close(): void;
  /** Replaces the callbacks named in `callbacks` (undefined removes one) without re-creating the modal. */
  setCallbacks(callbacks: AuthKitCallbacks): void;
  /** The modal's event log with secrets redacted, to attach to a bug report. */
  debugLog(): Promise<unknown[]>;
  /** Closes the modal without callbacks and removes it from the page. The handle does nothing afterwards. */
  destroy(): void;
}

export interface AuthKitStatic {
  /**
   * Creates a modal and starts loading its code, so that `open()` from a later click is instant.
   * @throws {TypeError} when an option is missing, unknown or of the wrong type; the message names it.
   */
  create(options: AuthKitOptions): AuthKitHandle;
}

export declare const AuthKit: AuthKitStatic;
export default AuthKit;

/** A connection as the service reports it: identifiers and state, never a credential. */
export interface AuthKitConnection {
  /** Use it with your secret key to call the integration through the service's passthrough proxy. */
  key: string;
  /** The integration's id, e.g. `"slack"`. */
  integration: string;
  /** Who owns the connection, as put in the session token. */
  identity: string;
  /** What kind of owner that is, as put in the session token (e.g. `"user"`, `"team"`). */
  identityType: string;
  authType: 'oauth2' | 'api_key';
  status: 'active' | 'needs_reauth' | 'revoked';
  /** The OAuth scopes granted, when the provider says. */
  scopes?: string[] | null;
  /** ISO 8601 dates. */
  createdAt: string;
  updatedAt: string;
}

/** The error codes the modal's state machine can report. */
export type AuthKitMachineErrorCode =
  /** Your token endpoint (or token function) failed or gave no token. */
  | 'token_fetch_failed'
  /** The service did not answer the session request. */
  | 'session_fetch_failed'
  /** The session token expired or was refused; retrying fetches a new one. */
  | 'session_expired'
  /** The page's origin is not one the project (or the session token) allows. */
  | 'origin_not_allowed'
  /** The integration is not enabled, or not allowed by the session token. */
  | 'integration_unavailable'
  /** `connectionKey` names no connection of this user. */
  | 'connection_not_found'
  /** The browser blocked the sign-in pop-up. */
  | 'popup_blocked'
  /** The user closed the sign-in pop-up before finishing. */
  | 'popup_closed'
  /** The sign-in pop-up stayed open too long without finishing. */
  | 'popup_timeout'
  /** The service could not start the OAuth flow. */
  | 'flow_start_failed'
  /** The user (or the provider) refused access. */
  | 'oauth_denied'
  /** The sign-in came back not matching the flow that started it (another browser, a reused or altered link). */
  | 'oauth_state_mismatch'
  /** The provider reported an OAuth error. */
  | 'oauth_failed'
  /** The provider approved, but exchanging the code for tokens failed. */
  | 'oauth_exchange_failed'
  /** Signing in took longer than the flow's lifetime. */
  | 'oauth_flow_expired'
  /** Some form fields are missing or invalid. */
  | 'invalid_fields'
  /** The provider rejected the credentials typed in. */
  | 'invalid_credentials'
  /** The provider could not be reached to check the credentials. */
  | 'provider_unreachable'
  /** The provider answered with an error of its own. */
  | 'provider_error'
  /** Too many attempts; "Try again" is offered once the wait is over. */
  | 'rate_limited'
  /** The browser could not reach the service. */
  | 'network_error'
  /** The service failed, or something else went wrong. */
  | 'service_error';

/** Errors the JavaScript shell reports on its own, outside the state machine. */
export type AuthKitShellErrorCode =
  /** The modal's code (the .wasm) could not be loaded; `open()` tries again. */
  'core_load_failed';

/** Every code `onError` can receive. */
export type AuthKitErrorCode = AuthKitMachineErrorCode | AuthKitShellErrorCode;

/** What `onError` receives. */
export interface AuthKitError {
  code: AuthKitErrorCode;
  /** A sentence for people, in the modal's language. */
  message: string;
  /** The integration the user was connecting, if any. */
  integration?: string;
  /** Whether trying again may help (the error screen then offers "Try again"). */
  retryable: boolean;
}

/** Why the modal closed: the user, your `close()`, or "Done"/"Close" on a success or error screen. */
export type AuthKitCloseReason = 'user' | 'host' | 'success' | 'error';

/** What `onClose` receives. */
export interface AuthKitCloseDetail {
  reason: AuthKitCloseReason;
}

/** The modal's screens, as named in event data. */
export type AuthKitView = 'closed' | 'loading' | 'catalog' | 'form' | 'authorizing' | 'verifying' | 'success' | 'error';

/** Data every event carries. */
export interface AuthKitEventBase {
  /** The session's id from the service; empty before the session loaded. */
  sessionId: string;
  /** The screen shown after the step. */
  view: AuthKitView;
  /** The integration selected, if any. */
  integration?: string;
  /** The host's clock when it happened, in milliseconds since 1970. */
  timestamp?: number;
}

/** Each event name with its data, for `onEvent`. Names are stable: build funnels on them. */
export interface AuthKitEventMap {
  /** The modal opened, in this language. */
  open: AuthKitEventBase & { locale: string };
  /** The screen changed; `from` is the one before. */
  view: AuthKitEventBase & { from: AuthKitView };
  /** The user typed in the search box. */
  search: AuthKitEventBase & { query: string; results: number };
  /** The user narrowed the list to a category (empty: all). */
  filter: AuthKitEventBase & { category: string; results: number };
  /** The user picked an integration, with the pointer or the keyboard. */
  select: AuthKitEventBase & { integration: string; by: 'pointer' | 'keyboard' };
  /** The user submitted a credentials form. */
  submit: AuthKitEventBase & { integration: string };
  /** The sign-in pop-up opened. */
  popup_opened: AuthKitEventBase;
  /** The browser blocked the sign-in pop-up. */
  popup_blocked: AuthKitEventBase;
  /** The sign-in pop-up closed (or the page lost sight of it). */
  popup_closed: AuthKitEventBase;
  /** The user chose "Try again" on an error screen (or restarted a sign-in whose window was cut off). */
  retry: AuthKitEventBase & { code: AuthKitMachineErrorCode | 'popup_detached' };
  /** A connection was made; `onSuccess` follows. */
  success: AuthKitEventBase & { integration: string; connectionKey: string };
  /** An error screen was shown; `onError` follows. */
  error: AuthKitEventBase & { code: AuthKitMachineErrorCode };
  /** The modal closed; `onClose` follows. */
  close: AuthKitEventBase & { reason: AuthKitCloseReason };
  /** Some `theme` values (yours or the service's branding) were not usable; defaults were used instead. */
  config_error: AuthKitEventBase & { problems: { option: string; message: string }[] };
  /** The brand colour was changed so that text and controls on it meet WCAG 2.2 AA contrast. */
  theme_adjusted: AuthKitEventBase & { adjustments: string[] };
}

export type AuthKitEventName = keyof AuthKitEventMap;

/** `onEvent`'s type: the data's type follows from the name (narrow with `if (name === 'search')`). */
export type AuthKitEventHandler = (
  ...event: { [Name in AuthKitEventName]: [name: Name, data: AuthKitEventMap[Name]] }[AuthKitEventName]
) => void;
