// authkit-server rotate-keys --config <file.json> [--batch-size N]
// Re-encrypts every stored secret with the first of the config's encryptionKeys. Afterwards the
// other keys can be removed from the config.
import { parseArgs } from 'node:util';
import { rotateKeys } from './index.js';

const USAGE = 'Usage: authkit-server rotate-keys --config <config.json> [--batch-size <1-10000>]';

/** args: the command line after "rotate-keys". Resolves to the exit code. */
export async function runRotateKeys(args) {
  const { values } = parseArgs({
    args,
    options: {
      config: { type: 'string', short: 'c' },
      'batch-size': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const batchSize = Number(values['batch-size'] ?? 100);
  if (values.help || !values.config || !Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  const result = await rotateKeys(values.config, {
    batchSize,
    onBatch: ({ table, count }) => console.log(`re-encrypted ${count} ${table}`),
  });
  console.log(`Done: ${result.connections} connections and ${result.flows} flows now use key "${result.keyId}". `
    + 'Keys after the first can be removed from encryptionKeys.');
  return 0;
}
