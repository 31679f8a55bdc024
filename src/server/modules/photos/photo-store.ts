/**
 * The blob store: bytes in, SHA-256 hex out, and back. Local disk, sharded by hash prefix
 * (`<dir>/ab/cd/abcd…`) so no directory grows past 65,536 entries. This is the one place that knows
 * where bytes live; an object store (S3/OSS) would replace these two functions, nothing else.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

export interface PhotoStore {
  /** Stores the bytes (idempotent: the same bytes give the same hash and one file) and returns their hash. */
  putBlob(bytes: Buffer): Promise<string>;
  /** The bytes stored under `hash`, or null if there are none (or the hash is malformed). */
  getBlob(hash: string): Promise<Buffer | null>;
}

const HASH = /^[0-9a-f]{64}$/;

export function sha256Hex(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function createPhotoStore(dir: string): PhotoStore {
  const pathOf = (hash: string) => path.join(dir, hash.slice(0, 2), hash.slice(2, 4), hash);

  return {
    async putBlob(bytes) {
      const hash = sha256Hex(bytes);
      const target = pathOf(hash);
      if (await exists(target)) return hash;
      await fs.mkdir(path.dirname(target), { recursive: true });
      // Write beside the target and rename: readers never see a half-written file, and two processes
      // storing the same bytes at once both end with the same complete file (rename replaces atomically).
      const temp = `${target}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
      try {
        const fh = await fs.open(temp, 'wx', 0o640);
        try {
          await fh.writeFile(bytes);
          await fh.sync();
        } finally {
          await fh.close();
        }
        await fs.rename(temp, target);
      } catch (err) {
        await fs.rm(temp, { force: true });
        throw err;
      }
      return hash;
    },

    async getBlob(hash) {
      if (!HASH.test(hash)) return null;
      try {
        return await fs.readFile(pathOf(hash));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw err;
      }
    },
  };
}

async function exists(p: string): Promise<boolean> {
  try {
    await fs.access(p);
    return true;
  } catch {
    return false;
  }
}
