import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { tempDir } from './support.js';
import { createKeyring } from '../../server/src/crypto.js';
import { createSqliteStore } from '../../server/src/store/sqlite.js';

const key = (id) => ({ id, key: randomBytes(32) });

test('encrypt then decrypt returns the plaintext; IVs are random', () => {
  const ring = createKeyring([key('k1')]);
  const first = ring.encrypt('secret value', 'connection:conn_a');
  const second = ring.encrypt('secret value', 'connection:conn_a');
  assert.equal(first.keyId, 'k1');
  assert.equal(first.iv.length, 12);
  assert.equal(first.tag.length, 16);
  assert.ok(!first.ciphertext.toString('latin1').includes('secret value'));
  assert.notDeepEqual(first.iv, second.iv);
  assert.equal(ring.decrypt(first, 'connection:conn_a'), 'secret value');
});

test('a ciphertext moved to another row does not decrypt', () => {
  const ring = createKeyring([key('k1')]);
  const record = ring.encrypt('secret value', 'connection:conn_a');
  assert.throws(() => ring.decrypt(record, 'connection:conn_b'), { code: 'decryption_failed' });
  const flipped = { ...record, ciphertext: Buffer.from(record.ciphertext) };
  flipped.ciphertext[0] ^= 1;
  assert.throws(() => ring.decrypt(flipped, 'connection:conn_a'), { code: 'decryption_failed' });
});

test('an unknown key id fails clearly; older keys still decrypt after rotation', () => {
  const old = key('old');
  const record = createKeyring([old]).encrypt('v', 'a');
  assert.throws(() => createKeyring([key('new')]).decrypt(record, 'a'), (error) => {
    assert.equal(error.code, 'encryption_key_unknown');
    assert.match(error.message, /"old"/);
    return true;
  });
  const rotated = createKeyring([key('new'), old]);
  assert.equal(rotated.decrypt(record, 'a'), 'v');
  assert.equal(rotated.encrypt('v', 'a').keyId, 'new');
  assert.throws(() => createKeyring([{ id: 'short', key: randomBytes(16) }]), { code: 'encryption_key_invalid' });
  assert.throws(() => createKeyring([]), { code: 'encryption_key_missing' });
});

test('stored credentials copied onto another connection row do not decrypt', (t) => {
  const file = `${tempDir(t)}/store.sqlite`;
  const store = createSqliteStore({ file, keyring: createKeyring([key('k1')]) });
  t.after(() => store.close());
  const owner = { projectId: 'p', environment: 'test', identityType: 'user', authType: 'api_key', scopes: [] };
  const alice = store.saveConnection({ ...owner, identity: 'alice', integration: 'x', credentials: { apiKey: 'alice-key' } });
  const bob = store.saveConnection({ ...owner, identity: 'bob', integration: 'x', credentials: { apiKey: 'bob-key' } });
  assert.deepEqual(store.readCredentials(alice.key), { apiKey: 'alice-key' });

  // Reach into the database as an attacker with write access would.
  const db = new Database(file);
  t.after(() => db.close());
  db.prepare(`UPDATE connections SET key_id = s.key_id, iv = s.iv, ciphertext = s.ciphertext, tag = s.tag
    FROM (SELECT key_id, iv, ciphertext, tag FROM connections WHERE key = ?) AS s WHERE key = ?`).run(alice.key, bob.key);
  assert.throws(() => store.readCredentials(bob.key), { code: 'decryption_failed' });
});

test('a record whose authentication tag was shortened does not decrypt', () => {
  const ring = createKeyring([key('k1')]);
  const record = ring.encrypt('secret value', 'connection:conn_a');
  // GCM would check a 4-, 8- or 12-byte prefix of the right tag and accept it, unless the length is pinned.
  for (const length of [4, 8, 12, 15]) {
    assert.throws(() => ring.decrypt({ ...record, tag: record.tag.subarray(0, length) }, 'connection:conn_a'), (error) => {
      assert.equal(error.code, 'decryption_failed');
      assert.match(error.message, /16-byte authentication tag/);
      assert.match(error.message, new RegExp(`has 12 and ${length}\\.`));
      return true;
    }, `a ${length}-byte tag`);
  }
  assert.throws(() => ring.decrypt({ ...record, tag: Buffer.concat([record.tag, Buffer.alloc(1)]) }, 'connection:conn_a'),
    { code: 'decryption_failed' });
  assert.throws(() => ring.decrypt({ ...record, tag: null }, 'connection:conn_a'), { code: 'decryption_failed' });
  assert.throws(() => ring.decrypt({ ...record, iv: Buffer.concat([record.iv, Buffer.alloc(4)]) }, 'connection:conn_a'),
    /12-byte IV/);
  assert.equal(ring.decrypt(record, 'connection:conn_a'), 'secret value', 'the full tag still opens it');
});

test('stored credentials whose tag was truncated in the database do not decrypt', (t) => {
  const file = `${tempDir(t)}/store.sqlite`;
  const store = createSqliteStore({ file, keyring: createKeyring([key('k1')]) });
  t.after(() => store.close());
  const saved = store.saveConnection({
    projectId: 'p', environment: 'test', identity: 'alice', identityType: 'user', integration: 'x', authType: 'api_key',
    scopes: [], credentials: { apiKey: 'alice-key' },
  });
  const db = new Database(file);
  t.after(() => db.close());
  db.prepare('UPDATE connections SET tag = substr(tag, 1, 4) WHERE key = ?').run(saved.key);
  assert.equal(db.prepare('SELECT length(tag) FROM connections WHERE key = ?').pluck().get(saved.key), 4);
  assert.throws(() => store.readCredentials(saved.key), { code: 'decryption_failed' });
});
