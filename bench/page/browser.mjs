// Debian's Chromium with the same launch options as the browser tests: nothing of its own on the
// network, so no background fetch can land inside a measurement.
import { chromium } from '@playwright/test';
import { CHROMIUM_LAUNCH_OPTIONS } from '../../tests/e2e/chromium.js';

export function launchChromium() {
  return chromium.launch({ ...CHROMIUM_LAUNCH_OPTIONS });
}
