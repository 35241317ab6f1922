// The `refresh` settings: when OAuth tokens are refreshed and how failures back off.
import { settingsObject, wholeNumber } from '../settings-checks.js';

const KEYS = ['aheadSeconds', 'intervalSeconds', 'batchSize', 'backoffBaseSeconds', 'backoffMaxSeconds', 'worker'];

export function checkRefreshSettings(value, issues) {
  const raw = settingsObject(value, KEYS, 'refresh', issues);
  const number = (key, min, max, fallback) => wholeNumber(raw[key], { path: `refresh.${key}`, min, max, fallback }, issues);
  const settings = {
    aheadMs: number('aheadSeconds', 60, 86_400, 600) * 1000,
    intervalMs: number('intervalSeconds', 1, 3600, 30) * 1000,
    batchSize: number('batchSize', 1, 1000, 20),
    backoffBaseMs: number('backoffBaseSeconds', 1, 86_400, 30) * 1000,
    backoffMaxMs: number('backoffMaxSeconds', 1, 7 * 86_400, 3600) * 1000,
    worker: raw.worker ?? true,
  };
  if (typeof settings.worker !== 'boolean') issues.push({ path: 'refresh.worker', message: 'must be true or false' });
  if (settings.backoffMaxMs < settings.backoffBaseMs) {
    issues.push({ path: 'refresh.backoffMaxSeconds', message: 'must not be less than backoffBaseSeconds' });
  }
  return settings;
}
