// Cleans up after OAuth flows nobody finished. A flow abandoned in its popup would otherwise keep its
// sealed PKCE verifier and field values forever, and the flows table would only ever grow: every
// interval, pending flows past their expiry are failed (which drops their secrets, as any failure
// does) and ended flows older than the retention period are deleted. Every step is a conditional
// write, so several processes sweeping one database at once do no harm.
import { FLOW_ERRORS } from './flows.js';
import { createPeriodicTask } from '../periodic.js';

// Deleted in batches, so a first sweep over a long-grown table never holds one huge transaction.
const DELETE_BATCH = 500;

export function createFlowSweeper({ config, store, now }) {
  const { retentionMs, sweepIntervalMs } = config.flows;

  /** One pass. Resolves to { expired, deleted }. */
  async function runOnce({ log } = {}) {
    const { message } = FLOW_ERRORS.oauth_flow_expired;
    const expired = await store.expireFlows({ code: 'oauth_flow_expired', message });
    const endedBefore = new Date(now() - retentionMs).toISOString();
    let deleted = 0;
    let batch;
    do {
      batch = await store.deleteEndedFlows({ endedBefore, limit: DELETE_BATCH });
      deleted += batch;
    } while (batch === DELETE_BATCH);
    if (expired > 0 || deleted > 0) log?.info({ expired, deleted }, 'oauth flows swept');
    return { expired, deleted };
  }

  const task = createPeriodicTask({ run: runOnce, intervalMs: sweepIntervalMs, failureMessage: 'oauth flow sweep failed' });
  return { runOnce, start: task.start, stop: task.stop };
}
