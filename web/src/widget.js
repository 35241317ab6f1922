// One AuthKit modal: feeds events to the machine, runs the effects it asks for, renders its views.
import { loadCore } from './core.js';
import { fetchToken, serviceClient } from './http.js';
import { OAuthWindow } from './popup.js';
import { Renderer } from './render.js';
import { styleSheet } from './styles.js';

// A host callback that throws must not break the modal; the error still reaches the console.
function safely(callback, ...args) {
  if (typeof callback !== 'function') return;
  try {
    callback(...args);
  } catch (error) {
    queueMicrotask(() => {
      throw error;
    });
  }
}

function failure(error) {
  return { status: error.status ?? 0, code: error.code ?? 'network_error', message: error.message, fields: error.fields };
}

export class Widget {
  constructor(core, options) {
    this.options = options;
    this.machine = new core.Machine();
    this.service = serviceClient(options.serviceUrl);
    this.queue = [];
    this.draining = false;
    this.view = null;
    this.opener = null;
    this.oauth = new OAuthWindow({
      serviceOrigin: this.service.origin,
      fetchStatus: (flowId) => this.service.flowStatus(this.token, flowId),
      onStatus: (status) => this.send({ type: 'flow_result', ...status }),
      onClosed: () => this.send({ type: 'popup_closed' }),
    });
    this.send = this.send.bind(this);
    this.onKeydown = this.onKeydown.bind(this);
  }

  mountIfNeeded() {
    if (this.host) return;
    this.host = document.createElement('div');
    this.host.setAttribute('data-authkit', '');
    const shadow = this.host.attachShadow({ mode: 'open' });
    shadow.adoptedStyleSheets = [styleSheet()];
    this.renderer = new Renderer(shadow, this.send);
    shadow.addEventListener('keydown', this.onKeydown);
    (this.options.container ?? document.body).append(this.host);
  }

  open() {
    this.mountIfNeeded();
    this.opener = document.activeElement;
    const options = this.options.selectedIntegration ? { selectedIntegration: this.options.selectedIntegration } : {};
    this.send({ type: 'open', options });
  }

  close() {
    this.send({ type: 'close', reason: 'host' });
  }

  /** Feeds one event to the machine and runs what it asks for, in order, before rendering once. */
  send(event) {
    const output = JSON.parse(this.machine.send(JSON.stringify({ ...event, now: Date.now() })));
    this.queue.push(...output.effects);
    this.view = output.view;
    if (this.draining) return; // an effect sent this event; the outer loop runs the new effects
    this.draining = true;
    try {
      while (this.queue.length) this.run(this.queue.shift());
    } finally {
      this.draining = false;
    }
    this.renderer?.render(this.view);
    if (!this.view.open) this.restoreFocus();
  }

  run(effect) {
    const { options, service } = this;
    switch (effect.type) {
      case 'fetch_token':
        return this.request(effect, () => fetchToken(options.token), (body) => ({
          type: 'token_loaded', token: body.token, expiresAt: body.expiresAt,
        }), 'token_failed');
      case 'fetch_session':
        this.token = effect.token;
        return this.request(effect, () => service.session(effect.token), (session) => ({
          type: 'session_loaded', session,
        }), 'session_failed');
      case 'open_popup':
        if (this.oauth.open(effect.placeholder)) this.send({ type: 'popup_opened' });
        else this.send({ type: 'popup_blocked' });
        return undefined;
      case 'create_flow':
        return this.request(effect, () => service.createFlow(effect.token, effect.integration, effect.fields), (flow) => ({
          type: 'flow_created', ...flow,
        }), 'flow_failed');
      case 'navigate_popup':
        return this.oauth.navigate(effect.url);
      case 'watch_flow':
        this.token = effect.token;
        return this.oauth.watch(effect.flowId, effect.nonce);
      case 'check_flow':
        return this.oauth.check(effect.flowId);
      case 'stop_flow':
        return this.oauth.stop();
      case 'create_connection':
        return this.request(effect, () => service.createConnection(effect.token, effect.integration, effect.fields), (body) => ({
          type: 'connection_created', connection: body.connection,
        }), 'connection_failed');
      case 'callback':
        return this.callback(effect.name, effect.payload);
      case 'event':
        return safely(options.onEvent, effect.name, effect.data);
      default:
        return undefined;
    }
  }

  /** Runs one request effect and answers the machine with its request id either way. */
  request(effect, call, toEvent, failedType) {
    call().then(
      (body) => this.send({ ...toEvent(body), requestId: effect.requestId }),
      (error) => this.send({ type: failedType, requestId: effect.requestId, ...failure(error) }),
    );
  }

  callback(name, payload) {
    const { onSuccess, onError, onClose } = this.options;
    if (name === 'success') safely(onSuccess, payload);
    else if (name === 'error') safely(onError, payload);
    else if (name === 'close') safely(onClose, payload);
  }

  onKeydown(event) {
    if (event.key === 'Escape') {
      event.stopPropagation();
      this.send({ type: 'close' });
    } else if (event.key === 'Tab') {
      this.trapFocus(event);
    }
  }

  // Keeps Tab inside the dialog while it is open (aria-modal promises this).
  trapFocus(event) {
    const shadow = this.host.shadowRoot;
    const focusable = [...shadow.querySelectorAll('button:not([disabled]), input:not([disabled]), [tabindex="0"]')];
    if (!focusable.length) return;
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    const active = shadow.activeElement;
    if (event.shiftKey && (active === first || !active)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && active === last) {
      event.preventDefault();
      first.focus();
    }
  }

  restoreFocus() {
    if (this.opener && typeof this.opener.focus === 'function' && this.opener.isConnected) this.opener.focus();
    this.opener = null;
  }

  debugLog() {
    return JSON.parse(this.machine.eventLog());
  }

  destroy() {
    this.oauth.stop();
    this.host?.remove();
    this.host = null;
    this.machine.delete();
  }
}

/** Starts loading the core at once; the returned promise resolves to a ready Widget. */
export async function createWidget(options) {
  const core = await loadCore({ wasmUrl: options.wasmUrl });
  return new Widget(core, options);
}
