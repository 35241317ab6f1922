// Small checks shared by the settings groups that live beside their features (refresh, webhooks,
// rate limits). Each reports problems as { path, message } like config.js does.

export function isPlainObject(value) {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** An object whose keys are all in `known`, or undefined (= all defaults). Returns the object or {}. */
export function settingsObject(value, known, path, issues) {
  if (value === undefined) return {};
  if (!isPlainObject(value)) {
    issues.push({ path, message: 'must be an object' });
    return {};
  }
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) {
      issues.push({ path: `${path}.${key}`, message: `is not a known setting (one of ${known.join(', ')})` });
    }
  }
  return value;
}

/** A whole number between min and max; `fallback` when left out. */
export function wholeNumber(value, { path, min, max, fallback }, issues) {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min || value > max) {
    issues.push({ path, message: `must be a whole number between ${min} and ${max}` });
    return fallback;
  }
  return value;
}
