// Webhook signatures. The header is "t=<unix seconds>,v1=<hex HMAC-SHA256>", computed over
// "<t>.<raw body>" with the project's webhook secret, so the timestamp cannot be swapped and a
// receiver can refuse old deliveries.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-authkit-signature';
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

/**
 * For receivers: checks the signature header of a delivery against its raw body and returns the
 * parsed event. Throws with code `webhook_signature_invalid` or `webhook_too_old`.
 * Pass the body exactly as received (string or Buffer), before any JSON parsing.
 */
export function verifyWebhook({ body, signature, secret, toleranceSeconds = DEFAULT_TOLERANCE_SECONDS, now = Date.now }) {
  const parts = Object.fromEntries(String(signature ?? '').split(',').map((part) => {
    const index = part.indexOf('=');
    return [part.slice(0, index).trim(), part.slice(index + 1).trim()];
  }));
  const timestamp = Number(parts.t);
  if (!Number.isInteger(timestamp) || !/^[0-9a-f]{64}$/.test(parts.v1 ?? '')) {
    throw codedError('webhook_signature_invalid', 'The webhook signature header is missing or malformed.');
  }
  const expected = Buffer.from(hmac(secret, timestamp, body), 'hex');
  if (!timingSafeEqual(expected, Buffer.from(parts.v1, 'hex'))) {
    throw codedError('webhook_signature_invalid', 'The webhook signature does not match the body.');
  }
  if (Math.abs(Math.floor(now() / 1000) - timestamp) > toleranceSeconds) {
    throw codedError('webhook_too_old', 'The webhook was signed too long ago (or in the future).');
  }
  return JSON.parse(Buffer.isBuffer(body) ? body.toString('utf8') : body);
}
