// The `flows` settings: how often ended OAuth flows are cleaned up and how long they are kept, and how
// many may wait for their sign-in at once.
import { settingsObject, wholeNumber } from '../settings-checks.js';

const DAY_SECONDS = 86_400;
// Longer than a flow lives (10 minutes) and the widget watches it (11): a flow is never deleted
// while the widget may still ask for its outcome.
const MIN_RETENTION_SECONDS = 15 * 60;

export function checkFlowSettings(value, issues) {
  const raw = settingsObject(value,
    ['retentionSeconds', 'sweepIntervalSeconds', 'maxPendingPerIdentity', 'maxPendingPerProject'], 'flows', issues);
  return {
    retentionMs: wholeNumber(raw.retentionSeconds, {
      path: 'flows.retentionSeconds', min: MIN_RETENTION_SECONDS, max: 365 * DAY_SECONDS, fallback: DAY_SECONDS,
    }, issues) * 1000,
    sweepIntervalMs: wholeNumber(raw.sweepIntervalSeconds, {
      path: 'flows.sweepIntervalSeconds', min: 1, max: 3600, fallback: 60,
    }, issues) * 1000,
    // A person has one or two sign-in windows open; ten leaves room for a few abandoned ones.
    maxPendingPerIdentity: wholeNumber(raw.maxPendingPerIdentity, {
      path: 'flows.maxPendingPerIdentity', min: 1, max: 1000, fallback: 10,
    }, issues),
    maxPendingPerProject: wholeNumber(raw.maxPendingPerProject, {
      path: 'flows.maxPendingPerProject', min: 1, max: 1_000_000, fallback: 1000,
    }, issues),
  };
}
