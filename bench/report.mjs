// How every benchmark prints: one "name: value unit" line per figure, with the goal beside it when
// there is one, so a regression shows in the output without ever failing a build.

export const kb = (bytes) => (bytes / 1024).toFixed(1);

/** Nearest rank: the smallest value with at least p% of the values at or below it. */
export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** The middle value; the mean of the two middle ones for an even count. */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function report(name, value, unit, goal, note) {
  const suffix = [goal ? `goal: ${goal}` : '', note ?? ''].filter(Boolean).join('; ');
  console.log(`${name}: ${value} ${unit}${suffix ? `  (${suffix})` : ''}`);
}

/** A figure quoted from elsewhere for comparison: printed as such, never measured here. */
export function reference(name, value, unit, source = 'quoted') {
  console.log(`${name}: ${value} ${unit} (${source})`);
}
