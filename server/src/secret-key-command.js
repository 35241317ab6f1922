// authkit-server secret-key [--live]
// Prints a new project secret key (sk_test_… by default), to put in the configuration's
// projects[].secretKeys, best through an environment variable.
import { parseArgs } from 'node:util';
import { generateSecretKey } from './token.js';

export const SECRET_KEY_USAGE = 'authkit-server secret-key [--live]';

/** args: the command line after "secret-key". Resolves to the exit code. */
export async function runSecretKey(args) {
  const { values } = parseArgs({
    args, options: { live: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    console.log(`Usage: ${SECRET_KEY_USAGE}`);
    return 0;
  }
  console.log(generateSecretKey(values.live ? 'live' : 'test'));
  return 0;
}
