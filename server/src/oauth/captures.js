// Values a definition captures from a finished sign-in (`oauth.captures`): a callback query parameter
// (QuickBooks' realmId) or a member of the token answer (Slack's team.id). They are not secrets: they
// are stored with the connection's field values, shown in its metadata and fill the API's addresses.
import { valueAtPath } from '../catalog/oauth-quirks.js';

const MAX_LENGTH = 512;
const UNSTORABLE = /[\u0000-\u001f\u007f]/;

function asText(value) {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_LENGTH || UNSTORABLE.test(value)) return undefined;
  return value;
}

/**
 * { name: value } for each capture of `definition` found in `callback` (URLSearchParams) or `answer`
 * (the parsed token answer). A value that is missing, repeated or not a short single-line text is
 * left out; an address that needs it then says the connection must be made again.
 */
export function capturedValues(definition, { callback, answer }) {
  const values = {};
  for (const [name, { from, key }] of Object.entries(definition.oauth.captures ?? {})) {
    let value;
    if (from === 'callback') {
      const all = callback.getAll(key);
      value = all.length === 1 ? asText(all[0]) : undefined;
    } else {
      value = asText(valueAtPath(answer, key));
    }
    if (value !== undefined) values[name] = value;
  }
  return values;
}
