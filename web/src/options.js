// Checks what a host passes to AuthKit.create and turns it into the shape the widget takes.
// Pica AuthKit's names are accepted where they mean the same thing, so moving over is mostly a
// change of import; where a name has no counterpart the error says what to use instead.

export const CALLBACK_NAMES = ['onSuccess', 'onError', 'onClose', 'onEvent'];

const THEME_MODES = ['light', 'dark', 'system'];
const THEME_KEYS = ['primaryColor', 'mode', 'radius', 'font', 'logoUrl', 'companyName', 'title'];

// Pica's top-level names for what lives in `theme` here, and the theme key each one fills.
const PICA_THEME_ALIASES = { appTheme: 'mode', imageUrl: 'logoUrl', companyName: 'companyName', title: 'title' };
const SETTING_NAMES = [
  'token', 'serviceUrl', 'selectedIntegration', 'connectionKey', 'locale', 'theme', 'container', 'wasmUrl',
  'selectedConnection', ...Object.keys(PICA_THEME_ALIASES),
];
export const OPTION_NAMES = [...SETTING_NAMES, ...CALLBACK_NAMES];

const UNSUPPORTED = {
  baseUrl: 'there is no hosted page to point at; set "serviceUrl" to your connection service instead',
  showNameInput: 'connections have no name typed by the user here; they are told apart by integration and identity',
};

function fail(message) {
  throw new TypeError(`AuthKit.create: ${message}`);
}

const isPlainObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);

function optionalString(value, name) {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '') fail(`"${name}" must be a non-empty string.`);
  return value;
}

function checkKnownKeys(object, known, where) {
  for (const key of Object.keys(object)) {
    if (known.includes(key)) continue;
    if (where === 'options' && key in UNSUPPORTED) fail(`Pica's "${key}" option is not supported: ${UNSUPPORTED[key]}.`);
    const sameLetters = known.find((name) => name.toLowerCase() === key.toLowerCase());
    const what = where === 'options' ? `unknown option "${key}"` : `unknown key "${key}" in "${where}"`;
    fail(`${what}${sameLetters ? ` (did you mean "${sameLetters}"?)` : ''}.`);
  }
}

// A token function's answer is checked like the endpoint's: a mistake in it becomes the modal's
// token error screen (as a 200 with no token is: retrying would not help), not a request without one.
function checkedTokenFunction(getToken) {
  return async () => {
    const answer = await getToken();
    if (!answer || typeof answer.token !== 'string' || answer.token === '') {
      throw Object.assign(new Error('The token function returned no { token }.'), { code: 'token_invalid', status: 200 });
    }
    return answer;
  };
}

function normalizeToken(token) {
  if (typeof token === 'function') return checkedTokenFunction(token);
  if (!isPlainObject(token)) fail('"token" is required: { url, headers? } or a function returning { token, expiresAt }.');
  checkKnownKeys(token, ['url', 'headers'], 'token');
  if (typeof token.url !== 'string' || token.url === '') fail('"token.url" must be the address of your token endpoint.');
  if (token.headers !== undefined) {
    const valid = isPlainObject(token.headers) && Object.values(token.headers).every((value) => typeof value === 'string');
    if (!valid) fail('"token.headers" must be an object of header names to string values.');
  }
  return token.headers ? { url: token.url, headers: { ...token.headers } } : { url: token.url };
}

function normalizeServiceUrl(serviceUrl) {
  if (typeof serviceUrl !== 'string' || serviceUrl === '') fail('"serviceUrl" is required: the address of your connection service.');
  let url;
  try {
    url = new URL(serviceUrl);
  } catch {
    fail(`"serviceUrl" must be an absolute http(s) URL, got "${serviceUrl}".`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') fail(`"serviceUrl" must use https: (or http: locally), got "${url.protocol}".`);
  return serviceUrl;
}

function normalizeLocale(locale) {
  if (locale === undefined) return undefined;
  if (typeof locale !== 'string') fail('"locale" must be a BCP 47 language tag such as "en" or "pt-BR".');
  try {
    return Intl.getCanonicalLocales(locale)[0];
  } catch {
    return fail(`"locale" is not a valid BCP 47 language tag: "${locale}".`);
  }
}

// Types are checked here, where a TypeError can name the option; whether a value is usable (a hex
// colour, a radius in range, a logo on https:) is the machine's call, which falls back to the
// default and reports a config_error event, so both rule sets cannot drift apart.
function checkTheme(theme, modeName) {
  if (theme.mode !== undefined && !THEME_MODES.includes(theme.mode)) {
    fail(`"${modeName}" must be one of ${THEME_MODES.map((mode) => `"${mode}"`).join(', ')}, got ${JSON.stringify(theme.mode)}.`);
  }
  if (theme.radius !== undefined && (typeof theme.radius !== 'number' || !Number.isFinite(theme.radius))) {
    fail('"theme.radius" must be a number of pixels.');
  }
  for (const key of ['primaryColor', 'font', 'logoUrl', 'companyName', 'title']) optionalString(theme[key], `theme.${key}`);
}

// `theme` and the Pica names that feed it are merged; the same setting given twice must agree.
function normalizeTheme(options) {
  if (options.theme !== undefined && !isPlainObject(options.theme)) fail('"theme" must be an object.');
  const theme = { ...(options.theme ?? {}) };
  checkKnownKeys(theme, THEME_KEYS, 'theme');
  for (const [alias, key] of Object.entries(PICA_THEME_ALIASES)) {
    const value = options[alias];
    if (value === undefined) continue;
    optionalString(value, alias);
    if (theme[key] !== undefined && theme[key] !== value) fail(`"${alias}" and "theme.${key}" disagree; give only one.`);
    theme[key] = value;
  }
  checkTheme(theme, options.appTheme !== undefined && options.theme?.mode === undefined ? 'appTheme' : 'theme.mode');
  for (const key of Object.keys(theme)) if (theme[key] === undefined) delete theme[key];
  return Object.keys(theme).length ? theme : undefined;
}

function normalizeSelectedIntegration({ selectedIntegration, selectedConnection }) {
  optionalString(selectedIntegration, 'selectedIntegration');
  optionalString(selectedConnection, 'selectedConnection');
  if (selectedIntegration && selectedConnection && selectedIntegration !== selectedConnection) {
    fail('"selectedConnection" (Pica\'s name) and "selectedIntegration" disagree; give only one.');
  }
  return selectedIntegration ?? selectedConnection;
}

function normalizeContainer(container) {
  if (container === undefined || container === null) return undefined;
  // Duck-typed so that an element from another window (an iframe's) is accepted too.
  const isNode = typeof container === 'object' && (container.nodeType === 1 || container.nodeType === 11);
  if (!isNode || typeof container.append !== 'function') fail('"container" must be an element (or a shadow root) to draw the modal in.');
  return container;
}

function normalizeWasmUrl(wasmUrl) {
  if (wasmUrl === undefined) return undefined;
  if (typeof URL !== 'undefined' && wasmUrl instanceof URL) return wasmUrl.href;
  return optionalString(wasmUrl, 'wasmUrl');
}

/** Throws a TypeError naming the first callback that is given but is not a function. */
export function checkCallbacks(callbacks, where = 'AuthKit.create') {
  for (const name of CALLBACK_NAMES) {
    const callback = callbacks[name];
    if (callback !== undefined && callback !== null && typeof callback !== 'function') {
      throw new TypeError(`${where}: "${name}" must be a function.`);
    }
  }
}

/** The host's callbacks, each a function or undefined. */
export function pickCallbacks(options) {
  checkCallbacks(options);
  return Object.fromEntries(CALLBACK_NAMES.map((name) => [name, options[name] ?? undefined]));
}

/** The callbacks named in an update, checked; names other than the four callbacks are TypeErrors. */
export function checkCallbackUpdate(update) {
  if (!isPlainObject(update)) throw new TypeError('setCallbacks: needs an object such as { onSuccess }.');
  for (const key of Object.keys(update)) {
    if (!CALLBACK_NAMES.includes(key)) throw new TypeError(`setCallbacks: "${key}" is not a callback (${CALLBACK_NAMES.join(', ')}).`);
  }
  checkCallbacks(update, 'setCallbacks');
  return Object.fromEntries(Object.keys(update).map((name) => [name, update[name] ?? undefined]));
}

/**
 * Everything but the callbacks, checked and in the widget's own names: Pica's names are mapped,
 * unknown keys and wrong types are TypeErrors that say which option and what it should be.
 */
export function normalizeOptions(options) {
  if (!isPlainObject(options)) fail('needs an options object, e.g. { token: { url: "/api/authkit" }, serviceUrl }.');
  checkKnownKeys(options, OPTION_NAMES, 'options');
  const settings = {
    token: normalizeToken(options.token),
    serviceUrl: normalizeServiceUrl(options.serviceUrl),
    selectedIntegration: normalizeSelectedIntegration(options),
    connectionKey: optionalString(options.connectionKey, 'connectionKey'),
    locale: normalizeLocale(options.locale),
    theme: normalizeTheme(options),
    container: normalizeContainer(options.container),
    wasmUrl: normalizeWasmUrl(options.wasmUrl),
  };
  for (const key of Object.keys(settings)) if (settings[key] === undefined) delete settings[key];
  return settings;
}
