// Draws the machine's view model into a Shadow DOM. Every word and every decision comes from
// the view; this file only maps it to elements and turns DOM events back into machine events.
import { html, nothing, render } from 'lit-html';
import { catalogScreen, logo, revealActive } from './templates/catalog.js';
import { formScreen, SecretStore } from './templates/form.js';

function actions(list, send) {
  return html`<div class="actions">
    ${list.map(
      (action) => html`<button
        type="button"
        class=${action.primary ? 'button primary' : 'button'}
        data-action=${action.id}
        data-focus=${action.primary ? 'primary' : nothing}
        ?disabled=${action.enabled === false}
        @click=${() => send({ type: action.id })}
      >${action.label}</button>`,
    )}
  </div>`;
}

function busy(text, extra = nothing) {
  return html`<div class="center">
    <span class="spinner" aria-hidden="true"></span>
    <p>${text}</p>
    ${extra}
  </div>`;
}

const SCREENS = {
  loading: (view) => busy(view.loading.text),
  catalog: (view, send) => catalogScreen(view, send),
  form: (view, send, secrets) => formScreen(view, send, secrets),
  verifying: (view) => html`${logo(view.verifying.integration)}${busy(view.verifying.text)}`,
  authorizing: (view, send) => busy(view.authorizing.body, html`<p class="muted">${view.authorizing.busyText}</p>
    ${view.authorizing.actions.length ? actions(view.authorizing.actions, send) : nothing}`),
  success: (view, send) => html`<div class="center">
    <span class="mark success-mark" aria-hidden="true">✓</span>
    <p>${view.success.body}</p>
    ${actions(view.success.actions, send)}
  </div>`,
  error: (view, send) => html`<div class="center">
    <span class="mark error-mark" aria-hidden="true">!</span>
    <p class="error-message">${view.error.message}</p>
    ${view.error.hint ? html`<p class="hint">${view.error.hint}</p>` : nothing}
    <p class="muted error-code">${view.error.code}</p>
    ${actions(view.error.actions, send)}
  </div>`,
};

function header(view, send) {
  const { theme } = view;
  return html`<header class="header">
    ${view.canGoBack
      ? html`<button type="button" class="icon-button back" data-action="back" aria-label=${view.labels.back}
          @click=${() => send({ type: 'back' })}><span aria-hidden="true">‹</span></button>`
      : html`<span class="icon-spacer"></span>`}
    <div class="heading">
      ${theme.logoUrl ? html`<img class="brand-logo" src=${theme.logoUrl} alt="" width="24" height="24" />` : nothing}
      ${theme.companyName ? html`<span class="brand-name">${theme.companyName}</span>` : nothing}
      <h2 id="authkit-title" tabindex="-1" data-focus="heading">${view.title}</h2>
    </div>
    <button type="button" class="icon-button" data-action="close" aria-label=${view.labels.close}
      @click=${() => send({ type: 'close' })}><span aria-hidden="true">×</span></button>
  </header>`;
}

function dialog(view, send, secrets) {
  const body = SCREENS[view.screen]?.(view, send, secrets) ?? nothing;
  return html`<div class="backdrop" part="backdrop">
    <div
      class="dialog"
      part="dialog"
      role="dialog"
      aria-modal="true"
      aria-labelledby="authkit-title"
      aria-busy=${view.busy ? 'true' : 'false'}
      data-screen=${view.screen}
      data-mode=${view.theme.dark ? 'dark' : 'light'}
      dir=${view.dir}
      lang=${view.locale}
    >
      ${header(view, send)}
      <div class="body">${body}</div>
      <div class="visually-hidden" role="status" aria-live="polite" data-part="live"></div>
    </div>
  </div>`;
}

const kebab = (name) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** Renders views into a shadow root; keeps a live region, the focus and the theme in step with them. */
export class Renderer {
  constructor(host, shadowRoot, send) {
    this.host = host;
    this.root = shadowRoot;
    this.send = send;
    this.secrets = new SecretStore();
    this.tokens = '';
    this.mount = document.createElement('div');
    this.root.append(this.mount);
    this.root.addEventListener('keydown', (event) => this.onKeydown(event));
  }

  render(view) {
    this.applyTheme(view.theme);
    render(view.open ? dialog(view, this.send, this.secrets) : nothing, this.mount);
    if (!view.open) return;
    if (view.focus) this.root.querySelector(`[data-focus="${CSS.escape(view.focus)}"]`)?.focus();
    if (view.screen === 'catalog') revealActive(this.root);
    if (view.announce) {
      // Inside the dialog, since aria-modal hides everything outside it from some screen readers.
      // Clearing first makes a repeated message count as new.
      const live = this.root.querySelector('[data-part="live"]');
      live.textContent = '';
      requestAnimationFrame(() => {
        live.textContent = view.announce;
      });
    }
  }

  // Design tokens become CSS custom properties on the host (set through the CSSOM, which a strict
  // style-src allows, unlike style attributes in markup).
  applyTheme(theme) {
    const serialized = JSON.stringify(theme.tokens);
    if (serialized === this.tokens) return;
    this.tokens = serialized;
    for (const [name, value] of Object.entries(theme.tokens)) this.host.style.setProperty(`--authkit-${kebab(name)}`, value);
  }

  onKeydown(event) {
    if (event.isComposing || event.keyCode === 229) return; // Escape cancels an IME's composition, not the modal
    if (event.key === 'Escape') {
      event.stopPropagation();
      this.send({ type: 'close' });
    } else if (event.key === 'Tab') {
      this.trapFocus(event);
    }
  }

  // Keeps Tab inside the dialog while it is open (aria-modal promises this).
  trapFocus(event) {
    const focusable = [
      ...this.root.querySelectorAll('button:not([disabled]), input:not([disabled]), select, textarea, [tabindex="0"]'),
    ];
    if (!focusable.length) return;
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    const active = this.root.activeElement;
    if (event.shiftKey && (active === first || !active)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && (active === last || !active)) {
      event.preventDefault();
      first.focus();
    }
  }
}
