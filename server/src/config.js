// Loads the service configuration: resolves { "env": "NAME" } references (so secrets stay out of
// files), validates every field and reports each problem with its path.
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { BUILTIN_INTEGRATIONS, checkDefinition, isIntegrationId, isLoopbackUrl } from './catalog.js';
import { isExactOrigin, parseSecretKey } from './token.js';
import { jsonSyntaxPosition } from './json-syntax-position.js';
import { checkRateLimitSettings } from './http/rate-limit-settings.js';
import { checkTimeoutSettings, checkTrustProxy } from './http/connection-settings.js';
import { checkFlowSettings } from './oauth/flow-settings.js';
import { checkRefreshSettings } from './refresh/settings.js';
import { checkProjectWebhook, checkWebhookDelivery } from './webhooks/settings.js';

const KEY_ID_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;
const PROJECT_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const DEFAULT_PROVIDER_TIMEOUT_MS = 10_000;

export class ConfigError extends Error {
  constructor(issues) {
    super(`Invalid AuthKit configuration:\n${issues.map(({ path, message }) => `  ${path}: ${message}`).join('\n')}`);
    this.code = 'invalid_config';
    this.issues = issues;
  }
}

const NORMALIZED = Symbol('authkit.normalizedConfig');

// Only literal objects count, so things like a log stream passed from code are left untouched.
function isPlainObject(value) {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function isEnvReference(value) {
  return isPlainObject(value) && Object.keys(value).length === 1 && typeof value.env === 'string';
}

const ROOT_KEYS = ['publicUrl', 'host', 'port', 'database', 'encryptionKeys', 'projects', 'integrations',
  'providerTimeoutMs', 'logger', 'refresh', 'webhooks', 'rateLimit', 'flows', 'trustProxy', 'timeouts'];
const PROJECT_KEYS = ['id', 'secretKeys', 'allowedOrigins', 'integrations', 'branding', 'webhook'];

// A misspelt key would otherwise be ignored silently, e.g. an "allowedOrigin" leaving a project with none.
function checkKnownKeys(object, known, path, issues) {
  for (const key of Object.keys(object)) {
    if (!known.includes(key)) {
      issues.push({ path: path ? `${path}.${key}` : key, message: `is not a known setting (one of ${known.join(', ')})` });
    }
  }
}

function resolveEnvReferences(value, path, env, issues) {
  if (isEnvReference(value)) {
    if (env[value.env] === undefined) {
      issues.push({ path, message: `environment variable ${value.env} is not set` });
      return undefined;
    }
    return env[value.env];
  }
  if (Array.isArray(value)) {
    return value.map((item, index) => resolveEnvReferences(item, `${path}[${index}]`, env, issues));
  }
  if (isPlainObject(value)) {
    return Object.fromEntries(Object.entries(value)
      .map(([key, item]) => [key, resolveEnvReferences(item, path ? `${path}.${key}` : key, env, issues)]));
  }
  return value;
}

// Config overrides replace arrays and scalars but merge into nested objects of a built-in definition.
function mergeDefinition(base, override) {
  const merged = { ...base };
  for (const [key, value] of Object.entries(override)) {
    merged[key] = isPlainObject(value) && isPlainObject(base[key]) ? mergeDefinition(base[key], value) : value;
  }
  return merged;
}

// Over plain http a page can be rewritten and a cookie read or planted on the network: http is only
// for addresses on this machine (development).
const NOT_SECURE_MESSAGE = 'must use https: (http: is only allowed for localhost, 127.0.0.1 and [::1])';
const isSecureOrigin = (origin) => new URL(origin).protocol === 'https:' || isLoopbackUrl(new URL(origin));

function checkPublicUrl(value, issues) {
  if (value === undefined) return null;
  if (!isExactOrigin(value)) {
    issues.push({ path: 'publicUrl', message: 'must be an origin like https://connect.example.com (no path, no trailing slash)' });
    return null;
  }
  if (!isSecureOrigin(value)) {
    issues.push({ path: 'publicUrl', message: NOT_SECURE_MESSAGE });
    return null;
  }
  return value;
}

function checkPort(value, issues) {
  const port = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    issues.push({ path: 'port', message: 'must be a port number between 0 and 65535' });
  }
  return port;
}

// Without a database section, DATABASE_URL (a PostgreSQL connection string) is used when set.
function checkDatabase(value, baseDir, issues, env) {
  if (value === undefined && env.DATABASE_URL) value = { postgres: env.DATABASE_URL };
  if (isPlainObject(value) && value.postgres !== undefined) {
    if (typeof value.postgres !== 'string' || !/^postgres(ql)?:\/\//.test(value.postgres) || value.sqlite !== undefined) {
      issues.push({ path: 'database.postgres', message: 'must be a connection string like postgresql://user@host/db (and no sqlite beside it)' });
      return undefined;
    }
    return { postgres: value.postgres };
  }
  if (!isPlainObject(value) || typeof value.sqlite !== 'string' || value.sqlite.length === 0) {
    issues.push({ path: 'database.sqlite', message: 'must be the path of the SQLite file (or ":memory:"), or set database.postgres' });
    return undefined;
  }
  const file = value.sqlite === ':memory:' || isAbsolute(value.sqlite) || !baseDir
    ? value.sqlite
    : resolve(baseDir, value.sqlite);
  return { sqlite: file };
}

function checkEncryptionKeys(value, issues) {
  if (!Array.isArray(value) || value.length === 0) {
    issues.push({ path: 'encryptionKeys', message: 'must list at least one key; the first one encrypts' });
    return [];
  }
  const seen = new Set();
  return value.map((entry, index) => {
    const path = `encryptionKeys[${index}]`;
    const id = entry?.id;
    if (typeof id !== 'string' || !KEY_ID_PATTERN.test(id)) {
      issues.push({ path: `${path}.id`, message: 'must be 1 to 32 letters, digits, _ or -' });
    } else if (seen.has(id)) {
      issues.push({ path: `${path}.id`, message: 'is used twice' });
    }
    seen.add(id);
    const key = typeof entry?.key === 'string' ? Buffer.from(entry.key, 'base64') : Buffer.alloc(0);
    if (key.length !== 32) {
      issues.push({ path: `${path}.key`, message: 'must be the base64 encoding of exactly 32 random bytes' });
    }
    return { id, key };
  });
}

function checkIntegrations(value, issues) {
  if (value !== undefined && !isPlainObject(value)) {
    issues.push({ path: 'integrations', message: 'must be an object of integration id to definition' });
    return new Map();
  }
  const definitions = new Map();
  const ids = new Set([...Object.keys(BUILTIN_INTEGRATIONS), ...Object.keys(value ?? {})]);
  for (const id of ids) {
    const path = `integrations.${id}`;
    const override = value?.[id] ?? {};
    if (!isPlainObject(override)) {
      issues.push({ path, message: 'must be an object' });
      continue;
    }
    if (!isIntegrationId(id)) {
      issues.push({ path, message: 'the id must be lowercase letters, digits and dashes' });
      continue;
    }
    const raw = mergeDefinition({ ...(BUILTIN_INTEGRATIONS[id] ?? {}), id }, override);
    if (raw.id !== id) {
      issues.push({ path: `${path}.id`, message: `must equal the key "${id}" or be left out` });
      continue;
    }
    const { definition, issues: definitionIssues } = checkDefinition(raw, path);
    issues.push(...definitionIssues);
    definitions.set(id, definition);
  }
  return definitions;
}

function checkOAuthClient(definition, path, issues) {
  for (const name of ['clientId', 'clientSecret']) {
    if (typeof definition[name] !== 'string' || definition[name].length === 0) {
      issues.push({ path: `${path}.${name}`, message: 'is required for an enabled oauth2 integration' });
    }
  }
}

function checkBranding(value, path, issues) {
  if (value === undefined) return {};
  if (!isPlainObject(value) || !Object.values(value).every((item) => typeof item === 'string')) {
    issues.push({ path, message: 'must be an object of strings, like { "companyName": "Demo Co" }' });
    return {};
  }
  return { ...value };
}

function checkProjects(value, definitions, issues) {
  if (!Array.isArray(value) || value.length === 0) {
    issues.push({ path: 'projects', message: 'must list at least one project' });
    return [];
  }
  const projectIds = new Set();
  const keyIds = new Set();
  return value.map((raw, index) => {
    const path = `projects[${index}]`;
    if (!isPlainObject(raw)) {
      issues.push({ path, message: 'must be an object' });
      return undefined;
    }
    checkKnownKeys(raw, PROJECT_KEYS, path, issues);
    if (typeof raw.id !== 'string' || !PROJECT_ID_PATTERN.test(raw.id)) {
      issues.push({ path: `${path}.id`, message: 'must be 1 to 64 letters, digits, _ or -' });
    } else if (projectIds.has(raw.id)) {
      issues.push({ path: `${path}.id`, message: 'is used by another project' });
    }
    projectIds.add(raw.id);

    const secretKeys = [];
    if (!Array.isArray(raw.secretKeys) || raw.secretKeys.length === 0) {
      issues.push({ path: `${path}.secretKeys`, message: 'must list at least one secret key' });
    } else {
      raw.secretKeys.forEach((secretKey, keyIndex) => {
        const keyPath = `${path}.secretKeys[${keyIndex}]`;
        try {
          const { environment, keyId } = parseSecretKey(secretKey);
          if (keyIds.has(keyId)) issues.push({ path: keyPath, message: 'is used twice' });
          keyIds.add(keyId);
          secretKeys.push({ secretKey, environment, keyId });
        } catch {
          // The key itself must not appear in the message: it is a secret.
          issues.push({ path: keyPath, message: 'must be a secret key made by generateSecretKey (sk_test_… or sk_live_…)' });
        }
      });
    }

    const allowedOrigins = Array.isArray(raw.allowedOrigins) ? raw.allowedOrigins : [];
    if (!Array.isArray(raw.allowedOrigins)) {
      issues.push({ path: `${path}.allowedOrigins`, message: 'must be an array of origins' });
    }
    allowedOrigins.forEach((origin, originIndex) => {
      if (!isExactOrigin(origin)) {
        issues.push({ path: `${path}.allowedOrigins[${originIndex}]`, message: 'must be an origin like https://app.example.com' });
      } else if (!isSecureOrigin(origin)) {
        issues.push({ path: `${path}.allowedOrigins[${originIndex}]`, message: NOT_SECURE_MESSAGE });
      }
    });

    const integrations = Array.isArray(raw.integrations) ? raw.integrations : [];
    if (!Array.isArray(raw.integrations)) {
      issues.push({ path: `${path}.integrations`, message: 'must be an array of integration ids' });
    }
    integrations.forEach((id, integrationIndex) => {
      const integrationPath = `${path}.integrations[${integrationIndex}]`;
      const definition = definitions.get(id);
      if (!definition) {
        issues.push({ path: integrationPath, message: `"${id}" is not a known integration; define it under integrations` });
      } else if (definition.authType === 'oauth2') {
        checkOAuthClient(definition, `integrations.${id}`, issues);
      }
    });

    return {
      id: raw.id,
      secretKeys,
      allowedOrigins: [...new Set(allowedOrigins)],
      integrations: [...new Set(integrations)],
      branding: checkBranding(raw.branding, `${path}.branding`, issues),
      webhook: checkProjectWebhook(raw.webhook, `${path}.webhook`, issues),
    };
  });
}

function checkLogger(value, issues) {
  if (value === undefined || value === false) return false;
  if (value === true) return { level: 'info' };
  if (isPlainObject(value) && (value.level === undefined || LOG_LEVELS.includes(value.level))) {
    // `stream` is only usable from code (tests, embedding); JSON configs cannot express it.
    return { level: value.level ?? 'info', ...(value.stream ? { stream: value.stream } : {}) };
  }
  issues.push({ path: 'logger', message: `must be false, true or { "level": one of ${LOG_LEVELS.join(', ')} }` });
  return false;
}

function checkProviderTimeout(value, issues) {
  if (value === undefined) return DEFAULT_PROVIDER_TIMEOUT_MS;
  if (!Number.isInteger(value) || value < 100 || value > 120_000) {
    issues.push({ path: 'providerTimeoutMs', message: 'must be a whole number of milliseconds between 100 and 120000' });
  }
  return value;
}

/**
 * Accepts a config object or the path of a JSON file and returns the normalized configuration.
 * Throws ConfigError listing every problem as "path: reason".
 */
export function loadConfig(objectOrPath, { env = process.env } = {}) {
  if (objectOrPath?.[NORMALIZED]) return objectOrPath;
  let raw = objectOrPath;
  let baseDir;
  if (typeof objectOrPath === 'string') {
    baseDir = dirname(resolve(objectOrPath));
    let text;
    try {
      text = readFileSync(objectOrPath, 'utf8');
    } catch (error) {
      throw new ConfigError([{ path: '(file)', message: `could not be read (${error.message})` }]);
    }
    try {
      raw = JSON.parse(text);
    } catch {
      // JSON.parse's message quotes the text around the error, which may be part of a secret key:
      // only the place is reported.
      const place = jsonSyntaxPosition(text);
      const where = place ? ` at line ${place.line}, column ${place.column}` : '';
      throw new ConfigError([{ path: '(file)', message: `is not valid JSON: fix the syntax${where}` }]);
    }
  }
  if (!isPlainObject(raw)) throw new ConfigError([{ path: '(root)', message: 'must be an object' }]);

  const issues = [];
  const resolved = resolveEnvReferences(raw, '', env, issues);
  checkKnownKeys(resolved, ROOT_KEYS, '', issues);
  const integrations = checkIntegrations(resolved.integrations, issues);
  const config = {
    publicUrl: checkPublicUrl(resolved.publicUrl, issues),
    host: resolved.host ?? '127.0.0.1',
    port: checkPort(resolved.port ?? 4200, issues),
    database: checkDatabase(resolved.database, baseDir, issues, env),
    encryptionKeys: checkEncryptionKeys(resolved.encryptionKeys, issues),
    projects: checkProjects(resolved.projects, integrations, issues),
    integrations,
    logger: checkLogger(resolved.logger, issues),
    providerTimeoutMs: checkProviderTimeout(resolved.providerTimeoutMs, issues),
    refresh: checkRefreshSettings(resolved.refresh, issues),
    webhooks: checkWebhookDelivery(resolved.webhooks, issues),
    rateLimit: checkRateLimitSettings(resolved.rateLimit, issues),
    flows: checkFlowSettings(resolved.flows, issues),
    trustProxy: checkTrustProxy(resolved.trustProxy, issues),
    timeouts: checkTimeoutSettings(resolved.timeouts, issues),
  };
  if (typeof config.host !== 'string' || config.host.length === 0) {
    issues.push({ path: 'host', message: 'must be a host name or address' });
  }
  // One problem per path: a missing env variable would otherwise also be reported as a bad value.
  const firstPerPath = issues.filter((issue, index) => issues.findIndex(({ path }) => path === issue.path) === index);
  if (firstPerPath.length > 0) throw new ConfigError(firstPerPath);
  Object.defineProperty(config, NORMALIZED, { value: true });
  return config;
}
