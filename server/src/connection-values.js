// The field values a stored connection fills its definition's URL templates and credential with:
// an API-key connection's credentials are its field values; an OAuth connection keeps the fields
// its flow was started with (a shop name, a region) under `fields`, next to its tokens.
export function connectionValues(connection, credentials) {
  if (!credentials) return {};
  return connection.authType === 'api_key' ? credentials : (credentials.fields ?? {});
}
