import assert from 'node:assert/strict';
import { generateKeyPairSync, hkdfSync } from 'node:crypto';
import { test } from 'node:test';
import { SignJWT, decodeJwt, decodeProtectedHeader } from 'jose';
import { createToken, generateSecretKey, parseSecretKey, verifySessionToken } from '../../server/src/token.js';

const testKey = generateSecretKey('test');
const liveKey = generateSecretKey('live');
const keys = new Map([testKey, liveKey].map((key) => [parseSecretKey(key).keyId, key]));
const resolveKey = (keyId) => keys.get(keyId);

async function rejectsWith(promise, code) {
  await assert.rejects(promise, (error) => {
    assert.equal(error.code, code);
    assert.equal(typeof error.message, 'string');
    return true;
  });
}

// Signs arbitrary claims the way createToken would, to build tokens createToken refuses to make.
function signingKey(secretKey) {
  return new Uint8Array(hkdfSync('sha256', secretKey, Buffer.alloc(0), 'authkit session token v1', 32));
}

async function forge(secretKey, claims, header = {}) {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ idt: 'user', ...claims })
    .setProtectedHeader({ alg: 'HS256', kid: parseSecretKey(secretKey).keyId, ...header })
    .setIssuer('authkit').setSubject('user-1').setJti('j1').setIssuedAt(now).setExpirationTime(now + 60)
    .sign(signingKey(secretKey));
}

test('secret keys have the environment prefix and 256 bits', () => {
  assert.match(testKey, /^sk_test_[A-Za-z0-9_-]{43}$/);
  assert.match(liveKey, /^sk_live_[A-Za-z0-9_-]{43}$/);
  assert.notEqual(generateSecretKey(), generateSecretKey());
  const parsed = parseSecretKey(testKey);
  assert.equal(parsed.environment, 'test');
  assert.match(parsed.keyId, /^[A-Za-z0-9_-]{16}$/);
  assert.ok(!testKey.includes(parsed.keyId));
  for (const bad of ['sk_prod_' + 'a'.repeat(43), 'sk_test_' + 'a'.repeat(40), 'pk_test_x', 42, undefined]) {
    assert.throws(() => parseSecretKey(bad), { code: 'invalid_secret_key' });
  }
  assert.throws(() => generateSecretKey('staging'), { code: 'invalid_environment' });
});

test('a token round-trips with every claim', async () => {
  const before = Date.now();
  const { token, expiresAt } = await createToken({
    secretKey: testKey,
    identity: 'user-42',
    identityType: 'organization',
    integrations: ['sandbox-oauth'],
    origin: 'http://127.0.0.1:4100',
    ttlSeconds: 120,
  });
  const header = decodeProtectedHeader(token);
  assert.equal(header.alg, 'HS256');
  assert.equal(header.kid, parseSecretKey(testKey).keyId);
  const claims = decodeJwt(token);
  assert.equal(claims.iss, 'authkit');
  assert.equal(claims.aud, 'authkit:session:test');
  assert.equal(claims.exp - claims.iat, 120);
  assert.ok(Math.abs(Date.parse(expiresAt) - (before + 120_000)) < 2000);

  const session = await verifySessionToken(token, { resolveKey });
  assert.deepEqual(session, {
    sessionId: claims.jti,
    identity: 'user-42',
    identityType: 'organization',
    integrations: ['sandbox-oauth'],
    origin: 'http://127.0.0.1:4100',
    environment: 'test',
    keyId: parseSecretKey(testKey).keyId,
    expiresAt,
  });
});

test('the secret key itself is not the signing key', async () => {
  const { token } = await createToken({ secretKey: testKey, identity: 'u', identityType: 'user' });
  const rawKeyToken = await new SignJWT(decodeJwt(token))
    .setProtectedHeader(decodeProtectedHeader(token))
    .sign(new TextEncoder().encode(testKey));
  await rejectsWith(verifySessionToken(rawKeyToken, { resolveKey }), 'token_invalid');
});

test('a test token is refused where live is expected', async () => {
  const { token } = await createToken({ secretKey: testKey, identity: 'u', identityType: 'user' });
  await rejectsWith(verifySessionToken(token, { resolveKey, environment: 'live' }), 'token_wrong_environment');
  // Signed by the live key but claiming the test audience: the key decides the environment.
  const crossed = await forge(liveKey, {}, {});
  const crossedWithAudience = await new SignJWT({ ...decodeJwt(crossed), aud: 'authkit:session:test' })
    .setProtectedHeader(decodeProtectedHeader(crossed)).sign(signingKey(liveKey));
  await rejectsWith(verifySessionToken(crossedWithAudience, { resolveKey }), 'token_wrong_environment');
});

test('expired tokens are refused', async () => {
  const { token } = await createToken({ secretKey: testKey, identity: 'u', identityType: 'user', ttlSeconds: 30 });
  await rejectsWith(verifySessionToken(token, { resolveKey, currentDate: new Date(Date.now() + 31_000) }), 'token_expired');
});

test('alg none, RS256, tampered, unknown-key and malformed tokens are refused', async () => {
  const { token } = await createToken({ secretKey: testKey, identity: 'u', identityType: 'user' });
  const [header, payload, signature] = token.split('.');
  const b64 = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');

  const none = `${b64({ alg: 'none', kid: decodeProtectedHeader(token).kid })}.${payload}.`;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const rs256 = await new SignJWT(decodeJwt(token)).setProtectedHeader({ alg: 'RS256', kid: decodeProtectedHeader(token).kid })
    .sign(privateKey);
  const tampered = `${header}.${b64({ ...decodeJwt(token), sub: 'someone-else' })}.${signature}`;
  const otherKey = generateSecretKey('test');
  const { token: unknownKey } = await createToken({ secretKey: otherKey, identity: 'u', identityType: 'user' });

  for (const bad of [none, rs256, tampered, unknownKey, 'not.a.jwt', 'abc']) {
    await rejectsWith(verifySessionToken(bad, { resolveKey }), 'token_invalid');
  }
  await rejectsWith(verifySessionToken('', { resolveKey }), 'token_missing');
  await rejectsWith(verifySessionToken(undefined, { resolveKey }), 'token_missing');
});

test('tokens with bad claims or a lifetime over 10 minutes are refused', async () => {
  const now = Math.floor(Date.now() / 1000);
  const long = await new SignJWT({ idt: 'user' })
    .setProtectedHeader({ alg: 'HS256', kid: parseSecretKey(testKey).keyId })
    .setIssuer('authkit').setAudience('authkit:session:test').setSubject('u').setJti('j')
    .setIssuedAt(now).setExpirationTime(now + 3600)
    .sign(signingKey(testKey));
  await rejectsWith(verifySessionToken(long, { resolveKey }), 'token_invalid');

  const badType = await forge(testKey, { aud: 'authkit:session:test', idt: 'robot' });
  await rejectsWith(verifySessionToken(badType, { resolveKey }), 'token_invalid');
  const badIssuer = await forge(testKey, { aud: 'authkit:session:test' }, {});
  const reissued = await new SignJWT({ ...decodeJwt(badIssuer), iss: 'someone' })
    .setProtectedHeader(decodeProtectedHeader(badIssuer)).sign(signingKey(testKey));
  await rejectsWith(verifySessionToken(reissued, { resolveKey }), 'token_invalid');
  const good = await forge(testKey, { aud: 'authkit:session:test' });
  assert.equal((await verifySessionToken(good, { resolveKey })).identity, 'user-1', 'the forging helper itself works');
});

test('ttl bounds are enforced', async () => {
  const base = { secretKey: testKey, identity: 'u', identityType: 'user' };
  for (const ttlSeconds of [29, 601, 0, -5, 1.5, '300']) {
    await rejectsWith(createToken({ ...base, ttlSeconds }), 'invalid_ttl');
  }
  for (const ttlSeconds of [30, 600]) {
    const { token } = await createToken({ ...base, ttlSeconds });
    const claims = decodeJwt(token);
    assert.equal(claims.exp - claims.iat, ttlSeconds);
  }
  const { token } = await createToken(base);
  const claims = decodeJwt(token);
  assert.equal(claims.exp - claims.iat, 300);
});

test('bad inputs are refused with a code', async () => {
  const base = { secretKey: testKey, identity: 'u', identityType: 'user' };
  const cases = [
    [{ secretKey: 'sk_test_short' }, 'invalid_secret_key'],
    [{ identity: '' }, 'invalid_identity'],
    [{ identity: 'a'.repeat(257) }, 'invalid_identity'],
    [{ identity: 'line\nbreak' }, 'invalid_identity'],
    [{ identity: 7 }, 'invalid_identity'],
    [{ identityType: 'robot' }, 'invalid_identity_type'],
    [{ integrations: 'sandbox-oauth' }, 'invalid_integrations'],
    [{ integrations: ['Not An Id'] }, 'invalid_integrations'],
    [{ origin: 'http://127.0.0.1:4100/' }, 'invalid_origin'],
    [{ origin: 'https://app.example.com/path' }, 'invalid_origin'],
    [{ origin: 'javascript:alert(1)' }, 'invalid_origin'],
  ];
  for (const [override, code] of cases) {
    await rejectsWith(createToken({ ...base, ...override }), code);
  }
});
