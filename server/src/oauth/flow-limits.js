// How many OAuth flows may wait for their sign-in at once: `flows.maxPendingPerIdentity` for one
// identity, `flows.maxPendingPerProject` for a project's environment. Starting flows is otherwise only
// limited per session token, and a host whose token endpoint hands out tokens freely would let anyone
// fill the flows table: every flow row is kept for a day at least. Only pending flows that have not
// expired count, so a place frees up as soon as a flow ends or its ten minutes pass, swept or not.
//
// The count and the insert that follows are two steps, so flows started at the very same moment may
// pass a limit by the few that were in between; each of them still counts from then on.
import { ServiceError } from '../errors.js';

const WAY_OUT = 'Finish or close the open sign-in windows, then try again in a few minutes.';

function tooManyPendingFlows(message, soonestExpiresAt, now) {
  const error = new ServiceError('too_many_pending_flows', `${message} ${WAY_OUT}`, { status: 429 });
  // By then the oldest of them has expired at the latest, and its place is free.
  const waitMs = soonestExpiresAt ? Date.parse(soonestExpiresAt) - now() : 0;
  error.retryAfterSeconds = Math.max(1, Math.ceil(waitMs / 1000));
  return error;
}

/**
 * Throws ServiceError 429 too_many_pending_flows (with retryAfterSeconds) when `owner` ({ projectId,
 * environment, identityType, identity }) or its project's environment may not start another flow.
 */
export async function refuseTooManyPendingFlows({ config, store, now }, owner) {
  const { maxPendingPerIdentity, maxPendingPerProject } = config.flows;
  const ofIdentity = await store.countPendingFlows(owner);
  if (ofIdentity.count >= maxPendingPerIdentity) {
    throw tooManyPendingFlows('Too many sign-ins are already open for this account.', ofIdentity.soonestExpiresAt, now);
  }
  const ofProject = await store.countPendingFlows({ projectId: owner.projectId, environment: owner.environment });
  if (ofProject.count >= maxPendingPerProject) {
    throw tooManyPendingFlows('Too many sign-ins are open in this app right now.', ofProject.soonestExpiresAt, now);
  }
}
