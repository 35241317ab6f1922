// The integration picker: a search combobox over a listbox, category filters, paging.
import { html, nothing } from 'lit-html';
import { live } from 'lit-html/directives/live.js';
import { repeat } from 'lit-html/directives/repeat.js';

const LIST_ID = 'authkit-list';
const optionId = (id) => `authkit-option-${id}`;

// Keys the machine understands, by where the focus is.
const SEARCH_KEYS = new Set(['ArrowDown', 'ArrowUp', 'PageDown', 'PageUp', 'Enter']);
const LIST_KEYS = new Set([...SEARCH_KEYS, 'Home', 'End']);

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

// The initial is always drawn; a logo, when there is one, covers it, and uncovers it if it fails to load.
export function logo(item) {
  const initial = html`<span class="logo logo-text" aria-hidden="true">${[...item.name][0] ?? '?'}</span>`;
  if (!item.logo) return html`<span part="logo" class="logo-stack">${initial}</span>`;
  return html`<span part="logo" class="logo-stack">${initial}<img class="logo" src=${item.logo} alt=""
    loading="lazy" decoding="async" width="32" height="32" @error=${(event) => { event.target.hidden = true; }} /></span>`;
}

function keyHandler(keys, send, { typeAhead = false } = {}) {
  return (event) => {
    // Keys that compose text (an IME choosing kanji, say) belong to the text, not to the list.
    if (event.isComposing || event.keyCode === 229) return;
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (keys.has(event.key)) {
      event.preventDefault();
      send({ type: 'key', key: event.key });
    } else if (typeAhead && event.key.length === 1) {
      event.preventDefault();
      send({ type: 'type_ahead', text: event.key });
    }
  };
}

function categories(catalog, send) {
  if (!catalog.categories.length) return nothing;
  return html`<div class="chips" role="group" aria-label=${catalog.categoriesLabel}>
    ${catalog.categories.map(
      (category) => html`<button
        type="button"
        class="chip"
        aria-pressed=${category.selected ? 'true' : 'false'}
        data-category=${category.id}
        @click=${() => send({ type: 'filter', category: category.id })}
      >${category.label} <span class="count">${category.count}</span></button>`,
    )}
  </div>`;
}

function option(item, catalog, send) {
  return html`<li
    id=${optionId(item.id)}
    role="option"
    class=${item.active ? 'item active' : 'item'}
    aria-selected=${item.active ? 'true' : 'false'}
    data-integration=${item.id}
    @click=${() => send({ type: 'select', integration: item.id })}
  >
    ${logo(item)}
    <span class="item-text">
      <span class="item-name">${highlighted(item.name, item.highlight)}</span>
      <span class="item-meta">${item.category}${item.category ? catalog.metaSeparator : ''}${catalog.authLabels[item.authType]}</span>
    </span>
    ${item.connected ? html`<span class="badge">${catalog.connectedLabel}</span>` : nothing}
  </li>`;
}

export function catalogScreen(view, send) {
  const catalog = view.catalog;
  const activeOption = catalog.activeId ? optionId(catalog.activeId) : nothing;
  return html`<div class="catalog">
    <label class="visually-hidden" for="authkit-search">${catalog.searchLabel}</label>
    <input
      id="authkit-search"
      class="search"
      type="search"
      role="combobox"
      aria-expanded="true"
      aria-controls=${LIST_ID}
      aria-autocomplete="list"
      aria-activedescendant=${activeOption}
      autocomplete="off"
      spellcheck="false"
      data-focus="search"
      placeholder=${catalog.searchPlaceholder}
      .value=${live(catalog.query)}
      @input=${(event) => send({ type: 'search', query: event.target.value })}
      @keydown=${keyHandler(SEARCH_KEYS, send)}
    />
    ${categories(catalog, send)}
    ${catalog.items.length
      ? html`<ul
          id=${LIST_ID}
          class="list"
          role="listbox"
          tabindex="0"
          aria-label=${catalog.listLabel}
          aria-activedescendant=${activeOption}
          @keydown=${keyHandler(LIST_KEYS, send, { typeAhead: true })}
        >
          ${repeat(catalog.items, (item) => item.id, (item) => option(item, catalog, send))}
        </ul>`
      : html`<p id=${LIST_ID} class="empty" role="status">${catalog.emptyText}</p>`}
    ${catalog.moreText
      ? html`<div class="more">
          <p class="muted">${catalog.moreText}</p>
          <button type="button" class="button" @click=${() => send({ type: 'show_more' })}>${catalog.showMoreLabel}</button>
        </div>`
      : nothing}
  </div>`;
}

/** Keeps the active option in sight as arrow keys move it. */
export function revealActive(root) {
  root.querySelector('[role="option"][aria-selected="true"]')?.scrollIntoView?.({ block: 'nearest' });
}
