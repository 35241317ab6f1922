// The `rateLimit` settings: how many requests each kind of caller may make per window.
import { settingsObject, wholeNumber } from '../settings-checks.js';

// session: every session-token route, per session; connect: POST /v1/connections (credential
// checks against the provider), per identity; oauth: the popup's authorize and callback pages, per
// flow id and per state (see rate-limits.js for why not per address).
const DEFAULTS = {
  session: { max: 300, windowSeconds: 60 },
  connect: { max: 30, windowSeconds: 60 },
  oauth: { max: 60, windowSeconds: 60 },
};

export function checkRateLimitSettings(value, issues) {
  if (value === false) return false;
  const raw = settingsObject(value, Object.keys(DEFAULTS), 'rateLimit', issues);
  return Object.fromEntries(Object.entries(DEFAULTS).map(([name, defaults]) => {
    const path = `rateLimit.${name}`;
    const group = settingsObject(raw[name], ['max', 'windowSeconds'], path, issues);
    return [name, {
      max: wholeNumber(group.max, { path: `${path}.max`, min: 1, max: 1_000_000, fallback: defaults.max }, issues),
      windowMs: wholeNumber(group.windowSeconds, { path: `${path}.windowSeconds`, min: 1, max: 86_400,
        fallback: defaults.windowSeconds }, issues) * 1000,
    }];
  }));
}
