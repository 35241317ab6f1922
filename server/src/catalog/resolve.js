// A definition made concrete for one connection: its URL templates filled with that connection's
// field values. Flows, the credential check, refresh and the passthrough proxy all reach the
// provider through the URLs this returns, so the host checks of url-template.js apply to each.
import { fillPathTemplate, fillUrlTemplate, TemplateValueError } from './url-template.js';

// Values computed from a field, such as the data center at the end of a Mailchimp key ("…-us6").
function derive(definition, values) {
  const derived = {};
  for (const [name, { from, afterLast }] of Object.entries(definition.derivedValues ?? {})) {
    const source = values[from];
    const at = typeof source === 'string' ? source.lastIndexOf(afterLast) : -1;
    // Without the separator the "suffix" would be the whole value, which may be a secret.
    if (at === -1) throw new TemplateValueError(from, 'This value is not in the expected format.');
    derived[name] = source.slice(at + afterLast.length);
  }
  return derived;
}

/**
 * The definition with authorizationEndpoint, tokenEndpoint, api.baseUrl and verify.path filled from
 * `values` (a connection's or a flow's field values). Throws TemplateValueError, whose `field` names
 * the value at fault, when a value cannot be used. Before the sign-in has brought the values its
 * definition captures (oauth.captures), the API's address cannot be known yet: api.baseUrl is null.
 */
export function resolveDefinition(definition, values = {}) {
  const all = { ...values, ...derive(definition, values) };
  const fill = (template) => fillUrlTemplate(template, all, { hostSuffix: definition.hostSuffix });
  const resolved = { ...definition };
  if (definition.oauth) {
    resolved.oauth = {
      ...definition.oauth,
      authorizationEndpoint: fill(definition.oauth.authorizationEndpoint),
      tokenEndpoint: fill(definition.oauth.tokenEndpoint),
      ...(definition.oauth.revocationEndpoint ? { revocationEndpoint: fill(definition.oauth.revocationEndpoint) } : {}),
    };
  }
  const awaitingCaptures = Object.keys(definition.oauth?.captures ?? {}).some((name) => all[name] === undefined);
  if (definition.api) resolved.api = { ...definition.api, baseUrl: awaitingCaptures ? null : fill(definition.api.baseUrl) };
  if (definition.verify) resolved.verify = { ...definition.verify, path: fillPathTemplate(definition.verify.path, all) };
  return resolved;
}
