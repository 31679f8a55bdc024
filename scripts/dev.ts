/**
 * `npm run dev`: the server (embedded database, demo) and Vite's dev server with hot reload in one
 * command. Open the URL Vite prints (http://localhost:5173); /api goes to the server on PORT (3000).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '../src/server/config.ts';

const port = process.env.PORT ?? '3000';
const server = spawn(process.execPath, [path.join(repoRoot, 'bin', 'guancheng.js'), 'start'], { stdio: 'inherit', env: { ...process.env, PORT: port, GUANCHENG_WEB_BUILD: '0' } });
const { createServer } = await import('vite');
process.env.GUANCHENG_API = `http://localhost:${port}`;
const vite = await createServer({ configFile: path.join(repoRoot, 'src', 'web', 'vite.config.ts') });
await vite.listen();
vite.printUrls();
const stop = () => {
  server.kill('SIGINT');
  void vite.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
server.on('exit', (code) => {
  void vite.close().then(() => process.exit(code ?? 0));
});
