// URL templates: a definition's endpoints may name the person's field values, as in
// https://{shop}.myshopify.com/admin/oauth/authorize. A value put into a host name must be a DNS
// label and the filled host must end with the definition's hostSuffix; a value put anywhere else is
// percent-encoded. So a field value can pick a tenant of the provider, never another host.
import { isAllowedEndpoint, isDnsLabel } from './values.js';

const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9_]*)\}/g;
const URL_PARTS = /^([A-Za-z][A-Za-z0-9+.-]*:\/\/)([^/?#]*)(.*)$/s;
const HOST_SUFFIX = /^(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?){2,}$/;
const ONLY_DOTS = /^\.+$/;

/** The error of a value that cannot be put into a URL; `field` names the value. */
export class TemplateValueError extends Error {
  constructor(field, message) {
    super(message);
    this.code = 'invalid_template_value';
    this.field = field;
  }
}

/** The placeholder names in a text like "Bearer {apiKey}" or "https://{shop}.myshopify.com". */
export function placeholdersOf(text) {
  return [...text.matchAll(PLACEHOLDER)].map((match) => match[1]);
}

export const hasPlaceholders = (text) => placeholdersOf(text).length > 0;

export const isHostSuffix = (value) => typeof value === 'string' && HOST_SUFFIX.test(value);

function splitUrl(template) {
  const match = URL_PARTS.exec(template);
  return match ? { scheme: match[1], authority: match[2], rest: match[3] } : undefined;
}

export function templatesHost(template) {
  return hasPlaceholders(splitUrl(template)?.authority ?? '');
}

function hostValue(values, name) {
  const value = values[name];
  if (!isDnsLabel(value)) {
    throw new TemplateValueError(name, 'This value cannot be used in the provider\'s address: use letters, digits and dashes.');
  }
  return value.toLowerCase();
}

function pathValue(values, name) {
  const value = values[name];
  // A value of dots alone would become a "." or ".." path segment and climb out of the template's path.
  if (typeof value !== 'string' || value.length === 0 || ONLY_DOTS.test(value)) {
    throw new TemplateValueError(name, 'This value cannot be used in the provider\'s address.');
  }
  return encodeURIComponent(value);
}

/** Fills the placeholders of a path (or any text after a URL's host), percent-encoding each value. */
export function fillPathTemplate(template, values) {
  return template.replace(PLACEHOLDER, (_, name) => pathValue(values, name));
}

/**
 * Fills a URL template from `values`. Throws TemplateValueError when a value cannot be used or the
 * filled URL would leave the provider: its host must end with `hostSuffix` when the template puts a
 * value in the host, and keep the template's own origin otherwise.
 */
export function fillUrlTemplate(template, values, { hostSuffix } = {}) {
  if (!hasPlaceholders(template)) return template;
  const { scheme, authority, rest } = splitUrl(template);
  const host = authority.replace(PLACEHOLDER, (_, name) => hostValue(values, name));
  const filled = `${scheme}${host}${fillPathTemplate(rest, values)}`;
  const firstName = placeholdersOf(template)[0];
  let url;
  try {
    url = new URL(filled);
  } catch {
    throw new TemplateValueError(firstName, 'This value cannot be used in the provider\'s address.');
  }
  const leavesProvider = host === authority
    ? url.origin !== new URL(`${scheme}${authority}`).origin
    : !isHostSuffix(hostSuffix) || !url.hostname.endsWith(hostSuffix) || url.hostname.length <= hostSuffix.length;
  if (leavesProvider || !isAllowedEndpoint(filled)) {
    throw new TemplateValueError(placeholdersOf(authority)[0] ?? firstName, 'This value cannot be used in the provider\'s address.');
  }
  return filled;
}

/**
 * Checks a URL template of a definition. `placeholders` maps each usable placeholder name to true,
 * or to the reason it cannot be used. Returns whether the template puts a value in the host.
 */
export function checkUrlTemplate(template, { path, placeholders, hostSuffix }, issues) {
  const endpointMessage = 'must be an https: URL (http: only for 127.0.0.1 or localhost)';
  if (typeof template !== 'string') {
    issues.push({ path, message: endpointMessage });
    return false;
  }
  const names = placeholdersOf(template);
  let usable = true;
  for (const name of names) {
    const verdict = placeholders.get(name);
    if (verdict !== true) {
      usable = false;
      issues.push({ path, message: `names {${name}}, ${verdict ?? 'which is not one of the fields'}` });
    }
  }
  if (!usable) return false;
  const hostTemplated = templatesHost(template);
  if (hostTemplated && !isHostSuffix(hostSuffix)) {
    issues.push({ path, message: 'puts a field in the host name, so the definition needs a hostSuffix like ".myshopify.com"' });
    return hostTemplated;
  }
  const sample = Object.fromEntries(names.map((name) => [name, 'example']));
  try {
    fillUrlTemplate(template, sample, { hostSuffix });
    if (!isAllowedEndpoint(template.replace(PLACEHOLDER, 'example'))) throw new Error('not allowed');
  } catch {
    issues.push({
      path,
      message: hostTemplated ? `${endpointMessage}, whose host ends with the hostSuffix "${hostSuffix}"` : endpointMessage,
    });
  }
  return hostTemplated;
}
