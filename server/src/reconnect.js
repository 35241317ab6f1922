// Reconnect mode: the widget, opened with a connectionKey, re-authenticates that connection in place.
// The key must name a connection of the session's own owner and of the integration being connected.
// Any other key, another identity's included, reads as not found: a key reveals nothing about
// connections that are not the session's. A deleted (revoked) connection is not offered either, as
// the session view does not list it.
import { connectionNotFound } from './errors.js';
import { belongsTo } from './owner.js';

/**
 * The key of the connection to update, or undefined when `connectionKey` is undefined (a plain
 * connect). Throws 404 connection_not_found.
 */
export async function reconnectTarget(store, session, integration, connectionKey) {
  if (connectionKey === undefined) return undefined;
  const connection = await store.getConnection(connectionKey);
  const reconnectable = connection && belongsTo(connection, session) && connection.integration === integration
    && connection.status !== 'revoked';
  if (!reconnectable) throw connectionNotFound();
  return connection.key;
}

/**
 * The store checks the target again as it writes (it may have been deleted since the request was
 * checked) and throws an error coded connection_not_found: this is that error as the API reports it.
 * Any other error is returned as it is.
 */
export function asConnectionNotFound(error) {
  return error?.code === 'connection_not_found' ? connectionNotFound() : error;
}
