// Announces new connections without touching the flows that make them: the store's two ways of
// creating (or reconnecting) a connection are wrapped to emit `connection.created` once they succeed.
function then(result, onValue) {
  if (result && typeof result.then === 'function') return result.then((value) => onValue(value));
  return onValue(result);
}

export function withConnectionEvents(store, { config, webhooks }) {
  const projectOf = (id) => config.projects.find((project) => project.id === id);
  const announce = (connection) => {
    webhooks.emit(projectOf(connection.projectId), 'connection.created', connection);
    return connection;
  };
  return {
    ...store,
    saveConnection: (input) => then(store.saveConnection(input), announce),
    completeFlowWithConnection: (flowId, input) => then(store.completeFlowWithConnection(flowId, input), announce),
  };
}
