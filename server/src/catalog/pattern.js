// Field patterns: the regular-expression subset of docs/fields.md, which the browser's machine
// implements with its own matcher. A pattern is parsed here so that anything outside the subset is
// refused when the configuration loads, then rewritten into an explicit form (class escapes spelled
// out as code point ranges, every group non-capturing) and matched with RE2's linear-time engine:
// a backtracking engine would let one crafted value pin a CPU on a pattern like (a*)*b.
import { RE2JS } from 're2js';

const MAX_REPEAT = 1000;
// A rough count of the matcher instructions a pattern expands to. The machine refuses programs over
// 20000 instructions; staying well under that keeps every pattern the service accepts usable there.
const MAX_PROGRAM_SIZE = 10000;

const MAX_CODE_POINT = 0x10ffff;
// The code point ranges of the class escapes, as JavaScript defines them: \d and \w are ASCII, \s is
// JavaScript's whitespace (what String.prototype.trim removes). The machine uses the same tables.
const CLASS_ESCAPES = {
  d: [[0x30, 0x39]],
  w: [[0x30, 0x39], [0x41, 0x5a], [0x5f, 0x5f], [0x61, 0x7a]],
  s: [[0x09, 0x0d], [0x20, 0x20], [0xa0, 0xa0], [0x1680, 0x1680], [0x2000, 0x200a], [0x2028, 0x2029],
    [0x202f, 0x202f], [0x205f, 0x205f], [0x3000, 0x3000], [0xfeff, 0xfeff]],
};
// `.` is any code point but a line terminator (\n, \r, U+2028, U+2029), as in JavaScript.
const ANY_BUT_LINE_BREAK = '[^\\x{a}\\x{d}\\x{2028}\\x{2029}]';
const ESCAPABLE = new Set(['.', '-', '\\', '/', '(', ')', '[', ']', '{', '}', '*', '+', '?', '|', '^', '$']);
const QUANTIFIER_START = new Set(['*', '+', '?', '{']);
const COUNTED = /^\{(\d+)(,(\d*))?\}/;

export class PatternError extends Error {
  constructor(message, index) {
    super(index === undefined ? message : `${message} (at character ${index + 1})`);
    this.code = 'invalid_pattern';
  }
}

// Every literal is written as a code point escape, so no character can take a meaning in RE2 syntax
// that it did not have in the subset.
const literal = (codePoint) => `\\x{${codePoint.toString(16)}}`;

// The ranges not in `ranges` (sorted, disjoint): \D, \W and \S, which can then sit inside a class.
function complement(ranges) {
  const out = [];
  let next = 0;
  for (const [first, last] of ranges) {
    if (first > next) out.push([next, first - 1]);
    next = last + 1;
  }
  if (next <= MAX_CODE_POINT) out.push([next, MAX_CODE_POINT]);
  return out;
}

const rangeSource = (ranges) => ranges
  .map(([first, last]) => (first === last ? literal(first) : `${literal(first)}-${literal(last)}`)).join('');

function escapeProblem(letter) {
  if (/[0-9]/.test(letter)) return 'backreferences are not supported';
  if (letter === 'b' || letter === 'B') return 'word boundaries (\\b, \\B) are not supported';
  if (letter === 'p' || letter === 'P') return 'Unicode property escapes (\\p{…}) are not supported';
  if (letter === 'u' || letter === 'x') return 'character code escapes (\\u…, \\x…) are not supported';
  if (letter === 'k') return 'named backreferences are not supported';
  return `the escape \\${letter} is not supported`;
}

function repeatedSize(size, { min, max }) {
  if (max === undefined) return (min + 1) * (size + 2);
  return max * (size + 1);
}

class Parser {
  constructor(source) {
    this.chars = [...source];
    this.position = 0;
  }

  peek(offset = 0) {
    return this.chars[this.position + offset];
  }

  fail(message, index = this.position) {
    throw new PatternError(message, index);
  }

  parse() {
    let end = this.chars.length;
    // The match is always of the whole value, so leading ^ and trailing $ only restate that.
    if (this.peek() === '^') this.position = 1;
    if (end > this.position && this.chars[end - 1] === '$' && !this.isEscaped(end - 1)) end -= 1;
    this.end = end;
    const { source, size } = this.alternation();
    if (this.position < this.end) {
      this.fail(this.peek() === ')' ? 'a ) has no matching (' : `unexpected ${this.peek()}`);
    }
    if (size > MAX_PROGRAM_SIZE) throw new PatternError('is too large (its repeats expand beyond what a form can check quickly)');
    return source;
  }

  isEscaped(index) {
    let backslashes = 0;
    for (let at = index - 1; at >= 0 && this.chars[at] === '\\'; at -= 1) backslashes += 1;
    return backslashes % 2 === 1;
  }

  atEnd() {
    return this.position >= this.end;
  }

  // Each part returns { source (RE2 syntax), size (its expanded instruction count) }.
  alternation() {
    const branches = [this.sequence()];
    while (!this.atEnd() && this.peek() === '|') {
      this.position += 1;
      branches.push(this.sequence());
    }
    return {
      source: branches.map((branch) => branch.source).join('|'),
      size: branches.reduce((total, branch) => total + branch.size, 2 * (branches.length - 1)),
    };
  }

  sequence() {
    let source = '';
    let size = 0;
    while (!this.atEnd() && this.peek() !== '|' && this.peek() !== ')') {
      const atom = this.atom();
      const repeat = this.quantifier();
      source += atom.source + repeat.source;
      size += repeatedSize(atom.size, repeat);
    }
    return { source, size };
  }

  atom() {
    const char = this.peek();
    const start = this.position;
    if (QUANTIFIER_START.has(char) && (char !== '{' || this.countedAhead())) {
      this.fail(`${char} has nothing before it to repeat`, start);
    }
    this.position += 1;
    const single = (source) => ({ source, size: 1 });
    switch (char) {
      case '.': return single(ANY_BUT_LINE_BREAK);
      case '\\': return single(this.escape(start));
      case '[': return single(this.bracketClass(start));
      case '(': return this.group(start);
      case '^': return this.fail('^ is only allowed as the first character', start);
      case '$': return this.fail('$ is only allowed as the last character', start);
      case ']': return this.fail('a literal ] must be written \\]', start);
      case '}': return this.fail('a literal } must be written \\}', start);
      case '{': return this.fail('a { must start a repeat like {2} or {1,3}; a literal { is written \\{', start);
      default: return single(literal(char.codePointAt(0)));
    }
  }

  // After a backslash: the escaped character as { codePoint }, or a class escape's ranges as { set }.
  escaped(backslashAt) {
    if (this.atEnd()) this.fail('the pattern ends with a lone backslash', backslashAt);
    const letter = this.peek();
    this.position += 1;
    const ranges = CLASS_ESCAPES[letter.toLowerCase()];
    if (ranges) return { set: rangeSource(letter === letter.toLowerCase() ? ranges : complement(ranges)) };
    if (ESCAPABLE.has(letter)) return { codePoint: letter.codePointAt(0) };
    return this.fail(escapeProblem(letter), backslashAt);
  }

  escape(backslashAt) {
    const { set, codePoint } = this.escaped(backslashAt);
    return set === undefined ? literal(codePoint) : `[${set}]`;
  }

  group(start) {
    if (this.peek() === '?') {
      if (this.peek(1) !== ':') {
        const next = `${this.peek(1) ?? ''}${this.peek(2) ?? ''}`;
        if (next.startsWith('=') || next.startsWith('!') || next === '<=' || next === '<!') {
          this.fail('lookaround ((?=…), (?!…), (?<=…), (?<!…)) is not supported', start);
        }
        if (next.startsWith('<')) this.fail('named groups are not supported', start);
        this.fail('only (…) and (?:…) groups are supported (no flags or other group kinds)', start);
      }
      this.position += 2;
    }
    const inner = this.alternation();
    if (this.atEnd() || this.peek() !== ')') this.fail('a ( is never closed', start);
    this.position += 1;
    return { source: `(?:${inner.source})`, size: inner.size };
  }

  // One member of a bracket class: { codePoint } for a character, { set } for \d and the like.
  classMember(classStart) {
    if (this.atEnd()) this.fail('a [ is never closed', classStart);
    const at = this.position;
    const char = this.peek();
    this.position += 1;
    if (char === '\\') return this.escaped(at);
    if (char === '[') this.fail('a literal [ inside a class must be written \\[', at);
    return { codePoint: char.codePointAt(0) };
  }

  bracketClass(start) {
    let negated = false;
    if (this.peek() === '^') {
      negated = true;
      this.position += 1;
    }
    const parts = [];
    for (;;) {
      if (this.atEnd()) this.fail('a [ is never closed', start);
      const at = this.position;
      const char = this.peek();
      if (char === ']') {
        if (parts.length === 0) this.fail('an empty class matches nothing; a literal ] is written \\]', start);
        this.position += 1;
        break;
      }
      if (char === '-') {
        // An unescaped - is literal only as the first or the last member.
        if (parts.length > 0 && this.peek(1) !== ']') {
          this.fail('a literal - inside a class must be first, last, or written \\-', at);
        }
        this.position += 1;
        parts.push(literal(0x2d));
        continue;
      }
      const low = this.classMember(start);
      if (this.peek() === '-' && this.peek(1) !== ']' && this.position + 1 < this.end) {
        this.position += 1;
        const high = this.classMember(start);
        if (low.set || high.set) this.fail('a class escape like \\d cannot be an end of a range', at);
        if (low.codePoint > high.codePoint) this.fail('the range is out of order', at);
        parts.push(`${literal(low.codePoint)}-${literal(high.codePoint)}`);
      } else {
        parts.push(low.set ?? literal(low.codePoint));
      }
    }
    return `[${negated ? '^' : ''}${parts.join('')}]`;
  }

  // The quantifier after an atom as { source, min, max } (max undefined: unbounded); source '' when none.
  quantifier() {
    const none = { source: '', min: 1, max: 1 };
    if (this.atEnd()) return none;
    const char = this.peek();
    let repeat;
    if (char === '*' || char === '+' || char === '?') {
      this.position += 1;
      repeat = { source: char, min: char === '+' ? 1 : 0, max: char === '?' ? 1 : undefined };
    } else if (char === '{' && this.countedAhead()) {
      repeat = this.counted();
    } else {
      return none;
    }
    const next = this.peek();
    if (!this.atEnd() && QUANTIFIER_START.has(next) && (next !== '{' || this.countedAhead())) {
      this.fail(next === '?'
        ? 'lazy quantifiers (*?, +?, ??, {n,m}?) are not supported'
        : 'a quantifier cannot follow another quantifier');
    }
    return repeat;
  }

  countedAhead() {
    return COUNTED.test(this.chars.slice(this.position, this.end).join(''));
  }

  counted() {
    const start = this.position;
    const match = COUNTED.exec(this.chars.slice(start, this.end).join(''));
    const low = Number(match[1]);
    const high = match[2] === undefined ? low : match[3] === '' ? undefined : Number(match[3]);
    if (low > MAX_REPEAT || (high !== undefined && high > MAX_REPEAT)) {
      this.fail(`repeat counts are at most ${MAX_REPEAT}`, start);
    }
    if (high !== undefined && low > high) this.fail('the repeat range is out of order', start);
    this.position += match[0].length;
    return { source: match[0], min: low, max: high };
  }
}

/** Rewrites a pattern of the subset into RE2 syntax; throws PatternError when it is outside the subset. */
export function translatePattern(pattern) {
  if (typeof pattern !== 'string') throw new PatternError('must be a string');
  return new Parser(pattern).parse();
}

const compiled = new Map();

/**
 * A whole-value matcher for a pattern of the subset: (value) => boolean. Compiled once per pattern.
 * Throws PatternError for a pattern outside the subset or one too large to run in bounded time.
 */
export function compilePattern(pattern) {
  let matcher = compiled.get(pattern);
  if (matcher) return matcher;
  const source = translatePattern(pattern);
  let program;
  try {
    program = RE2JS.compile(source);
  } catch {
    // RE2 refuses nested repeats whose total count exceeds its limit; the subset's own rules passed.
    throw new PatternError('is too large (nested repeats multiply beyond 1000)');
  }
  matcher = (value) => program.matches(value);
  compiled.set(pattern, matcher);
  return matcher;
}
