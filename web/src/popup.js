// The OAuth window: opened inside the user's click, then launched, watched and closed.

const POLL_MS = 1000;
const CLOSED_CHECK_MS = 400;

function centredFeatures(width, height) {
  const left = Math.max(0, Math.round(window.screenX + (window.outerWidth - width) / 2));
  const top = Math.max(0, Math.round(window.screenY + (window.outerHeight - height) / 2));
  return `popup=yes,width=${width},height=${height},left=${left},top=${top}`;
}

export class OAuthWindow {
  /**
   * @param {object} options
   * @param {string} options.serviceOrigin the only origin the window may be sent to
   * @param {(flowId: string, token: string) => Promise<object>} options.fetchStatus the authoritative flow status
   * @param {(status: object) => void} options.onStatus
   * @param {(failure: object) => void} options.onStatusFailed a status request failed
   * @param {() => void} options.onClosed called once when the window is gone
   * @param {() => void} options.onLaunchFailed the page's CSP refused to send the window to the service
   * @param {() => void} options.onPageHidden the page is being left while the window is open
   */
  constructor({ serviceOrigin, fetchStatus, onStatus, onStatusFailed, onClosed, onLaunchFailed, onPageHidden }) {
    Object.assign(this, { serviceOrigin, fetchStatus, onStatus, onStatusFailed, onClosed, onLaunchFailed, onPageHidden });
    this.popup = null;
    this.flow = null;
    this.timers = new Set();
    // A name of its own: another page in this browser cannot find the window by a well-known name.
    this.windowName = `authkit-oauth-${crypto.getRandomValues(new Uint32Array(2)).join('')}`;
    this.onPageHide = this.onPageHide.bind(this);
  }

  /** Must run synchronously inside a user gesture; false when the browser blocked it. */
  open(placeholder) {
    this.stop();
    const popup = window.open('', this.windowName, centredFeatures(500, 680));
    if (!popup) return false;
    this.popup = popup;
    try {
      popup.document.title = placeholder;
      popup.document.body.textContent = placeholder;
    } catch {
      // A window reused from an earlier flow may be on another origin: nothing to write then.
    }
    // The sign-in belongs to this page: if the page is left (or sent elsewhere) mid-flow, the flow
    // must not go on in a window whose page is gone (the machine has it cancelled on the service).
    window.addEventListener('pagehide', this.onPageHide);
    this.every(CLOSED_CHECK_MS, () => {
      if (this.popup && this.popup.closed) {
        this.popup = null;
        this.onClosed();
      }
    });
    return true;
  }

  /**
   * Sends the window to the service with a form POST of the flow's nonce. Only a page on the host's
   * origin can make that request (the browser sets its Origin header), so a link to the flow, opened
   * anywhere, can never launch it. The blank window shares the host's origin: only the service's own
   * address may be loaded into it, so a bad authorize URL (javascript:, another site) never runs as
   * the host.
   */
  launch(url, nonce) {
    let target;
    try {
      target = new URL(url);
    } catch {
      return false;
    }
    if (target.origin !== this.serviceOrigin || typeof nonce !== 'string' || nonce === '') return false;
    if (!this.popup || this.popup.closed) return true;
    let document_;
    try {
      document_ = this.popup.document;
    } catch {
      // A window left on another site by an earlier flow: a form on the host page reaches it by name.
    }
    const formDocument = document_ ?? window.document;
    const onViolation = (event) => {
      if (event.effectiveDirective !== 'form-action') return;
      console.error(`AuthKit: this page's Content-Security-Policy (form-action) stopped the sign-in window from `
        + `reaching ${this.serviceOrigin}. Add ${this.serviceOrigin} to form-action.`);
      this.onLaunchFailed();
    };
    formDocument.addEventListener('securitypolicyviolation', onViolation, { once: true });
    submitLaunchForm(formDocument, target.href, nonce, document_ ? undefined : this.windowName);
    return true;
  }

  /**
   * Polls the flow's status: the only word on the outcome, as the window has no way back to this page
   * (the service cuts it before the provider's pages load). Called again with a fresh token, it keeps the window and the timers and only swaps the token.
   */
  watch(flowId, token) {
    if (this.flow?.flowId === flowId) {
      this.flow.token = token;
      return;
    }
    // Polling ends when the machine says so (stop_flow): it times the flow's lifetime itself.
    this.flow = { flowId, token };
    this.every(POLL_MS, () => this.check(flowId, this.flow.token));
  }

  async check(flowId, token) {
    let status;
    try {
      status = await this.fetchStatus(flowId, token ?? this.flow?.token);
    } catch (error) {
      this.onStatusFailed({ flowId, status: error.status ?? 0, code: error.code ?? 'network_error' });
      return;
    }
    this.onStatus({ ...status, flowId });
  }

  onPageHide() {
    this.onPageHidden();
  }

  every(ms, tick) {
    const timer = setInterval(tick, ms);
    this.timers.add(timer);
  }

  stop() {
    for (const timer of this.timers) clearInterval(timer);
    this.timers.clear();
    window.removeEventListener('pagehide', this.onPageHide);
    this.flow = null;
    // Once the window has left for the provider it has no opener, and browsers ignore this: the
    // service's cancellation is what stops that sign-in.
    if (this.popup && !this.popup.closed) this.popup.close();
    this.popup = null;
  }
}

function submitLaunchForm(document_, action, nonce, target) {
  const form = document_.createElement('form');
  form.method = 'post';
  form.action = action;
  if (target) form.target = target;
  form.hidden = true;
  const field = document_.createElement('input');
  field.type = 'hidden';
  field.name = 'nonce';
  field.value = nonce;
  form.append(field);
  if (!target) {
    // A host page's no-referrer or same-origin policy would make the browser send "Origin: null",
    // which the service refuses; the blank window's own policy may send the host's origin.
    const policy = document_.createElement('meta');
    policy.name = 'referrer';
    policy.content = 'strict-origin-when-cross-origin';
    document_.head.append(policy);
  }
  document_.body.append(form);
  form.submit();
  if (target) form.remove();
}
