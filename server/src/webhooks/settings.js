// Webhook settings: delivery retries (root `webhooks`) and each project's endpoint and secret
// (`projects[].webhook`).
import { isAllowedEndpoint } from '../catalog.js';
import { isPlainObject, settingsObject, wholeNumber } from '../settings-checks.js';

const MIN_SECRET_LENGTH = 32;

export function checkWebhookDelivery(value, issues) {
  const raw = settingsObject(value, ['maxAttempts', 'retryBaseMs', 'timeoutMs'], 'webhooks', issues);
  return {
    maxAttempts: wholeNumber(raw.maxAttempts, { path: 'webhooks.maxAttempts', min: 1, max: 10, fallback: 5 }, issues),
    retryBaseMs: wholeNumber(raw.retryBaseMs, { path: 'webhooks.retryBaseMs', min: 1, max: 600_000, fallback: 2000 }, issues),
    timeoutMs: wholeNumber(raw.timeoutMs, { path: 'webhooks.timeoutMs', min: 100, max: 60_000, fallback: 5000 }, issues),
  };
}

/** A project's `webhook`: { url, secret } or null when the project has none. */
export function checkProjectWebhook(value, path, issues) {
  if (value === undefined || value === null) return null;
  if (!isPlainObject(value)) {
    issues.push({ path, message: 'must be an object like { "url": "https://…", "secret": { "env": "…" } }' });
    return null;
  }
  settingsObject(value, ['url', 'secret'], path, issues);
  if (!isAllowedEndpoint(value.url)) {
    issues.push({ path: `${path}.url`, message: 'must be an https: URL (http: only for 127.0.0.1 or localhost)' });
  }
  if (typeof value.secret !== 'string' || value.secret.length < MIN_SECRET_LENGTH) {
    // The value itself stays out of the message: it is a secret.
    issues.push({ path: `${path}.secret`, message: `must be a random string of at least ${MIN_SECRET_LENGTH} characters` });
  }
  return { url: value.url, secret: value.secret };
}
