// What one session may use: the project's enabled integrations, narrowed by the token's own list.
export function enabledIntegrations(config, project, tokenIntegrations) {
  return project.integrations
    .filter((id) => tokenIntegrations === undefined || tokenIntegrations.includes(id))
    .map((id) => config.integrations.get(id));
}
