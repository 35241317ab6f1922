// The TypeScript declarations are the published contract: they must compile for a host app, and
// their closed lists (error codes, event names) must be exactly what the state machine produces.
// No browser here: these read the sources and run the TypeScript compiler.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';

const root = fileURLToPath(new URL('../..', import.meta.url));
const read = (path) => readFileSync(join(root, path), 'utf8');
const withoutComments = (text) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
const sorted = (list) => [...new Set(list)].sort();

/** The string literals of `export type <name> = 'a' | 'b' …;` in a declaration file. */
function declaredUnion(declarations, name) {
  const start = declarations.indexOf(`export type ${name} =`);
  expect(start, `${name} is declared`).toBeGreaterThan(-1);
  const body = declarations.slice(start, declarations.indexOf(';', start));
  return sorted([...body.matchAll(/'([a-z_]+)'/g)].map((match) => match[1]));
}

/** The keys of `export interface <name> { … }`. */
function declaredKeys(declarations, name) {
  const start = declarations.indexOf(`export interface ${name} {`);
  expect(start, `${name} is declared`).toBeGreaterThan(-1);
  const body = declarations.slice(start, declarations.indexOf('\n}', start));
  return sorted([...body.matchAll(/^ {2}([a-z_]+):/gm)].map((match) => match[1]));
}

const declarations = withoutComments(read('web/types/index.d.ts'));

test('the error codes declared are the closed list in wasm/src/errors.cpp', () => {
  const catalog = [...read('wasm/src/errors.cpp').matchAll(/\{\s*"([a-z_]+)"\s*,\s*(?:true|false)\s*,\s*Recovery::/g)];
  const machineCodes = sorted(catalog.map((match) => match[1]));
  expect(machineCodes.length).toBeGreaterThan(10);
  expect(declaredUnion(declarations, 'AuthKitMachineErrorCode')).toEqual(machineCodes);
});

test("the shell's own error codes declared are the ones the public entry reports", () => {
  // web/src/index.js is where the shell calls onError itself; other codes in web/src are fed to the machine.
  const shellCodes = sorted([...read('web/src/index.js').matchAll(/\bcode: '([a-z_]+)'/g)].map((match) => match[1]));
  expect(declaredUnion(declarations, 'AuthKitShellErrorCode')).toEqual(shellCodes);
});

test('the event names and screens declared are the ones the machine names', () => {
  const sources = readdirSync(join(root, 'wasm/src'))
    .filter((file) => file.endsWith('.cpp'))
    .map((file) => read(`wasm/src/${file}`))
    .join('\n');
  // Event names are spelled in one switch (`case EventName::open: return "open";`) or at each emit("…").
  const eventNames = [
    ...sources.matchAll(/case EventName::\w+:\s*return "([a-z_]+)"/g),
    ...sources.matchAll(/\bemit\(\s*"([a-z_]+)"/g),
  ].map((match) => match[1]);
  expect(eventNames.length).toBeGreaterThan(5);
  expect(declaredKeys(declarations, 'AuthKitEventMap')).toEqual(sorted(eventNames));

  const screens = [...sources.matchAll(/case Screen::\w+:\s*return "([a-z_]+)"/g)].map((match) => match[1]);
  expect(screens.length).toBeGreaterThan(5);
  expect(declaredUnion(declarations, 'AuthKitView')).toEqual(sorted(screens));
});

test('a host app written against the declarations compiles, and its deliberate mistakes do not', () => {
  // tests/e2e/consumer/consumer.tsx imports @authkit/web (this workspace) through its exports map.
  const tsc = join(root, 'node_modules', '.bin', 'tsc');
  const run = () => execFileSync(tsc, ['-p', join(root, 'tests/e2e/consumer/tsconfig.json')], { encoding: 'utf8', stdio: 'pipe' });
  expect(run).not.toThrow();
});
