// The shared field-rule vectors: the machine's Boost.Test suite runs the same file, so a value is
// accepted in the browser exactly when the service accepts it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { checkFields, validateFields } from '../../server/src/catalog.js';

const { cases } = JSON.parse(readFileSync(new URL('../fixtures/field-rules.json', import.meta.url), 'utf8'));

test('the fixture has cases for every rule', () => {
  const rules = new Set(cases.map((item) => item.rule).filter(Boolean));
  assert.deepEqual([...rules].sort(),
    ['format', 'max', 'maxLength', 'min', 'minLength', 'options', 'pattern', 'required']);
});

cases.forEach((item, index) => {
  const name = `case ${index}: ${item.field.type} ${JSON.stringify(item.field).slice(0, 80)} ← ${JSON.stringify(item.value)}`;
  test(name, { timeout: 2000 }, () => {
    const issues = [];
    const fields = checkFields([{ label: 'K', ...item.field }], 'fields', issues);
    assert.deepEqual(issues, [], 'the fixture field is a valid definition');
    const result = validateFields({ fields }, { [item.field.name]: item.value });
    assert.equal(result.ok, item.valid);
    assert.equal(result.rules[item.field.name], item.valid ? undefined : item.rule);
    assert.equal(typeof result.errors[item.field.name], item.valid ? 'undefined' : 'string');
  });
});
