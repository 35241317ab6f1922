#!/usr/bin/env node
// authkit-server start --config <file.json>
import { parseArgs } from 'node:util';
import { createService } from './index.js';

const USAGE = 'Usage: authkit-server start --config <config.json>';

async function main() {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { config: { type: 'string', short: 'c' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help || positionals[0] !== 'start' || !values.config) {
    console.error(USAGE);
    process.exitCode = values.help ? 0 : 2;
    return;
  }
  const service = createService(values.config);
  const url = await service.listen();
  console.log(`AuthKit service listening on ${url}`);
  if (!service.config.publicUrl) console.log('publicUrl is not set: OAuth redirects use the listening address.');
  const stop = async () => {
    await service.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error) => {
  // Config errors list every problem; other errors are reported by name and message only.
  console.error(error.code === 'invalid_config' ? error.message : `authkit-server: ${error.message}`);
  process.exit(1);
});
