// A throwaway PostgreSQL cluster for the tests: initdb into a temp dir, pg_ctl start on 127.0.0.1 and
// a free port, one fresh database per test, pg_ctl stop and delete at the end.
//
// initdb refuses to run as root. As root (CI, containers) the cluster is created and run by the
// `postgres` system user that Debian's postgresql package adds, through runuser; as anyone else it
// runs as that user. The test process itself connects over TCP with trust authentication, so it
// does not matter who it runs as. Nothing here skips: if PostgreSQL cannot start, the test fails
// with the reason.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

const DEBIAN_ROOT = '/usr/lib/postgresql';
const COMMAND_TIMEOUT_MS = 60_000;
const SUPERUSER = 'authkit';

function findBinDir() {
  const versions = existsSync(DEBIAN_ROOT)
    ? readdirSync(DEBIAN_ROOT).filter((name) => /^\d+$/.test(name)).sort((a, b) => Number(b) - Number(a))
    : [];
  for (const version of versions) {
    const bin = join(DEBIAN_ROOT, version, 'bin');
    if (existsSync(join(bin, 'initdb')) && existsSync(join(bin, 'pg_ctl'))) return bin;
  }
  throw new Error(`PostgreSQL is not installed: no initdb under ${DEBIAN_ROOT}/*/bin. `
    + 'Run scripts/setup.sh, which installs the Debian package "postgresql".');
}

function systemUser(name) {
  const result = spawnSync('id', ['-u', name], { encoding: 'utf8' });
  if (result.status !== 0) return undefined;
  const gid = spawnSync('id', ['-g', name], { encoding: 'utf8' });
  return { name, uid: Number(result.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

async function freePort() {
  const server = createServer();
  await new Promise((resolve, reject) => server.listen(0, '127.0.0.1', resolve).on('error', reject));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function run(prefix, command, args, cwd) {
  const [file, ...rest] = [...prefix, command, ...args];
  const result = spawnSync(file, rest, { cwd, encoding: 'utf8', timeout: COMMAND_TIMEOUT_MS });
  if (result.error) throw new Error(`${command} could not run: ${result.error.message}`);
  return result;
}

/**
 * Starts a cluster. Returns { port, createDatabase(): Promise<url>, stop() }. Call stop() when the
 * test file ends (node:test's after()); an exit handler stops it too if the file crashes.
 */
export async function startPostgres() {
  const bin = findBinDir();
  let prefix = [];
  const dir = mkdtempSync(join(tmpdir(), 'authkit-pg-'));
  const data = join(dir, 'data');
  if (process.getuid?.() === 0) {
    const owner = systemUser('postgres');
    if (!owner) {
      rmSync(dir, { recursive: true, force: true });
      throw new Error('The tests run as root, and initdb refuses root: a "postgres" system user is needed '
        + '(Debian\'s postgresql package creates it).');
    }
    chownSync(dir, owner.uid, owner.gid);
    prefix = ['runuser', '-u', owner.name, '--'];
  }

  const cleanUp = () => rmSync(dir, { recursive: true, force: true });
  const init = run(prefix, join(bin, 'initdb'),
    ['-D', data, '-U', SUPERUSER, '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync'], dir);
  if (init.status !== 0) {
    cleanUp();
    throw new Error(`initdb failed (exit ${init.status}):\n${init.stderr || init.stdout}`);
  }

  const log = join(dir, 'server.log');
  let port;
  let started = false;
  // A port found free can be taken before PostgreSQL binds it; try a few.
  for (let attempt = 0; attempt < 3 && !started; attempt += 1) {
    port = await freePort();
    const options = [`-p ${port}`, '-c listen_addresses=127.0.0.1', `-c unix_socket_directories=${dir}`,
      '-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off', '-c max_connections=100'].join(' ');
    const start = run(prefix, join(bin, 'pg_ctl'), ['-D', data, '-l', log, '-w', '-t', '30', '-o', options, 'start'], dir);
    started = start.status === 0;
  }
  if (!started) {
    const serverLog = existsSync(log) ? readFileSync(log, 'utf8') : '(no log)';
    cleanUp();
    throw new Error(`PostgreSQL did not start:\n${serverLog}`);
  }

  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    process.removeListener('exit', stop);
    run(prefix, join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', '-t', '30', 'stop'], dir);
    cleanUp();
  };
  process.on('exit', stop);

  const urlOf = (database) => `postgresql://${SUPERUSER}@127.0.0.1:${port}/${database}`;
  return {
    port,
    /** A new, empty database; resolves to its connection string. */
    async createDatabase() {
      const name = `authkit_${randomBytes(6).toString('hex')}`;
      const client = new pg.Client({ connectionString: urlOf('postgres') });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return urlOf(name);
    },
    stop,
  };
}
