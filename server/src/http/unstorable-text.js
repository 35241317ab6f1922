// Text the stores cannot hold, refused before any route reads it: NUL (U+0000), which PostgreSQL
// allows in no text or JSONB value, and unpaired UTF-16 surrogates (a JSON body can carry one as an
// escape like \ud800; it has no UTF-8 form, so the driver would store U+FFFD instead, and JSONB
// refuses the escape). Without this check such a value reaches a query and fails there as a 500 on
// PostgreSQL, while SQLite takes it; refusing it here gives both stores the same clear answer.
import { ServiceError } from '../errors.js';

// Headers whose values are used to look records up.
const CHECKED_HEADERS = ['x-authkit-connection-key'];
// A wildcard parameter is a path the passthrough forwards, never stores; its route refuses control
// characters in it with its own code.
const FORWARDED_PARAMETER = '*';
const MAX_REPORTED = 10;

const VALUE_PROBLEM = 'Contains a NUL character or an unpaired surrogate, which cannot be stored.';
const NAME_PROBLEM = 'Has a property name with a NUL character or an unpaired surrogate, which cannot be stored.';

const isStorable = (text) => !text.includes('\0') && text.isWellFormed();
const isContainer = (value) => typeof value === 'object' && value !== null
  && (Array.isArray(value) || Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null);

/**
 * Walks `value` (strings, plain objects, arrays; anything else is not text) without recursion, so a
 * deeply nested body cannot exhaust the stack. Calls report(path, message) for each problem.
 */
function checkValue(value, path, report) {
  const pending = [[value, path]];
  while (pending.length > 0) {
    const [current, where] = pending.pop();
    if (typeof current === 'string') {
      if (!isStorable(current)) report(where, VALUE_PROBLEM);
    } else if (Array.isArray(current)) {
      current.forEach((item, index) => pending.push([item, `${where}[${index}]`]));
    } else if (isContainer(current)) {
      for (const [name, item] of Object.entries(current)) {
        if (!isStorable(name)) report(where, NAME_PROBLEM);
        else pending.push([item, `${where}.${name}`]);
      }
    }
  }
}

/** { location: message } for every unstorable value of the request (at most MAX_REPORTED). */
export function unstorableText(request) {
  const problems = {};
  let count = 0;
  const report = (where, message) => {
    if (count >= MAX_REPORTED || Object.hasOwn(problems, where)) return;
    problems[where] = message;
    count += 1;
  };
  for (const [name, value] of Object.entries(request.params ?? {})) {
    if (name !== FORWARDED_PARAMETER) checkValue(value, `path.${name}`, report);
  }
  // fastify's parsed query is a dictionary object of its own kind, not a plain one.
  for (const [name, value] of Object.entries(request.query ?? {})) {
    if (!isStorable(name)) report('query', NAME_PROBLEM);
    else checkValue(value, `query.${name}`, report);
  }
  for (const name of CHECKED_HEADERS) checkValue(request.headers[name], `header.${name}`, report);
  const { body } = request;
  if (body instanceof URLSearchParams) {
    for (const [name, value] of body) {
      if (!isStorable(name)) report('body', NAME_PROBLEM);
      else checkValue(value, `body.${name}`, report);
    }
  } else {
    checkValue(body, 'body', report);
  }
  return problems;
}

/** preValidation hook for every route: refuses the request with 400 invalid_characters. */
export async function refuseUnstorableText(request) {
  const problems = unstorableText(request);
  if (Object.keys(problems).length === 0) return;
  throw new ServiceError('invalid_characters',
    'The request contains a NUL character or an unpaired surrogate, which cannot be stored. Remove it and send the '
    + 'request again.', { status: 400, fields: problems });
}
