// One more service process for the multi-process tests. Reads its config (JSON) from the
// AUTHKIT_TEST_CONFIG environment variable, prints {"url": …} once it listens, and stops when its
// standard input closes, so it never outlives the test that started it.
import { createService } from '../../server/src/index.js';

const service = createService(JSON.parse(process.env.AUTHKIT_TEST_CONFIG));
const url = await service.listen();
process.stdout.write(`${JSON.stringify({ url })}\n`);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await service.close();
  process.exit(0);
}
process.stdin.on('end', stop);
process.stdin.on('error', stop);
process.stdin.resume();
process.on('SIGTERM', stop);
