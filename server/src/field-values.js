// Field values on their way in: checked against the integration's schema and fitted into its URLs
// before anything is stored, and split into what a connection record may show and what it may not.
import { TemplateValueError, resolveDefinition, secretFieldNames, validateFields } from './catalog.js';
import { ServiceError } from './errors.js';

export const invalidFields = (fields) => new ServiceError('invalid_fields', 'Some fields need attention.', { status: 422, fields });

/**
 * The submitted values of `definition`'s fields, checked by the rules of docs/fields.md and tried in
 * the definition's URL templates. Throws 422 invalid_fields with a message per field.
 */
export function checkSubmittedFields(definition, submitted = {}) {
  const { ok, values, errors } = validateFields(definition, submitted);
  if (!ok) throw invalidFields(errors);
  try {
    resolveDefinition(definition, values);
  } catch (error) {
    if (!(error instanceof TemplateValueError)) throw error;
    throw invalidFields({ [error.field]: error.message });
  }
  return values;
}

/** { publicValues, secretValues }: a connection record may show the first, never the second. */
export function splitSecretValues(definition, values) {
  const secrets = new Set(secretFieldNames(definition));
  const publicValues = {};
  const secretValues = {};
  for (const [name, value] of Object.entries(values)) (secrets.has(name) ? secretValues : publicValues)[name] = value;
  return { publicValues, secretValues };
}
