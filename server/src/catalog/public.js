// The part of a definition a browser may see: what the widget lists and the whole field schema it
// draws and validates, but no endpoint, no client credential and no secret default.

function publicField(field) {
  const { default: defaultValue, ...rest } = field;
  return field.type === 'secret' || defaultValue === undefined ? rest : { ...rest, default: defaultValue };
}

/** { id, name, description, category, logo, authType, fields } of a normalized definition. */
export function publicIntegration(definition) {
  return {
    id: definition.id,
    name: definition.name,
    description: definition.description ?? null,
    category: definition.category,
    logo: definition.logo,
    authType: definition.authType,
    fields: definition.fields.map(publicField),
  };
}
