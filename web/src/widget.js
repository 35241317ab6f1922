// One AuthKit modal: feeds events to the machine, runs the effects it asks for, renders its views.
// Nothing here decides what the modal does next; it only carries events in and effects out.
import { defaultWasmUrl, loadCore } from './core.js';
import { fetchToken, serviceClient, toEpochMs } from './http.js';
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
  return {
    status: error.status ?? 0,
    code: error.code ?? 'network_error',
    message: error.message,
    fields: error.fields,
    retryAfter: error.retryAfter,
  };
}

const darkScheme = () => window.matchMedia?.('(prefers-color-scheme: dark)');

export class Widget {
  constructor(core, options) {
    this.options = options;
    this.machine = new core.Machine();
    this.service = serviceClient(options.serviceUrl);
    this.queue = [];
    this.draining = false;
    this.view = null;
    this.opener = null;
    this.timers = new Map();
    this.send = this.send.bind(this);
    this.oauth = new OAuthWindow({
      serviceOrigin: this.service.origin,
      fetchStatus: (flowId, token) => this.service.flowStatus(token, flowId),
      onStatus: (status) => this.send({ type: 'flow_result', ...status }),
      onStatusFailed: (failed) => this.send({ type: 'flow_status_failed', ...failed }),
      onClosed: () => this.send({ type: 'popup_closed' }),
      onLaunchFailed: () => this.send({ type: 'popup_launch_failed' }),
      onPageHidden: () => this.send({ type: 'page_hidden' }),
    });
    this.onSchemeChange = (event) => this.send({ type: 'color_scheme', dark: event.matches });
  }

  mountIfNeeded() {
    if (this.host) return;
    this.host = document.createElement('div');
    this.host.setAttribute('data-authkit', '');
    const shadow = this.host.attachShadow({ mode: 'open' });
    shadow.adoptedStyleSheets = [styleSheet()];
    this.renderer = new Renderer(this.host, shadow, this.send);
    (this.options.container ?? document.body).append(this.host);
    darkScheme()?.addEventListener?.('change', this.onSchemeChange);
  }

  open() {
    if (this.view?.open) return; // the opener to return focus to is the one from the first open()
    this.mountIfNeeded();
    this.opener = document.activeElement;
    const { selectedIntegration, connectionKey, locale, theme } = this.options;
    const options = {
      selectedIntegration,
      connectionKey,
      locale,
      theme,
      languages: [...(navigator.languages ?? [navigator.language])].filter(Boolean),
      serviceOrigin: this.service.origin,
      prefersDark: Boolean(darkScheme()?.matches),
    };
    this.send({ type: 'open', options: JSON.parse(JSON.stringify(options)) });
  }

  close() {
    this.send({ type: 'close', reason: 'host' });
  }

  /** Feeds one event to the machine and runs what it asks for, in order, before rendering once. */
  send(event) {
    if (this.destroyed) return; // answers still on their way after destroy() have nobody to tell
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
          type: 'token_loaded', token: body.token, expiresAt: toEpochMs(body.expiresAt),
        }), 'token_failed');
      case 'fetch_session':
        return this.request(effect, () => service.session(effect.token), (session) => ({
          type: 'session_loaded', session: session ?? {},
        }), 'session_failed');
      case 'open_popup':
        // Still inside the click that sent the event: browsers allow a window only here.
        return this.send({ type: this.oauth.open(effect.placeholder) ? 'popup_opened' : 'popup_blocked' });
      case 'create_flow':
        return this.request(effect, () => service.createFlow(effect.token, effect), (flow) => ({
          type: 'flow_created', ...flow, expiresAt: toEpochMs(flow?.expiresAt),
        }), 'flow_failed');
      case 'navigate_popup':
        return this.oauth.launch(effect.url, effect.nonce);
      case 'watch_flow':
        return this.oauth.watch(effect.flowId, effect.token);
      case 'check_flow':
        return this.oauth.check(effect.flowId, effect.token);
      case 'stop_flow':
        if (effect.cancelFlowId) {
          this.service.cancelFlow(effect.token, effect.cancelFlowId).catch(() => {
            // The flow still ends on its own when it expires; its window then shows that.
          });
        }
        return this.oauth.stop();
      case 'create_connection':
        return this.request(effect, () => service.createConnection(effect.token, effect), (body) => ({
          type: 'connection_created', connection: body?.connection,
        }), 'connection_failed');
      case 'load_messages':
        return this.loadMessages(effect.locale);
      case 'set_timer':
        return this.setTimer(effect);
      case 'config_error':
        for (const problem of effect.problems) console.error(`AuthKit: ${problem.option} ${problem.message}; the default is used.`);
        return undefined;
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
    // An answer the shell cannot read (an empty 2xx body, say) is a failure too: the machine must
    // always hear back, or it would wait on a screen with no way forward.
    Promise.resolve()
      .then(call)
      .then(toEvent)
      .then(
        (event) => this.send({ ...event, requestId: effect.requestId }),
        (error) => this.send({ type: failedType, requestId: effect.requestId, ...failure(error) }),
      );
  }

  // A language's catalog sits beside the .wasm. If it cannot be had, the modal stays in English.
  loadMessages(locale) {
    const url = new URL(`locales/${locale}.json`, this.options.wasmUrl ?? defaultWasmUrl());
    fetch(url, { credentials: 'same-origin' })
      .then((response) => (response.ok ? response.json() : Promise.reject(new Error(`HTTP ${response.status}`))))
      .then(
        (messages) => this.send({ type: 'messages_loaded', locale, messages }),
        (error) => console.warn(`AuthKit: the ${locale} messages could not be loaded (${error.message}); showing English.`),
      );
  }

  // One timer per name: a new one replaces the old, whose id the machine would ignore anyway.
  setTimer({ timer, id, delayMs }) {
    clearTimeout(this.timers.get(timer));
    this.timers.set(timer, setTimeout(() => {
      this.timers.delete(timer);
      this.send({ type: 'timer', timer, id });
    }, delayMs));
  }

  callback(name, payload) {
    const { onSuccess, onError, onClose } = this.options;
    if (name === 'success') safely(onSuccess, payload);
    else if (name === 'error') safely(onError, payload);
    else if (name === 'close') safely(onClose, payload);
  }

  restoreFocus() {
    if (this.opener && typeof this.opener.focus === 'function' && this.opener.isConnected) this.opener.focus();
    this.opener = null;
  }

  debugLog() {
    return JSON.parse(this.machine.eventLog());
  }

  destroy() {
    this.destroyed = true;
    this.oauth.stop();
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    darkScheme()?.removeEventListener?.('change', this.onSchemeChange);
    this.host?.remove();
    this.host = null;
    this.machine.delete();
  }
}

/** Loads the core (once per page) and resolves to a ready Widget. */
export async function createWidget(options) {
  const core = await loadCore({ wasmUrl: options.wasmUrl });
  return new Widget(core, options);
}
