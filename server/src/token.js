// The token generator: what a host's backend uses to mint short-lived session tokens for the widget,
// and what the service uses to check them. Deliberately free of database and HTTP code so a host can
// import `@authkit/server/token` alone.
import { createHash, hkdfSync, randomBytes } from 'node:crypto';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';

export const ENVIRONMENTS = Object.freeze(['test', 'live']);
export const IDENTITY_TYPES = Object.freeze(['user', 'team', 'organization', 'project']);

const ISSUER = 'authkit';
const ALGORITHM = 'HS256';
const TTL_DEFAULT_SECONDS = 300;
const TTL_MIN_SECONDS = 30;
const TTL_MAX_SECONDS = 600;
const SECRET_KEY_PATTERN = /^sk_(test|live)_([A-Za-z0-9_-]+)$/;
const MIN_KEY_BYTES = 32;
const INTEGRATION_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;
const IDENTITY_MAX_LENGTH = 256;
// Control characters would make identities ambiguous in logs and UIs.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

function codedError(code, message) {
  const error = new Error(message);
  error.code = code;
  return error;
}

function audienceFor(environment) {
  return `authkit:session:${environment}`;
}

export function generateSecretKey(environment = 'test') {
  if (!ENVIRONMENTS.includes(environment)) {
    throw codedError('invalid_environment', 'The environment must be "test" or "live".');
  }
  return `sk_${environment}_${randomBytes(32).toString('base64url')}`;
}

export function parseSecretKey(secretKey) {
  const match = typeof secretKey === 'string' ? SECRET_KEY_PATTERN.exec(secretKey) : null;
  if (!match || Buffer.from(match[2], 'base64url').length < MIN_KEY_BYTES) {
    throw codedError(
      'invalid_secret_key',
      'The secret key must look like sk_test_… or sk_live_… followed by at least 256 bits of base64url key material.',
    );
  }
  return { environment: match[1], keyId: keyIdOf(secretKey) };
}

// A public name for a secret key: safe to put in token headers and logs, useless for signing.
function keyIdOf(secretKey) {
  return createHash('sha256').update(`authkit key id\0${secretKey}`).digest('base64url').slice(0, 16);
}

// Tokens are signed with a derived key so the secret key itself is never used as raw HMAC material.
function signingKeyOf(secretKey) {
  return new Uint8Array(hkdfSync('sha256', secretKey, Buffer.alloc(0), 'authkit session token v1', 32));
}

export function isExactOrigin(value) {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
  } catch {
    return false;
  }
}

function checkIdentity(identity) {
  if (typeof identity !== 'string' || identity.length === 0 || identity.length > IDENTITY_MAX_LENGTH
      || CONTROL_CHARACTERS.test(identity)) {
    throw codedError('invalid_identity',
      `The identity must be a non-empty string of at most ${IDENTITY_MAX_LENGTH} characters without control characters.`);
  }
}

function checkIdentityType(identityType) {
  if (!IDENTITY_TYPES.includes(identityType)) {
    throw codedError('invalid_identity_type', `The identity type must be one of: ${IDENTITY_TYPES.join(', ')}.`);
  }
}

function checkIntegrations(integrations) {
  if (integrations === undefined) return;
  if (!Array.isArray(integrations) || !integrations.every((id) => typeof id === 'string' && INTEGRATION_ID_PATTERN.test(id))) {
    throw codedError('invalid_integrations',
      'The integrations must be an array of integration ids (lowercase letters, digits and dashes).');
  }
}

function checkOrigin(origin) {
  if (origin !== undefined && !isExactOrigin(origin)) {
    throw codedError('invalid_origin', 'The origin must be an exact origin like https://app.example.com (no path, no trailing slash).');
  }
}

function checkTtl(ttlSeconds) {
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < TTL_MIN_SECONDS || ttlSeconds > TTL_MAX_SECONDS) {
    throw codedError('invalid_ttl', `The ttlSeconds must be a whole number between ${TTL_MIN_SECONDS} and ${TTL_MAX_SECONDS}.`);
  }
}

export async function createToken({
  secretKey, identity, identityType, integrations, origin, ttlSeconds = TTL_DEFAULT_SECONDS,
} = {}) {
  const { environment, keyId } = parseSecretKey(secretKey);
  checkIdentity(identity);
  checkIdentityType(identityType);
  checkIntegrations(integrations);
  checkOrigin(origin);
  checkTtl(ttlSeconds);

  const issuedAt = Math.floor(Date.now() / 1000);
  const expiresAtSeconds = issuedAt + ttlSeconds;
  const claims = { idt: identityType };
  if (integrations !== undefined) claims.int = [...integrations];
  if (origin !== undefined) claims.org = origin;

  const token = await new SignJWT(claims)
    .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT', kid: keyId })
    .setIssuer(ISSUER)
    .setAudience(audienceFor(environment))
    .setSubject(identity)
    .setJti(randomBytes(16).toString('base64url'))
    .setIssuedAt(issuedAt)
    .setExpirationTime(expiresAtSeconds)
    .sign(signingKeyOf(secretKey));
  return { token, expiresAt: new Date(expiresAtSeconds * 1000).toISOString() };
}

function claimsAreWellFormed(payload) {
  const optionalList = payload.int === undefined
    || (Array.isArray(payload.int) && payload.int.every((id) => typeof id === 'string'));
  return typeof payload.sub === 'string' && payload.sub.length > 0
    && Number.isInteger(payload.iat) && payload.exp - payload.iat <= TTL_MAX_SECONDS
    && IDENTITY_TYPES.includes(payload.idt)
    && typeof payload.jti === 'string'
    && optionalList
    && (payload.org === undefined || isExactOrigin(payload.org));
}

/**
 * Checks a session token. `resolveKey(keyId)` returns the secret key that the token's `kid` names,
 * or undefined. `environment`, when given, is the environment the caller expects.
 */
export async function verifySessionToken(token, { resolveKey, environment: expectedEnvironment, currentDate } = {}) {
  if (typeof token !== 'string' || token.length === 0) {
    throw codedError('token_missing', 'A session token is required.');
  }
  let keyEnvironment;
  let keyId;
  let payload;
  try {
    ({ payload } = await jwtVerify(token, async (header) => {
      const secretKey = typeof header.kid === 'string' ? await resolveKey(header.kid) : undefined;
      if (!secretKey) throw codedError('token_invalid', 'unknown key');
      ({ environment: keyEnvironment, keyId } = parseSecretKey(secretKey));
      return signingKeyOf(secretKey);
    }, {
      algorithms: [ALGORITHM],
      issuer: ISSUER,
      requiredClaims: ['exp', 'iat', 'jti', 'sub'],
      currentDate,
    }));
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) {
      throw codedError('token_expired', 'The session token has expired. Ask your server for a new one.');
    }
    throw codedError('token_invalid', 'The session token is not valid.');
  }

  const tokenEnvironment = ENVIRONMENTS.find((env) => payload.aud === audienceFor(env));
  if (!tokenEnvironment || !claimsAreWellFormed(payload)) {
    throw codedError('token_invalid', 'The session token is not valid.');
  }
  if (tokenEnvironment !== keyEnvironment || (expectedEnvironment && tokenEnvironment !== expectedEnvironment)) {
    throw codedError('token_wrong_environment',
      'The session token was made for another environment (test or live) than the one it is used with.');
  }
  return {
    sessionId: payload.jti,
    identity: payload.sub,
    identityType: payload.idt,
    integrations: payload.int,
    origin: payload.org,
    environment: tokenEnvironment,
    keyId,
    expiresAt: new Date(payload.exp * 1000).toISOString(),
  };
}
