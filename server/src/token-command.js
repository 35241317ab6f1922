// authkit-server token --secret-key-env NAME --identity X --identity-type user
//   [--integrations a,b] [--origin https://app.example.com] [--ttl 300]
// Prints a session token as {"token","expiresAt"} JSON, e.g. for trying the widget by hand. The
// secret key is read from the named environment variable: on the command line it would be kept in
// shell history and be visible to every user of the machine through ps.
import { parseArgs } from 'node:util';
import { createToken } from './token.js';

export const TOKEN_USAGE = 'authkit-server token --secret-key-env <NAME> --identity <id> --identity-type <user|team|organization|project>\n'
  + '                     [--integrations <id,id>] [--origin <https://…>] [--ttl <seconds>]';

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

class UsageError extends Error {}

function readOptions(args) {
  // Refused before parsing, so the key is not echoed back in a parse error either.
  if (args.some((arg) => /^--secret-key(=|$)/.test(arg))) {
    throw new UsageError('The secret key is never taken from the command line: put it in an environment variable and pass its name with --secret-key-env.');
  }
  const { values } = parseArgs({
    args,
    options: {
      'secret-key-env': { type: 'string' },
      identity: { type: 'string' },
      'identity-type': { type: 'string' },
      integrations: { type: 'string' },
      origin: { type: 'string' },
      ttl: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  return values;
}

function tokenRequest(values, env) {
  const name = values['secret-key-env'];
  if (!name || !values.identity || !values['identity-type']) {
    throw new UsageError('--secret-key-env, --identity and --identity-type are required.');
  }
  if (!ENV_NAME.test(name)) throw new UsageError('--secret-key-env takes the name of an environment variable, not a key.');
  const secretKey = env[name];
  if (!secretKey) throw new UsageError(`The environment variable ${name} is not set.`);
  if (values.ttl !== undefined && !/^[0-9]+$/.test(values.ttl)) throw new UsageError('--ttl is a whole number of seconds.');
  return {
    secretKey,
    identity: values.identity,
    identityType: values['identity-type'],
    integrations: values.integrations?.split(',').map((id) => id.trim()).filter((id) => id.length > 0),
    origin: values.origin,
    ...(values.ttl !== undefined ? { ttlSeconds: Number(values.ttl) } : {}),
  };
}

/** args: the command line after "token". Resolves to the exit code. */
export async function runToken(args, { env = process.env } = {}) {
  let request;
  try {
    const values = readOptions(args);
    if (values.help) {
      console.log(`Usage: ${TOKEN_USAGE}`);
      return 0;
    }
    request = tokenRequest(values, env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`authkit-server token: ${error.message}\nUsage: ${TOKEN_USAGE}`);
    return 2;
  }
  try {
    const { token, expiresAt } = await createToken(request);
    console.log(JSON.stringify({ token, expiresAt }));
    return 0;
  } catch (error) {
    // createToken's messages describe the problem without repeating the key.
    if (!error.code) throw error;
    console.error(`authkit-server token: ${error.message} (${error.code})`);
    return 1;
  }
}
