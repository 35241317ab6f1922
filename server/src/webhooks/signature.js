// Webhook signatures. The header is "t=<unix seconds>,v1=<hex HMAC-SHA256>", computed over
// "<t>.<raw body>" with the project's webhook secret, so the timestamp cannot be swapped and a
// receiver can refuse old deliveries.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-authkit-signature';
/** The shortest webhook secret the service and the verifier accept. */
export const MIN_WEBHOOK_SECRET_LENGTH = 32;
// Current and previous: enough to change the secret without refusing deliveries signed meanwhile.
const MAX_VERIFY_SECRETS = 2;
const DEFAULT_TOLERANCE_SECONDS = 300;

function hmac(secret, timestamp, body) {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
}

/** The header value for `body` (string or Buffer) sent at `timestamp` (unix seconds). */
export function signWebhook(body, secret, timestamp) {
  return `t=${timestamp},v1=${hmac(secret, timestamp, body)}`;
}

function codedError(code, message) {
  const error = new Error(message);
  error.code = code;
  return error;
}

export function isStrongWebhookSecret(secret) {
  return typeof secret === 'string' && secret.length >= MIN_WEBHOOK_SECRET_LENGTH;
}

// An empty or missing secret must never verify anything: an HMAC under "" is one anybody can compute.
// Refusing it loudly, on every call, also shows a receiver whose secret variable is not set.
function secretsToTry(secret) {
  const secrets = Array.isArray(secret) ? secret : [secret];
  if (secrets.length === 0 || secrets.length > MAX_VERIFY_SECRETS || !secrets.every(isStrongWebhookSecret)) {
    throw codedError('webhook_secret_invalid', 'verifyWebhook needs the project\'s webhook secret: a string of at '
      + `least ${MIN_WEBHOOK_SECRET_LENGTH} characters, or an array of two (current and previous) while changing it. `
      + 'Check that the setting or environment variable holding it is set.');
  }
  return secrets;
}

function rawBody(body) {
  if (typeof body === 'string' || Buffer.isBuffer(body)) return body;
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  throw codedError('webhook_body_invalid', 'verifyWebhook needs the request body exactly as received (a string or a '
    + 'Buffer), not parsed JSON: read it raw before any body parser runs.');
}

function parseSignature(signature) {
  const parts = Object.fromEntries(String(signature ?? '').split(',').map((part) => {
    const index = part.indexOf('=');
    return [part.slice(0, index).trim(), part.slice(index + 1).trim()];
  }));
  if (!/^[0-9]{1,12}$/.test(parts.t ?? '') || !/^[0-9a-f]{64}$/.test(parts.v1 ?? '')) {
    throw codedError('webhook_signature_invalid', 'The webhook signature header is missing or malformed.');
  }
  return { timestamp: Number(parts.t), digest: Buffer.from(parts.v1, 'hex') };
}

/**
 * For receivers: checks the signature header of a delivery against its raw body and returns the
 * parsed event. `secret`: the webhook secret, or [current, previous] while changing it (a
 * signature made with either is accepted). Throws with code `webhook_secret_invalid` (no usable
 * secret given), `webhook_tolerance_invalid`, `webhook_body_invalid` (the body is not raw),
 * `webhook_signature_invalid` or `webhook_too_old`. Pass the body exactly as received (string or
 * Buffer), before any JSON parsing.
 */
export function verifyWebhook({
  body, signature, secret, toleranceSeconds = DEFAULT_TOLERANCE_SECONDS, now = Date.now,
} = {}) {
  const secrets = secretsToTry(secret);
  // NaN (say, a number read from an unset variable) would compare false and accept any age.
  if (typeof toleranceSeconds !== 'number' || !(toleranceSeconds >= 0)) {
    throw codedError('webhook_tolerance_invalid', 'verifyWebhook\'s toleranceSeconds must be a number of seconds, 0 or '
      + `more; leave it out for the default of ${DEFAULT_TOLERANCE_SECONDS}.`);
  }
  const payload = rawBody(body);
  const { timestamp, digest } = parseSignature(signature);
  // Every secret is compared, so the time taken does not tell which one matched.
  const matches = secrets.map((candidate) => {
    const expected = Buffer.from(hmac(candidate, timestamp, payload), 'hex');
    return timingSafeEqual(expected, digest);
  });
  if (!matches.includes(true)) {
    throw codedError('webhook_signature_invalid', 'The webhook signature does not match the body.');
  }
  if (Math.abs(Math.floor(now() / 1000) - timestamp) > toleranceSeconds) {
    throw codedError('webhook_too_old', 'The webhook was signed too long ago (or in the future).');
  }
  return JSON.parse(Buffer.isBuffer(payload) ? payload.toString('utf8') : payload);
}
