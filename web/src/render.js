// Draws the machine's view model into a Shadow DOM. Every word and every decision comes from
// the view; this file only maps it to elements and turns DOM events back into machine events.
import { html, nothing, render } from 'lit-html';
import { live } from 'lit-html/directives/live.js';
import { repeat } from 'lit-html/directives/repeat.js';

const INPUT_TYPES = { secret: 'password', email: 'email', url: 'url', number: 'text', text: 'text' };

/** Splits a name into plain and highlighted parts by [begin, end) UTF-16 ranges. */
function highlighted(name, ranges) {
  const parts = [];
  let at = 0;
  for (const [begin, end] of ranges) {
    if (begin > at) parts.push(name.slice(at, begin));
    parts.push(html`<mark>${name.slice(begin, end)}</mark>`);
    at = end;
  }
  if (at < name.length) parts.push(name.slice(at));
  return parts;
}

function logo(item) {
  const initial = [...item.name][0] ?? '?';
  return item.logo
    ? html`<img part="logo" class="logo" src=${item.logo} alt="" loading="lazy" width="32" height="32" />`
    : html`<span part="logo" class="logo logo-text" aria-hidden="true">${initial}</span>`;
}

function actions(list, send) {
  return html`<div class="actions">
    ${list.map(
      (action) => html`<button
        type="button"
        class=${action.primary ? 'button primary' : 'button'}
        data-action=${action.id}
        data-focus=${action.primary ? 'primary' : nothing}
        @click=${() => send({ type: action.id })}
      >
        ${action.label}
      </button>`,
    )}
  </div>`;
}

function loadingScreen(view) {
  return html`<div class="center" aria-busy="true">
    <span class="spinner" aria-hidden="true"></span>
    <p>${view.loading.text}</p>
  </div>`;
}

function catalogScreen(view, send) {
  const catalog = view.catalog;
  return html`<div class="catalog">
    <label class="visually-hidden" for="authkit-search">${catalog.searchLabel}</label>
    <input
      id="authkit-search"
      class="search"
      type="search"
      autocomplete="off"
      spellcheck="false"
      data-focus="search"
      placeholder=${catalog.searchPlaceholder}
      .value=${live(catalog.query)}
      @input=${(event) => send({ type: 'search', query: event.target.value })}
    />
    ${catalog.items.length
      ? html`<ul class="list" role="list">
          ${repeat(
            catalog.items,
            (item) => item.id,
            (item) => html`<li>
              <button
                type="button"
                class="item"
                data-integration=${item.id}
                @click=${() => send({ type: 'select', integration: item.id })}
              >
                ${logo(item)}
                <span class="item-text">
                  <span class="item-name">${highlighted(item.name, item.highlight)}</span>
                  <span class="item-meta">${item.category}${item.category ? ' · ' : ''}${item.authLabel}</span>
                </span>
                ${item.connected ? html`<span class="badge">${catalog.connectedLabel}</span>` : nothing}
              </button>
            </li>`,
          )}
        </ul>`
      : html`<p class="empty">${catalog.emptyText}</p>`}
  </div>`;
}

function formScreen(view, send) {
  const form = view.form;
  const onSubmit = (event) => {
    event.preventDefault();
    send({ type: 'submit' });
  };
  return html`<form class="form" novalidate @submit=${onSubmit}>
    ${form.fields.map((field) => {
      const id = `authkit-field-${field.name}`;
      const describedBy = [field.help ? `${id}-help` : '', field.error ? `${id}-error` : ''].filter(Boolean).join(' ');
      return html`<div class="field">
        <label for=${id}>
          ${field.label}${field.required ? nothing : html` <span class="optional">(${field.optionalLabel})</span>`}
        </label>
        <input
          id=${id}
          name=${field.name}
          type=${INPUT_TYPES[field.type] ?? 'text'}
          inputmode=${field.type === 'number' ? 'decimal' : nothing}
          autocomplete=${field.type === 'secret' ? 'off' : nothing}
          spellcheck="false"
          placeholder=${field.placeholder || nothing}
          ?required=${field.required}
          ?disabled=${form.submitting}
          aria-invalid=${field.error ? 'true' : 'false'}
          aria-describedby=${describedBy || nothing}
          data-focus=${`field:${field.name}`}
          .value=${live(field.value)}
          @input=${(event) => send({ type: 'field_changed', name: field.name, value: event.target.value })}
          @blur=${() => send({ type: 'field_blurred', name: field.name })}
        />
        ${field.help ? html`<p class="help" id=${`${id}-help`}>${field.help}</p>` : nothing}
        ${field.error ? html`<p class="field-error" id=${`${id}-error`}>${field.error}</p>` : nothing}
      </div>`;
    })}
    <button type="submit" class="button primary" data-focus="submit" ?disabled=${form.submitting}>
      ${form.submitting ? form.submittingText : form.submitLabel}
    </button>
  </form>`;
}

function authorizingScreen(view) {
  return html`<div class="center" aria-busy="true">
    <span class="spinner" aria-hidden="true"></span>
    <p>${view.authorizing.body}</p>
    <p class="muted">${view.authorizing.busyText}</p>
  </div>`;
}

function successScreen(view, send) {
  return html`<div class="center">
    <span class="mark success-mark" aria-hidden="true">✓</span>
    <p>${view.success.body}</p>
    ${actions(view.success.actions, send)}
  </div>`;
}

function errorScreen(view, send) {
  return html`<div class="center">
    <span class="mark error-mark" aria-hidden="true">!</span>
    <p class="error-message">${view.error.message}</p>
    <p class="muted error-code">${view.error.code}</p>
    ${actions(view.error.actions, send)}
  </div>`;
}

const SCREENS = {
  loading: loadingScreen,
  catalog: catalogScreen,
  form: formScreen,
  authorizing: authorizingScreen,
  success: successScreen,
  error: errorScreen,
};

function dialog(view, send) {
  const body = SCREENS[view.screen]?.(view, send) ?? nothing;
  return html`<div class="backdrop" part="backdrop">
    <div
      class="dialog"
      part="dialog"
      role="dialog"
      aria-modal="true"
      aria-labelledby="authkit-title"
      aria-busy=${view.busy ? 'true' : 'false'}
      data-screen=${view.screen}
      dir=${view.dir}
      lang=${view.locale}
    >
      <header class="header">
        ${view.canGoBack
          ? html`<button type="button" class="icon-button" data-action="back" aria-label=${view.labels.back}
              @click=${() => send({ type: 'back' })}>‹</button>`
          : html`<span class="icon-spacer"></span>`}
        <h2 id="authkit-title" tabindex="-1" data-focus="heading">${view.title}</h2>
        <button type="button" class="icon-button" data-action="close" aria-label=${view.labels.close}
          @click=${() => send({ type: 'close' })}>×</button>
      </header>
      <div class="body">${body}</div>
    </div>
  </div>`;
}

/** Renders views into a shadow root; keeps a live region and moves focus as the view asks. */
export class Renderer {
  constructor(shadowRoot, send) {
    this.root = shadowRoot;
    this.send = send;
    this.mount = document.createElement('div');
    this.live = document.createElement('div');
    this.live.className = 'visually-hidden';
    this.live.setAttribute('role', 'status');
    this.live.setAttribute('aria-live', 'polite');
    this.root.append(this.mount, this.live);
  }

  render(view) {
    render(view.open ? dialog(view, this.send) : nothing, this.mount);
    if (view.focus) this.root.querySelector(`[data-focus="${CSS.escape(view.focus)}"]`)?.focus();
    if (view.announce) {
      // Clearing first makes a repeated message count as new for screen readers.
      this.live.textContent = '';
      requestAnimationFrame(() => {
        this.live.textContent = view.announce;
      });
    }
  }
}
