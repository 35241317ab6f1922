// Whom a flow or a connection belongs to: one identity, of one identity type, in one project's
// environment. A session only ever sees and changes what belongs to its own owner.

/** The owner columns of what `session` creates. */
export function ownerOf(session) {
  return {
    projectId: session.project.id,
    environment: session.environment,
    identity: session.identity,
    identityType: session.identityType,
  };
}

/** Whether a flow or connection record belongs to `session`'s owner. */
export function belongsTo(record, session) {
  return Object.entries(ownerOf(session)).every(([name, value]) => record[name] === value);
}
