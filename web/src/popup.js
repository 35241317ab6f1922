// The OAuth window: opened inside the user's click, then navigated, watched and closed.

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
   * @param {string} options.serviceOrigin the only origin whose messages are trusted
   * @param {(flowId: string, token: string) => Promise<object>} options.fetchStatus the authoritative flow status
   * @param {(status: object) => void} options.onStatus
   * @param {(failure: object) => void} options.onStatusFailed a status request failed
   * @param {() => void} options.onClosed called once when the window is gone
   */
  constructor({ serviceOrigin, fetchStatus, onStatus, onStatusFailed, onClosed }) {
    Object.assign(this, { serviceOrigin, fetchStatus, onStatus, onStatusFailed, onClosed });
    this.popup = null;
    this.flow = null;
    this.timers = new Set();
    this.onMessage = this.onMessage.bind(this);
  }

  /** Must run synchronously inside a user gesture; false when the browser blocked it. */
  open(placeholder) {
    this.stop();
    const popup = window.open('', 'authkit-oauth', centredFeatures(500, 680));
    if (!popup) return false;
    this.popup = popup;
    try {
      popup.document.title = placeholder;
      popup.document.body.textContent = placeholder;
    } catch {
      // A window reused from an earlier flow may be on another origin: nothing to write then.
    }
    this.every(CLOSED_CHECK_MS, () => {
      if (this.popup && this.popup.closed) {
        this.popup = null;
        this.onClosed();
      }
    });
    return true;
  }

  // The blank window shares the host's origin: only the service's own pages may be loaded into it,
  // so a bad authorize URL (javascript:, another site) can never run as the host.
  navigate(url) {
    let target;
    try {
      target = new URL(url);
    } catch {
      return false;
    }
    if (target.origin !== this.serviceOrigin) return false;
    if (this.popup && !this.popup.closed) this.popup.location.replace(target.href);
    return true;
  }

  /**
   * Polls the flow's status and listens for the callback page's message, which only speeds things up.
   * Called again with a fresh token, it keeps the window and the timers and only swaps the token.
   */
  watch(flowId, nonce, token) {
    if (this.flow?.flowId === flowId) {
      this.flow.token = token;
      return;
    }
    // Polling ends when the machine says so (stop_flow): it times the flow's lifetime itself.
    this.flow = { flowId, nonce, token };
    window.addEventListener('message', this.onMessage);
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

  onMessage(event) {
    if (event.origin !== this.serviceOrigin) return;
    if (!this.popup || event.source !== this.popup) return;
    const data = event.data;
    if (!data || data.type !== 'authkit:oauth' || !this.flow) return;
    if (data.flowId !== this.flow.flowId || data.nonce !== this.flow.nonce) return;
    // The message only says "look now": the outcome and the connection come from the service.
    this.check(this.flow.flowId, this.flow.token);
  }

  every(ms, tick) {
    const timer = setInterval(tick, ms);
    this.timers.add(timer);
  }

  stop() {
    for (const timer of this.timers) clearInterval(timer);
    this.timers.clear();
    window.removeEventListener('message', this.onMessage);
    this.flow = null;
    if (this.popup && !this.popup.closed) this.popup.close();
    this.popup = null;
  }
}
