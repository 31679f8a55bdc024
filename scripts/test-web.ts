/** `npm run test:web`: the web workspace's own tests (pure: no database, no browser). */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../src/server/config.ts';

const files = (fs.readdirSync(path.join(repoRoot, 'src', 'web'), { recursive: true }) as string[])
  .filter((f) => /\.test\.tsx?$/.test(f))
  .map((f) => path.join(repoRoot, 'src', 'web', f))
  .sort();
const child = spawn(process.execPath, ['--import', 'tsx', '--test', ...files], { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'test' } });
child.on('exit', (c) => process.exit(c ?? 1));
