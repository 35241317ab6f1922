// Credential forms, drawn from the field schema in the view. Secrets never come back in the view:
// what the user typed is kept here, per form, and dropped when the machine starts a new form.
import { html, nothing } from 'lit-html';
import { live } from 'lit-html/directives/live.js';

const INPUT_TYPES = { secret: 'password', email: 'email', url: 'url', number: 'text', text: 'text', subdomain: 'text' };
const AUTOCOMPLETE = { secret: 'off', email: 'email', url: 'url' };

export class SecretStore {
  constructor() {
    this.formId = null;
    this.values = new Map();
  }

  sync(formId) {
    if (formId !== this.formId) {
      this.formId = formId;
      this.values.clear();
    }
  }

  get(name) {
    return this.values.get(name) ?? '';
  }

  set(name, value) {
    this.values.set(name, value);
  }
}

function describedBy(id, field) {
  const parts = [];
  if (field.prefix || field.suffix) parts.push(`${id}-affix`);
  if (field.help) parts.push(`${id}-help`);
  if (field.error) parts.push(`${id}-error`);
  return parts.length ? parts.join(' ') : nothing;
}

function control(field, id, send, secrets) {
  const common = {
    invalid: field.error ? 'true' : 'false',
    describedBy: describedBy(id, field),
  };
  const changed = (value) => send({ type: 'field_changed', name: field.name, value });
  const blurred = () => send({ type: 'field_blurred', name: field.name });

  switch (field.type) {
    case 'textarea':
      return html`<textarea id=${id} name=${field.name} rows="4" spellcheck="false"
        placeholder=${field.placeholder || nothing} ?required=${field.required}
        aria-invalid=${common.invalid} aria-describedby=${common.describedBy} data-focus=${`field:${field.name}`}
        .value=${live(field.value)} @input=${(e) => changed(e.target.value)} @blur=${blurred}></textarea>`;
    case 'select':
      return html`<select id=${id} name=${field.name} ?required=${field.required}
        aria-invalid=${common.invalid} aria-describedby=${common.describedBy} data-focus=${`field:${field.name}`}
        .value=${live(field.value)} @change=${(e) => changed(e.target.value)} @blur=${blurred}>
        <option value="" ?disabled=${field.required}>${field.selectPlaceholder}</option>
        ${field.options.map((opt) => html`<option value=${opt.value} ?selected=${opt.value === field.value}>${opt.label}</option>`)}
      </select>`;
    case 'checkbox':
      return html`<input id=${id} name=${field.name} type="checkbox" ?required=${field.required}
        aria-invalid=${common.invalid} aria-describedby=${common.describedBy} data-focus=${`field:${field.name}`}
        .checked=${live(field.checked)} @change=${(e) => changed(e.target.checked)} @blur=${blurred} />`;
    default: {
      const secret = field.type === 'secret';
      const value = secret ? secrets.get(field.name) : field.value;
      return html`<input id=${id} name=${field.name} type=${INPUT_TYPES[field.type] ?? 'text'}
        inputmode=${field.type === 'number' ? 'decimal' : nothing}
        autocomplete=${AUTOCOMPLETE[field.type] ?? 'off'} spellcheck="false" autocapitalize="off"
        placeholder=${field.placeholder || nothing} maxlength=${field.maxLength ?? nothing}
        ?required=${field.required}
        aria-invalid=${common.invalid} aria-describedby=${common.describedBy} data-focus=${`field:${field.name}`}
        .value=${live(value)}
        @input=${(e) => {
          if (secret) secrets.set(field.name, e.target.value);
          changed(e.target.value);
        }}
        @blur=${blurred} />`;
    }
  }
}

function fieldBlock(field, send, secrets) {
  const id = `authkit-field-${field.name}`;
  const label = html`<label for=${id}>
    ${field.label}${field.optionalLabel ? html` <span class="optional">${field.optionalLabel}</span>` : nothing}
  </label>`;
  const input = control(field, id, send, secrets);
  const affixed = field.prefix || field.suffix
    ? html`<div class="affixed">
        ${field.prefix ? html`<span class="affix" aria-hidden="true">${field.prefix}</span>` : nothing}
        ${input}
        ${field.suffix ? html`<span class="affix" aria-hidden="true">${field.suffix}</span>` : nothing}
        <span id=${`${id}-affix`} class="visually-hidden">${field.prefix}…${field.suffix}</span>
      </div>`
    : input;
  return html`<div class=${field.type === 'checkbox' ? 'field checkbox' : 'field'} data-field=${field.name}>
    ${field.type === 'checkbox' ? html`${affixed}${label}` : html`${label}${affixed}`}
    ${field.help ? html`<p class="help" id=${`${id}-help`}>${field.help}</p>` : nothing}
    ${field.error ? html`<p class="field-error" id=${`${id}-error`}>${field.error}</p>` : nothing}
  </div>`;
}

export function formScreen(view, send, secrets) {
  const form = view.form;
  secrets.sync(form.formId);
  const onSubmit = (event) => {
    event.preventDefault();
    send({ type: 'submit' });
  };
  return html`<form class="form" novalidate @submit=${onSubmit}>
    ${form.fields.map((field) => fieldBlock(field, send, secrets))}
    <button type="submit" class="button primary" data-focus="submit">${form.submitLabel}</button>
  </form>`;
}
