// How long a connection waits before its next refresh attempt after `failures` failures in a row:
// doubling from the base, never more than the cap.
export function backoffDelayMs(failures, { backoffBaseMs, backoffMaxMs }) {
  const exponent = Math.min(Math.max(failures - 1, 0), 30);
  return Math.min(backoffBaseMs * 2 ** exponent, backoffMaxMs);
}
