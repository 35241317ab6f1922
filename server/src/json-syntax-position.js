// Where a JSON text first breaks the grammar, as a line and a column. JSON.parse's own message
// quotes the characters around the error, and in a config file those can be part of a secret; the
// place alone lets a person find the mistake without the text being printed to a log.

const WHITESPACE = /[ \t\n\r]*/y;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERAL = /true|false|null/y;
// A string up to its closing quote: the character after the match is either that quote or the error.
const STRING_BODY = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*/y;

function endOf(pattern, text, at) {
  pattern.lastIndex = at;
  return pattern.test(text) ? pattern.lastIndex : undefined;
}

const skipWhitespace = (text, at) => endOf(WHITESPACE, text, at);

// A string, number or literal starting at `at`: { end } after it, or { error } where it breaks.
function readScalar(text, at) {
  if (text[at] === '"') {
    const end = endOf(STRING_BODY, text, at);
    return text[end] === '"' ? { end: end + 1 } : { error: end };
  }
  const end = endOf(NUMBER, text, at) ?? endOf(LITERAL, text, at);
  return end === undefined ? { error: at } : { end };
}

// The offset of the first character that cannot continue a valid JSON text (text.length when the
// text ends too early), or undefined when the whole text is valid. Iterative, so deep nesting is fine.
function errorOffset(text) {
  const open = []; // the '{' and '[' not closed yet
  let state = 'value'; // 'value', 'key' (in an object, before a property name) or 'after' (a value ended)
  let at = 0;
  for (;;) {
    at = skipWhitespace(text, at);
    const char = text[at];
    if (state === 'after') {
      const container = open.at(-1);
      if (container === undefined) return at === text.length ? undefined : at;
      if (char === ',') {
        at += 1;
        state = container === '{' ? 'key' : 'value';
      } else if (char === (container === '{' ? '}' : ']')) {
        at += 1;
        open.pop();
      } else {
        return at;
      }
    } else if (state === 'key') {
      if (char !== '"') return at;
      const name = readScalar(text, at);
      if (name.error !== undefined) return name.error;
      at = skipWhitespace(text, name.end);
      if (text[at] !== ':') return at;
      at += 1;
      state = 'value';
    } else if (char === '{' || char === '[') {
      const close = char === '{' ? '}' : ']';
      const next = skipWhitespace(text, at + 1);
      if (text[next] === close) {
        at = next + 1;
        state = 'after';
      } else {
        open.push(char);
        at = next;
        state = char === '{' ? 'key' : 'value';
      }
    } else {
      const value = readScalar(text, at);
      if (value.error !== undefined) return value.error;
      at = value.end;
      state = 'after';
    }
  }
}

/** { line, column } (both from 1) of the first syntax error in `text`, or undefined if there is none. */
export function jsonSyntaxPosition(text) {
  const offset = errorOffset(text);
  if (offset === undefined) return undefined;
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const line = text.slice(0, lineStart).split('\n').length;
  // Columns count characters, as editors do, not UTF-16 units.
  const column = [...text.slice(lineStart, offset)].length + 1;
  return { line, column };
}
