// authkit-server start --config <file.json>
// Runs the service until SIGINT or SIGTERM.
import { parseArgs } from 'node:util';
import { createService } from './index.js';

export const START_USAGE = 'authkit-server start --config <config.json>';

/** args: the command line after "start". Resolves to the exit code once the service listens. */
export async function runStart(args) {
  const { values } = parseArgs({
    args,
    options: { config: { type: 'string', short: 'c' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help || !values.config) {
    console.error(`Usage: ${START_USAGE}`);
    return values.help ? 0 : 2;
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
  return 0;
}
