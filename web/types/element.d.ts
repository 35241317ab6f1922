// @authkit/web/element: importing it registers <authkit-connect> (the script-tag build does too).
import type { AuthKitCloseDetail, AuthKitConnection, AuthKitError, AuthKitEventMap, AuthKitEventName } from './index.js';

export type * from './index.js';

/** The tag name the element is registered under by default. */
export declare const ELEMENT_NAME: 'authkit-connect';

/** `detail` of the `authkit-event` DOM event. */
export type AuthKitEventDetail = {
  [Name in AuthKitEventName]: { name: Name; data: AuthKitEventMap[Name] };
}[AuthKitEventName];

/**
 * `<authkit-connect token-url="/api/authkit" service-url="https://connect.example.com">`: a button
 * (or the content you put inside) that opens the modal on click.
 *
 * Attributes: `token-url` and `service-url` (required), `selected-integration`, `connection-key`,
 * `locale`, `wasm-url`, `theme` (`light` | `dark` | `system`), `primary-color`, `logo-url`,
 * `company-name`, and `label` (the default button's text). Changing a setting makes a new modal.
 *
 * Events (bubbling, composed): `authkit-success`, `authkit-error`, `authkit-close`, `authkit-event`.
 *
 * It sends session tokens only to a `service-url` on the page's own origin or on an origin the page
 * pins: `<meta name="authkit-service-url" content="https://connect.example.com">` in the `<head>`, or
 * `defineAuthKitElement(name, { serviceUrls })`. Another service gets no token: opening reports
 * `service_url_not_allowed` through `authkit-error` instead.
 */
export interface AuthKitConnectElement extends HTMLElement {
  /** Resolves once the modal can open without waiting. */
  readonly ready: Promise<void>;
  /**
   * Opens the modal; for a service the page does not allow, dispatches `authkit-error`
   * (`service_url_not_allowed`) instead. @throws {TypeError} when `token-url` or `service-url` is missing or invalid.
   */
  open(): void;
  close(): void;
  addEventListener<K extends keyof AuthKitElementEventMap>(
    type: K,
    listener: (this: AuthKitConnectElement, event: AuthKitElementEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
}

/** What `authkit-error` carries when the element refused its `service-url`; no modal opened. */
export interface AuthKitElementError {
  /** The `service-url` is on another origin than the page and is not pinned. */
  code: 'service_url_not_allowed';
  /** For the host's developers: which origin, and the `<meta>` tag that would allow it. */
  message: string;
  retryable: false;
}

/** Options of {@link defineAuthKitElement}. */
export interface AuthKitElementOptions {
  /**
   * Connection services (absolute http(s) URLs; their origins count) that elements may send session
   * tokens to, besides the page's own origin. They add to the `<meta name="authkit-service-url">` tags.
   * @throws {TypeError} when a value is not an absolute http(s) URL.
   */
  serviceUrls?: string[];
}

/** The element's DOM events and their `detail`. */
export interface AuthKitElementEventMap extends HTMLElementEventMap {
  'authkit-success': CustomEvent<AuthKitConnection>;
  'authkit-error': CustomEvent<AuthKitError | AuthKitElementError>;
  'authkit-close': CustomEvent<AuthKitCloseDetail>;
  'authkit-event': CustomEvent<AuthKitEventDetail>;
}

/**
 * Registers the element under `name` (it is already registered as `authkit-connect` on import) and
 * returns its class; returns undefined where there is no `customElements` (on a server).
 * `options.serviceUrls` pins connection services; elements waiting for one start once it is pinned.
 */
export declare function defineAuthKitElement(
  name?: string,
  options?: AuthKitElementOptions,
): (new () => AuthKitConnectElement) | undefined;

declare global {
  interface HTMLElementTagNameMap {
    'authkit-connect': AuthKitConnectElement;
  }
}
