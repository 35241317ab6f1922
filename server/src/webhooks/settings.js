// Webhook settings: delivery retries and concurrency (root `webhooks`) and each project's endpoint
// and secret (`projects[].webhook`).
import { isAllowedEndpoint } from '../catalog.js';
import { isPlainObject, settingsObject, wholeNumber } from '../settings-checks.js';
import { MIN_WEBHOOK_SECRET_LENGTH, isStrongWebhookSecret } from './signature.js';

/** Requests in flight at once towards one webhook URL when the config does not say. */
export const DEFAULT_WEBHOOK_CONCURRENCY = 4;

export function checkWebhookDelivery(value, issues) {
  const raw = settingsObject(value, ['maxAttempts', 'retryBaseMs', 'timeoutMs', 'concurrency'], 'webhooks', issues);
  return {
    maxAttempts: wholeNumber(raw.maxAttempts, { path: 'webhooks.maxAttempts', min: 1, max: 10, fallback: 5 }, issues),
    retryBaseMs: wholeNumber(raw.retryBaseMs, { path: 'webhooks.retryBaseMs', min: 1, max: 600_000, fallback: 2000 }, issues),
    timeoutMs: wholeNumber(raw.timeoutMs, { path: 'webhooks.timeoutMs', min: 100, max: 60_000, fallback: 5000 }, issues),
    concurrency: wholeNumber(raw.concurrency,
      { path: 'webhooks.concurrency', min: 1, max: 64, fallback: DEFAULT_WEBHOOK_CONCURRENCY }, issues),
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
  // The same rule as verifyWebhook's, so a secret the service signs with is one receivers accept.
  if (!isStrongWebhookSecret(value.secret)) {
    // The value itself stays out of the message: it is a secret.
    issues.push({ path: `${path}.secret`, message: `must be a random string of at least ${MIN_WEBHOOK_SECRET_LENGTH} characters` });
  }
  return { url: value.url, secret: value.secret };
}
