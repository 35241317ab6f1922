// Picks the storage backend named by the configuration. Every backend returns the same methods as
// createSqliteStore (flows: createFlow, getFlow, findFlowByStateHash, beginAuthorization,
// claimFlowForExchange, readCodeVerifier, failFlow, completeFlowWithConnection; connections:
// saveConnection, getConnection, readCredentials, listConnections, revokeConnection; close).
// Callers await every method, so a backend may be synchronous or asynchronous.
import { createSqliteStore } from './sqlite.js';

export function createStore(database, { keyring, now }) {
  if (database.sqlite) return createSqliteStore({ file: database.sqlite, keyring, now });
  throw new Error('No supported database is configured (database.sqlite).');
}
