/**
 * The first `npm start` after a clone (or after the web's sources changed) builds the web workspace
 * with Vite into dist/web and says so; later starts compare a fingerprint of the inputs (src/web,
 * src/shared, the lockfile) with the one stored beside the build and reuse it. Vite is a runtime
 * dependency for exactly this reason: `npm ci && npm start` is all a fresh machine needs.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from './config.ts';

export const WEB_DIST = path.join(repoRoot, 'dist', 'web');
const STAMP = path.join(WEB_DIST, '.build-stamp');
// This file too: how the build is made (precompression) is part of what it made.
const INPUTS = ['src/web', 'src/shared', 'package-lock.json', 'src/server/web-build.ts'];

function listFiles(p: string, out: string[]): void {
  const st = fs.statSync(p, { throwIfNoEntry: false });
  if (!st) return;
  if (st.isDirectory()) {
    for (const e of fs.readdirSync(p).sort()) if (!e.startsWith('.') && e !== 'node_modules') listFiles(path.join(p, e), out);
  } else if (!/\.test\.tsx?$/.test(p)) out.push(p);
}

/** A hash of every input file's path and content: mtimes change on checkout, contents don't. */
export function webFingerprint(): string {
  const files: string[] = [];
  for (const i of INPUTS) listFiles(path.join(repoRoot, i), files);
  const h = crypto.createHash('sha256');
  for (const f of files) h.update(path.relative(repoRoot, f)).update('\0').update(fs.readFileSync(f)).update('\0');
  return h.digest('hex');
}

export function webIsCurrent(fingerprint = webFingerprint()): boolean {
  return fs.existsSync(STAMP) && fs.readFileSync(STAMP, 'utf8').trim() === fingerprint && fs.existsSync(path.join(WEB_DIST, 'index.html'));
}

/** Builds the web if missing or stale; returns whether it built. */
export async function ensureWebBuilt(say: (line: string) => void, opts: { force?: boolean } = {}): Promise<boolean> {
  const fingerprint = webFingerprint();
  if (!opts.force && webIsCurrent(fingerprint)) return false;
  const t0 = Date.now();
  say(fs.existsSync(path.join(WEB_DIST, 'index.html')) ? '网页源码已变更，正在重新构建… / the web changed: rebuilding…' : '首次启动：正在构建网页（约一分钟）… / first start: building the web (about a minute)…');
  // Built beside dist/web and swapped in by two renames: a server serving the old build (an e2e run, a dev
  // server) never sees a half-written folder, and a failed build leaves the old one in place.
  const staging = `${WEB_DIST}.building-${process.pid}`;
  const retired = `${WEB_DIST}.old-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  try {
    const { build } = await import('vite');
    await build({ configFile: path.join(repoRoot, 'src', 'web', 'vite.config.ts'), logLevel: 'warn', mode: 'production', build: { outDir: staging, emptyOutDir: true } });
    await precompress(path.join(staging, 'assets'));
    fs.writeFileSync(path.join(staging, path.basename(STAMP)), fingerprint + '\n');
    if (fs.existsSync(WEB_DIST)) fs.renameSync(WEB_DIST, retired);
    fs.renameSync(staging, WEB_DIST);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
    fs.rmSync(retired, { recursive: true, force: true });
  }
  say(`网页已构建 web built in ${((Date.now() - t0) / 1000).toFixed(1)} s → ${path.relative(repoRoot, WEB_DIST)}`);
  return true;
}

const COMPRESSIBLE = /\.(?:js|mjs|css|svg|json|map)$/;

/**
 * A .br and a .gz beside every script and stylesheet, made once at build time: the server sends them to
 * browsers that accept them (@fastify/static `preCompressed`), so no request pays for compression and a
 * phone on a slow line loads a fifth of the bytes.
 */
async function precompress(dir: string): Promise<void> {
  const { brotliCompress, gzip, constants } = await import('node:zlib');
  const { promisify } = await import('node:util');
  const br = promisify(brotliCompress);
  const gz = promisify(gzip);
  const files = fs.readdirSync(dir).filter((f) => COMPRESSIBLE.test(f));
  await Promise.all(files.map(async (f) => {
    const body = fs.readFileSync(path.join(dir, f));
    if (body.length < 1024) return;
    const [b, g] = await Promise.all([
      br(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 9, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } }),
      gz(body, { level: 9 }),
    ]);
    fs.writeFileSync(path.join(dir, `${f}.br`), b);
    fs.writeFileSync(path.join(dir, `${f}.gz`), g);
  }));
}
