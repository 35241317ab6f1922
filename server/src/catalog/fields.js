// The credential-field schema of docs/fields.md: checking a definition's field list, and checking the
// values a person submitted against it. The browser's machine applies the same rules in the same
// order (tests/fixtures/field-rules.json keeps the two honest), so a form that passes there passes here.
import { PatternError, compilePattern } from './pattern.js';
import {
  checkKnownKeys, hasWhitespace, isBlank, isDnsLabel, isNonEmptyString, isPlainObject,
} from './values.js';

export const FIELD_TYPES = Object.freeze([
  'text', 'secret', 'email', 'url', 'number', 'select', 'checkbox', 'textarea', 'subdomain',
]);

/**
 * Machine-readable names of the rule a value broke, as validateFields reports them in `rules`. The
 * first eight are the rules of docs/fields.md; `type` (a JSON value of the wrong kind), `hidden` (a
 * hidden field sent with another value than its default) and `unexpected` (a name the schema does
 * not have) only happen to requests that did not come from the widget.
 */
export const FIELD_RULES = Object.freeze([
  'required', 'minLength', 'maxLength', 'format', 'min', 'max', 'options', 'pattern', 'type', 'hidden', 'unexpected',
]);

const FIELD_KEYS = [
  'name', 'label', 'type', 'required', 'minLength', 'maxLength', 'pattern', 'patternMessage', 'min', 'max',
  'options', 'prefix', 'suffix', 'placeholder', 'help', 'default', 'hidden',
];
const FIELD_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const NUMBER_PATTERN = /^[+-]?[0-9]*\.?[0-9]*$/;
const HTTPS_PREFIX = 'https://';

const MESSAGES = {
  required: () => 'This field is required.',
  minLength: (field) => `Must be at least ${field.minLength} characters.`,
  maxLength: (field) => `Must be at most ${field.maxLength} characters.`,
  email: () => 'Must be an email address.',
  url: () => 'Must be a URL starting with https://.',
  number: () => 'Must be a number.',
  subdomain: () => 'Must be letters, digits and dashes (at most 63, not starting or ending with a dash).',
  checkbox: () => 'Must be checked or unchecked.',
  min: (field) => `Must be at least ${field.min}.`,
  max: (field) => `Must be at most ${field.max}.`,
  options: () => 'Must be one of the listed options.',
  pattern: (field) => field.patternMessage ?? 'Does not have the expected format.',
  type: () => 'Must be text.',
  hidden: () => 'This field cannot be changed.',
  unexpected: () => 'This field is not expected.',
};

const broken = (rule, message) => ({ rule, message });

const codePointLength = (value) => [...value].length;

// One "@", something before it, a dot after at least one character of domain, a non-empty last label.
function isEmail(value) {
  const at = value.indexOf('@');
  if (at < 1 || value.indexOf('@', at + 1) !== -1 || hasWhitespace(value)) return false;
  const domain = value.slice(at + 1);
  return domain.indexOf('.', 1) !== -1 && !domain.endsWith('.');
}

function isHttpsAddress(value) {
  if (!value.startsWith(HTTPS_PREFIX) || value.length === HTTPS_PREFIX.length || hasWhitespace(value)) return false;
  const first = value[HTTPS_PREFIX.length];
  return first !== '/' && first !== '.';
}

const isNumber = (value) => NUMBER_PATTERN.test(value) && /[0-9]/.test(value);

// Rule 3 of docs/fields.md, by type: the format, then the bounds or options that depend on it.
function checkFormat(field, value) {
  switch (field.type) {
    case 'email': return isEmail(value) ? undefined : broken('format', MESSAGES.email());
    case 'url': return isHttpsAddress(value) ? undefined : broken('format', MESSAGES.url());
    case 'subdomain': return isDnsLabel(value) ? undefined : broken('format', MESSAGES.subdomain());
    case 'select':
      return (field.options ?? []).some((option) => option.value === value) ? undefined : broken('options', MESSAGES.options());
    case 'number': {
      if (!isNumber(value)) return broken('format', MESSAGES.number());
      const number = Number(value);
      if (field.min !== undefined && number < field.min) return broken('min', MESSAGES.min(field));
      if (field.max !== undefined && number > field.max) return broken('max', MESSAGES.max(field));
      return undefined;
    }
    default: return undefined;
  }
}

/**
 * The first rule of docs/fields.md that `value` breaks for a normalized field, as { rule, message },
 * or undefined when it passes. A checkbox's value is a boolean; every other value is a string.
 */
export function checkFieldValue(field, value) {
  if (field.type === 'checkbox') {
    if (value === undefined || value === null || value === false) {
      return field.required ? broken('required', MESSAGES.required()) : undefined;
    }
    return value === true ? undefined : broken('format', MESSAGES.checkbox());
  }
  if (value === undefined || value === null) value = '';
  if (typeof value !== 'string') return broken('type', MESSAGES.type());
  if (isBlank(value)) return field.required ? broken('required', MESSAGES.required()) : undefined;
  const length = codePointLength(value);
  if (field.minLength !== undefined && length < field.minLength) return broken('minLength', MESSAGES.minLength(field));
  if (field.maxLength !== undefined && length > field.maxLength) return broken('maxLength', MESSAGES.maxLength(field));
  const format = checkFormat(field, value);
  if (format) return format;
  if (field.pattern !== undefined && !compilePattern(field.pattern)(value)) {
    return broken('pattern', MESSAGES.pattern(field));
  }
  return undefined;
}

const isEmptyValue = (value) => value === undefined || value === null || value === false
  || (typeof value === 'string' && isBlank(value));

/**
 * Checks submitted values against a definition's fields. Returns
 * { ok, values, errors: { name: message }, rules: { name: rule } } where `values` (only when ok)
 * holds the non-empty values: strings, and `true` for a ticked checkbox. A hidden field takes its
 * default when it is left out; a number may also be sent as a JSON number.
 */
export function validateFields(definition, submitted = {}) {
  const errors = {};
  const rules = {};
  const values = {};
  const report = (name, { rule, message }) => {
    errors[name] = message;
    rules[name] = rule;
  };
  if (!isPlainObject(submitted)) {
    report('_', broken('type', 'The fields must be an object of field names to values.'));
    return { ok: false, values: {}, errors, rules };
  }
  const known = new Set(definition.fields.map((field) => field.name));
  for (const name of Object.keys(submitted)) {
    if (!known.has(name)) report(name, broken('unexpected', MESSAGES.unexpected()));
  }
  for (const field of definition.fields) {
    let value = submitted[field.name];
    if (field.type === 'number' && typeof value === 'number' && Number.isFinite(value)) value = String(value);
    if (field.hidden) {
      if (value === undefined) value = field.default;
      else if (value !== (field.default ?? '')) {
        report(field.name, broken('hidden', MESSAGES.hidden()));
        continue;
      }
    }
    const problem = checkFieldValue(field, value);
    if (problem) report(field.name, problem);
    else if (!isEmptyValue(value)) values[field.name] = value;
  }
  const ok = Object.keys(errors).length === 0;
  return { ok, values: ok ? values : {}, errors, rules };
}

/** The names of the secret fields of a definition. */
export function secretFieldNames(definition) {
  return definition.fields.filter((field) => field.type === 'secret').map((field) => field.name);
}

function checkBounds(raw, field, path, issues) {
  for (const bound of ['minLength', 'maxLength']) {
    if (raw[bound] === undefined) continue;
    if (!Number.isInteger(raw[bound]) || raw[bound] < 0) {
      issues.push({ path: `${path}.${bound}`, message: 'must be a whole number, 0 or more' });
    } else {
      field[bound] = raw[bound];
    }
  }
  if (field.minLength !== undefined && field.maxLength !== undefined && field.minLength > field.maxLength) {
    issues.push({ path: `${path}.maxLength`, message: 'must not be less than minLength' });
  }
  for (const bound of ['min', 'max']) {
    if (raw[bound] === undefined) continue;
    if (field.type !== 'number') {
      issues.push({ path: `${path}.${bound}`, message: 'only applies to number fields' });
    } else if (typeof raw[bound] !== 'number' || !Number.isFinite(raw[bound])) {
      issues.push({ path: `${path}.${bound}`, message: 'must be a number' });
    } else {
      field[bound] = raw[bound];
    }
  }
  if (field.min !== undefined && field.max !== undefined && field.min > field.max) {
    issues.push({ path: `${path}.max`, message: 'must not be less than min' });
  }
}

function checkOptions(raw, field, path, issues) {
  if (field.type !== 'select') {
    if (raw.options !== undefined) issues.push({ path: `${path}.options`, message: 'only applies to select fields' });
    return;
  }
  if (!Array.isArray(raw.options) || raw.options.length === 0) {
    issues.push({ path: `${path}.options`, message: 'must list at least one { value, label } for a select field' });
    return;
  }
  const seen = new Set();
  field.options = raw.options.map((option, index) => {
    const optionPath = `${path}.options[${index}]`;
    if (!isPlainObject(option) || !isNonEmptyString(option.value) || !isNonEmptyString(option.label)) {
      issues.push({ path: optionPath, message: 'must be { "value": non-empty string, "label": non-empty string }' });
      return option;
    }
    if (seen.has(option.value)) issues.push({ path: `${optionPath}.value`, message: 'is used twice' });
    seen.add(option.value);
    return { value: option.value, label: option.label };
  });
}

function checkPattern(raw, field, path, issues) {
  if (raw.pattern !== undefined) {
    if (field.type === 'checkbox') {
      issues.push({ path: `${path}.pattern`, message: 'does not apply to checkbox fields' });
    } else {
      try {
        compilePattern(raw.pattern);
        field.pattern = raw.pattern;
      } catch (error) {
        if (!(error instanceof PatternError)) throw error;
        issues.push({ path: `${path}.pattern`, message: `${error.message}; see docs/fields.md for the supported subset` });
      }
    }
  }
  if (raw.patternMessage !== undefined) {
    if (!isNonEmptyString(raw.patternMessage)) issues.push({ path: `${path}.patternMessage`, message: 'must be a non-empty string' });
    else if (raw.pattern === undefined) issues.push({ path: `${path}.patternMessage`, message: 'is only used with pattern' });
    else field.patternMessage = raw.patternMessage;
  }
}

function checkTexts(raw, field, path, issues) {
  for (const key of ['prefix', 'suffix']) {
    if (raw[key] === undefined) continue;
    if (field.type !== 'subdomain' && field.type !== 'text') {
      issues.push({ path: `${path}.${key}`, message: 'only applies to subdomain and text fields' });
    } else if (typeof raw[key] !== 'string') {
      issues.push({ path: `${path}.${key}`, message: 'must be a string' });
    } else {
      field[key] = raw[key];
    }
  }
  for (const key of ['placeholder', 'help']) {
    if (raw[key] === undefined) continue;
    if (typeof raw[key] !== 'string') issues.push({ path: `${path}.${key}`, message: 'must be a string' });
    else field[key] = raw[key];
  }
}

// The default is sent to the browser with the schema, and a hidden field's default is its value.
function checkDefault(raw, field, path, issues) {
  if (raw.hidden !== undefined) {
    if (typeof raw.hidden !== 'boolean') issues.push({ path: `${path}.hidden`, message: 'must be true or false' });
    else field.hidden = raw.hidden;
  }
  if (raw.default !== undefined) {
    if (field.type === 'secret') {
      issues.push({ path: `${path}.default`, message: 'is not allowed on a secret field: the schema, defaults included, is sent to the browser' });
    } else if (field.type === 'checkbox' ? typeof raw.default !== 'boolean' : typeof raw.default !== 'string') {
      issues.push({ path: `${path}.default`, message: field.type === 'checkbox' ? 'must be true or false' : 'must be a string' });
    } else {
      const problem = isEmptyValue(raw.default) ? undefined : checkFieldValue(field, raw.default);
      if (problem) issues.push({ path: `${path}.default`, message: `breaks the field's own rules: ${problem.message}` });
      else field.default = raw.default;
    }
  }
  if (field.hidden && field.required && isEmptyValue(field.default)) {
    issues.push({ path: `${path}.default`, message: 'is needed: a hidden required field submits its default' });
  }
}

/** Validates and normalizes one field of a definition; issues are { path, message }. */
export function checkField(raw, path, issues) {
  if (!isPlainObject(raw)) {
    issues.push({ path, message: 'must be an object' });
    return undefined;
  }
  checkKnownKeys(raw, FIELD_KEYS, path, issues, 'field setting');
  const field = { name: raw.name, label: raw.label, type: raw.type ?? 'text', required: raw.required ?? false };
  if (typeof raw.name !== 'string' || !FIELD_NAME_PATTERN.test(raw.name)) {
    issues.push({ path: `${path}.name`, message: 'must start with a letter and contain only letters, digits and _ (at most 64)' });
  }
  if (!isNonEmptyString(raw.label)) issues.push({ path: `${path}.label`, message: 'must be a non-empty string' });
  if (!FIELD_TYPES.includes(field.type)) {
    issues.push({ path: `${path}.type`, message: `must be one of ${FIELD_TYPES.join(', ')}` });
  }
  if (typeof field.required !== 'boolean') issues.push({ path: `${path}.required`, message: 'must be true or false' });
  if (field.type === 'checkbox' && (raw.minLength !== undefined || raw.maxLength !== undefined)) {
    issues.push({ path: `${path}.type`, message: 'checkbox fields take no minLength or maxLength' });
  }
  checkBounds(raw, field, path, issues);
  checkOptions(raw, field, path, issues);
  checkPattern(raw, field, path, issues);
  checkTexts(raw, field, path, issues);
  checkDefault(raw, field, path, issues);
  return field;
}

/** Checks a definition's `fields` list: returns the normalized fields. */
export function checkFields(raw, path, issues) {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    issues.push({ path, message: 'must be an array' });
    return [];
  }
  const seen = new Set();
  const fields = [];
  raw.forEach((rawField, index) => {
    const field = checkField(rawField, `${path}[${index}]`, issues);
    if (!field) return;
    if (seen.has(field.name)) issues.push({ path: `${path}[${index}].name`, message: 'is used twice' });
    seen.add(field.name);
    fields.push(field);
  });
  return fields;
}
