// <authkit-connect>: a button (or whatever is slotted in) that opens the modal on click and reports
// the outcome as DOM events, for pages that would rather write HTML than JavaScript.
import { AuthKit } from './index.js';
import {
  isServiceUrlAllowed, markupUrlRefusal, pageUrlOf, pinServiceUrls, serviceNotAllowedError, serviceOriginOf,
} from './service-pins.js';

export const ELEMENT_NAME = 'authkit-connect';

// Attribute → the AuthKit.create option it sets (theme options under "theme.").
const ATTRIBUTE_OPTIONS = {
  'token-url': 'token',
  'service-url': 'serviceUrl',
  'selected-integration': 'selectedIntegration',
  'connection-key': 'connectionKey',
  locale: 'locale',
  'wasm-url': 'wasmUrl',
  theme: 'theme.mode',
  'primary-color': 'theme.primaryColor',
  'logo-url': 'theme.logoUrl',
  'company-name': 'theme.companyName',
};
const DEFAULT_LABEL = 'Connect an account';

// A constructed sheet, like the modal's, so a strict style-src needs nothing added.
const BUTTON_CSS = `
:host { display: inline-block; }
:host([hidden]) { display: none; }
button {
  font: inherit; font-weight: 600; cursor: pointer;
  padding: 10px 18px; border: 0; border-radius: var(--authkit-radius, 8px);
  background: var(--authkit-primary, #1d4ed8); color: var(--authkit-on-primary, #ffffff);
}
button:focus-visible { outline: 3px solid var(--authkit-focus, #2563eb); outline-offset: 2px; }
`;

let buttonSheet = null;

// Elements that found their service not (yet) allowed: a script pinning it later lets them start.
const waitingForPin = new Map(); // element → its retry

function sheet() {
  if (!buttonSheet) {
    buttonSheet = new CSSStyleSheet();
    buttonSheet.replaceSync(BUTTON_CSS);
  }
  return buttonSheet;
}

function optionsFrom(element) {
  const options = {};
  const theme = {};
  for (const [attribute, option] of Object.entries(ATTRIBUTE_OPTIONS)) {
    const value = element.getAttribute(attribute);
    if (value === null) continue;
    // Absolute from the page's own address, so an injected <base> cannot move them.
    if (option === 'token') options.token = { url: pageUrlOf(value)?.href ?? value };
    else if (option === 'wasmUrl') options.wasmUrl = pageUrlOf(value)?.href ?? value;
    else if (option.startsWith('theme.')) theme[option.slice('theme.'.length)] = value;
    else options[option] = value;
  }
  if (Object.keys(theme).length) options.theme = theme;
  return options;
}

// Defined inside a function: HTMLElement does not exist where this module may be imported
// without a DOM (server-side rendering), and defining the class there would throw.
function elementClass() {
  return class AuthKitConnectElement extends HTMLElement {
    static get observedAttributes() {
      return [...Object.keys(ATTRIBUTE_OPTIONS), 'label'];
    }

    #kit = null;
    #releasing = false;
    #button;
    #markReady;
    #ready = new Promise((resolve) => {
      this.#markReady = resolve;
    });

    constructor() {
      super();
      const shadow = this.attachShadow({ mode: 'open' });
      shadow.adoptedStyleSheets = [sheet()];
      const slot = document.createElement('slot');
      this.#button = document.createElement('button');
      this.#button.type = 'button';
      this.#button.setAttribute('part', 'button');
      this.#button.textContent = DEFAULT_LABEL;
      slot.append(this.#button);
      shadow.append(slot);
      // One listener on the element itself: clicks on the default button and on slotted content both land here.
      this.addEventListener('click', () => this.open());
    }

    /** Resolves once the modal can open without waiting. */
    get ready() {
      return this.#ready;
    }

    connectedCallback() {
      this.#releasing = false; // moved within the page: keep the widget
      this.#createKitIfConfigured();
    }

    disconnectedCallback() {
      this.#releasing = true;
      queueMicrotask(() => {
        if (!this.#releasing) return;
        this.#dropKit();
        waitingForPin.delete(this);
      });
    }

    attributeChangedCallback(name, before, after) {
      if (before === after) return;
      if (name === 'label') {
        this.#button.textContent = after || DEFAULT_LABEL;
        return;
      }
      // Settings are fixed per widget: a changed one means a new widget (the core stays loaded).
      this.#dropKit();
      if (this.isConnected) this.#createKitIfConfigured();
    }

    #isConfigured() {
      return this.hasAttribute('token-url') && this.hasAttribute('service-url');
    }

    // A service-url that is no URL at all is AuthKit.create's to refuse, with a TypeError that says why.
    #isServiceAllowed() {
      const serviceUrl = this.getAttribute('service-url');
      return serviceOriginOf(serviceUrl) === null || isServiceUrlAllowed(serviceUrl);
    }

    // A token-url or wasm-url elsewhere than the page allows is refused for good (no pin helps a
    // token-url): the error to report, or null.
    #addressRefusal() {
      for (const attribute of ['token-url', 'wasm-url']) {
        const value = this.getAttribute(attribute);
        const refusal = value === null ? null : markupUrlRefusal(attribute, value);
        if (refusal) return refusal;
      }
      return null;
    }

    // A kit fetches no token until it opens, but one is made only for an allowed service all the same:
    // `ready` then tells the host the element can really be used.
    #createKitIfConfigured() {
      if (this.#kit || !this.#isConfigured() || this.#addressRefusal()) return;
      if (this.#isServiceAllowed()) {
        waitingForPin.delete(this);
        this.#createKit();
      } else {
        waitingForPin.set(this, () => this.isConnected && this.#createKitIfConfigured());
      }
    }

    #createKit() {
      const emit = (type, detail) =>
        this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
      const kit = AuthKit.create({
        ...optionsFrom(this),
        onSuccess: (connection) => emit('authkit-success', connection),
        onError: (error) => emit('authkit-error', error),
        onClose: (detail) => emit('authkit-close', detail),
        onEvent: (name, data) => emit('authkit-event', { name, data }),
      });
      this.#kit = kit;
      kit.ready.then(
        () => {
          if (this.#kit === kit) this.#markReady();
        },
        () => {}, // reported through authkit-error
      );
      return kit;
    }

    #dropKit() {
      this.#kit?.destroy();
      this.#kit = null;
    }

    /**
     * Opens the modal; throws a TypeError if token-url or service-url is missing or invalid. A service
     * this page does not allow gets no token: `authkit-error` says so, and nothing opens.
     */
    open() {
      if (!this.#kit && !this.#isConfigured()) {
        throw new TypeError(`<${this.localName}>: set its token-url and service-url attributes before it opens.`);
      }
      const refusal = this.#kit ? null
        : this.#addressRefusal() ?? (this.#isServiceAllowed() ? null : serviceNotAllowedError(this.getAttribute('service-url')));
      if (refusal) {
        const error = refusal;
        console.error(`AuthKit: ${error.message}`);
        this.dispatchEvent(new CustomEvent('authkit-error', { detail: error, bubbles: true, composed: true }));
        return;
      }
      (this.#kit ?? this.#createKit()).open();
    }

    close() {
      this.#kit?.close();
    }
  };
}

/**
 * Registers the element under `name` (default `authkit-connect`) and returns its class; does
 * nothing where there is no `customElements` (server-side rendering). `serviceUrls` pins the
 * connection services elements may send session tokens to, besides the page's own origin (the
 * <meta name="authkit-service-url"> tags in the head do the same without script).
 */
export function defineAuthKitElement(name = ELEMENT_NAME, { serviceUrls } = {}) {
  if (serviceUrls !== undefined) {
    pinServiceUrls(serviceUrls, 'defineAuthKitElement');
    for (const retry of [...waitingForPin.values()]) retry();
  }
  if (typeof customElements === 'undefined') return undefined;
  const existing = customElements.get(name);
  if (existing) return existing;
  const AuthKitConnectElement = elementClass();
  customElements.define(name, AuthKitConnectElement);
  return AuthKitConnectElement;
}

// Importing the module is enough to use the tag; defining it again later is harmless.
defineAuthKitElement();
