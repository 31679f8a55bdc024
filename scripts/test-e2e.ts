/**
 * `npm run test:e2e [-- filter…]`: the browser tests. Builds the web if stale (the production build, the
 * real CSP), starts one server on a fresh database with the demo district (test/e2e/stack.ts) and one
 * Chromium, then node's test runner runs every test/e2e/*.e2e.ts (not *.test.ts: `npm test` never picks
 * them up), each file in its own process, told where to go by E2E_BASE_URL / E2E_IDLE_BASE_URL /
 * E2E_WS_ENDPOINT. No retries. Exits non-zero when a test fails.
 * Filters keep the files whose path contains one of them; `--skip <word>` drops files whose path contains
 * it (CI's second run on PostgreSQL 15 skips the two-minute idle test, which does not depend on the database).
 * `--serve`: start everything, print the environment the test files need, and wait (Ctrl+C stops): for writing
 * tests, `E2E_BASE_URL=… E2E_WS_ENDPOINT=… node --import tsx --test test/e2e/x.e2e.ts` against it.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot } from '../src/server/config.ts';
import { startStack } from '../test/e2e/stack.ts';

const { values, positionals } = parseArgs({ args: process.argv.slice(2), options: { skip: { type: 'string', multiple: true, default: [] }, serve: { type: 'boolean', default: false } }, allowPositionals: true });
const dir = path.join(repoRoot, 'test', 'e2e');
const files = fs.readdirSync(dir)
  .filter((f) => f.endsWith('.e2e.ts'))
  .map((f) => path.join(dir, f))
  .filter((f) => !positionals.length || positionals.some((x) => f.includes(x)))
  .filter((f) => !values.skip.some((x) => f.includes(x)))
  .sort();
if (!files.length) {
  console.error('no e2e test files match');
  process.exit(1);
}
// The idle test needs the second, one-minute-idle server: started only when that file runs.
const needsIdle = values.serve || files.some((f) => path.basename(f).startsWith('idle'));

const t0 = Date.now();
const stack = await startStack({ idleServer: needsIdle });
let stopping = false;
const shutdown = async (code: number) => {
  if (stopping) return;
  stopping = true;
  await stack.stop();
  console.error(`# e2e finished in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  process.exit(code);
};
process.on('SIGINT', () => void shutdown(130));
process.on('SIGTERM', () => void shutdown(143));

if (values.serve) {
  console.log(`export E2E_BASE_URL=${stack.baseUrl} E2E_WS_ENDPOINT=${stack.wsEndpoint} E2E_IDLE_BASE_URL=${stack.idleUrl}`);
  console.error('# serving; Ctrl+C stops');
  await new Promise(() => {});
}
console.error(`# ${files.length} e2e files: ${files.map((f) => path.basename(f)).join(', ')}`);
const code: number = await new Promise((resolve) => {
  const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files], {
    stdio: 'inherit',
    env: {
      ...process.env,
      E2E_BASE_URL: stack.baseUrl,
      E2E_WS_ENDPOINT: stack.wsEndpoint,
      ...(stack.idleUrl ? { E2E_IDLE_BASE_URL: stack.idleUrl } : {}),
      E2E_POSTGRES_VERSION: stack.postgresVersion,
    },
  });
  child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0)));
});
await shutdown(code);
