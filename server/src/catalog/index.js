// Integration definitions: their format and checks, the field rules, URL templates, the credential
// description, what a browser may see, and the built-in catalog of providers.
export { AUTH_TYPES, TOKEN_ENDPOINT_AUTH_METHODS, checkDefinition, isIntegrationId } from './definition.js';
export {
  FIELD_RULES, FIELD_TYPES, checkField, checkFieldValue, checkFields, secretFieldNames, validateFields,
} from './fields.js';
export { PatternError, compilePattern, translatePattern } from './pattern.js';
export { CREDENTIAL_PLACES, CredentialValueError, applyCredential, credentialFieldNames } from './credential.js';
export {
  TemplateValueError, fillPathTemplate, fillUrlTemplate, placeholdersOf,
} from './url-template.js';
export { resolveDefinition } from './resolve.js';
export { publicIntegration } from './public.js';
export { isAllowedEndpoint, isLoopbackUrl } from './values.js';
export { BUILTIN_INTEGRATIONS } from '../providers/index.js';
