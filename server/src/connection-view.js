// The only shape in which a connection leaves the service: identifiers and state, never a credential.
export function publicConnection(connection) {
  return {
    key: connection.key,
    integration: connection.integration,
    identity: connection.identity,
    identityType: connection.identityType,
    authType: connection.authType,
    status: connection.status,
    scopes: connection.scopes,
    // Only the non-secret field values (a shop's name); secret ones stay inside the credentials.
    fields: connection.fields ?? {},
    createdAt: connection.createdAt,
    updatedAt: connection.updatedAt,
  };
}
