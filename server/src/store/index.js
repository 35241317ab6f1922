// Picks the storage backend named by the configuration. Every backend returns the same methods as
// createSqliteStore:
//   flows: createFlow, getFlow, findFlowByStateHash, beginAuthorization, claimFlowForExchange,
//     readCodeVerifier, readFlowFields, failFlow, completeFlowWithConnection, expireFlows, deleteEndedFlows,
//     countPendingFlows;
//   connections: saveConnection, getConnection, readCredentials, listConnections, revokeConnection;
//   refresh: claimRefreshLease, claimDueRefreshes, releaseRefreshLease, saveRefreshedCredentials,
//     markNeedsReauth;
//   keys: reencryptConnections, reencryptFlows;
//   ready, close.
// Callers await every method, so a backend may be synchronous (SQLite) or asynchronous (PostgreSQL).
import { createPostgresStore } from './postgres.js';
import { createSqliteStore } from './sqlite.js';

export function createStore(database, { keyring, now }) {
  if (database.postgres) return createPostgresStore({ connectionString: database.postgres, keyring, now });
  if (database.sqlite) return createSqliteStore({ file: database.sqlite, keyring, now });
  throw new Error('No supported database is configured (database.sqlite or database.postgres).');
}
