#!/usr/bin/env node
// authkit-server <command>: start the service, mint a session token, make a secret key, or
// re-encrypt stored secrets. Each command reads its own options.
import { runRotateKeys } from './rotate-keys-command.js';
import { SECRET_KEY_USAGE, runSecretKey } from './secret-key-command.js';
import { START_USAGE, runStart } from './start-command.js';
import { TOKEN_USAGE, runToken } from './token-command.js';

const COMMANDS = {
  start: runStart,
  token: runToken,
  'secret-key': runSecretKey,
  'rotate-keys': runRotateKeys,
};

const ROTATE_KEYS_USAGE = 'authkit-server rotate-keys --config <config.json> [--batch-size <1-10000>]';

const USAGE = `Usage:
  ${START_USAGE}
  ${TOKEN_USAGE}
  ${SECRET_KEY_USAGE}
  ${ROTATE_KEYS_USAGE}`;

async function main() {
  const [name, ...args] = process.argv.slice(2);
  const run = Object.hasOwn(COMMANDS, name ?? '') ? COMMANDS[name] : undefined;
  if (!run) {
    const asked = name === '--help' || name === '-h' || name === 'help';
    (asked ? console.log : console.error)(USAGE);
    process.exitCode = asked ? 0 : 2;
    return;
  }
  process.exitCode = await run(args);
}

main().catch((error) => {
  if (error.code?.startsWith('ERR_PARSE_ARGS_')) {
    console.error(`authkit-server: ${error.message}\n${USAGE}`);
    process.exit(2);
  }
  // Config errors list every problem; other errors are reported by name and message only.
  console.error(error.code === 'invalid_config' ? error.message : `authkit-server: ${error.message}`);
  process.exit(1);
});
