import type { Db } from '../../../db/pool.ts';
import { DEFAULT_PHOTO_MAX_BYTES, assertPhotoSize } from './stored-photo.ts';
import { inspectPhoto, makeThumbnail, stripMetadata } from '../photo-image.ts';
import type { PhotoStore } from '../photo-store.ts';

/**
 * A citizen's photo (public intake): checked like any upload, then re-encoded without any metadata —
 * GPS, camera serials, ICC, XMP — and only those stripped bytes are stored, so nobody can ever fetch
 * the original. Its id is the hash of the stripped bytes. No position or time is recorded.
 */
export async function storeCitizenPhoto(db: Db, store: PhotoStore, bytes: Buffer, opts: { maxBytes?: number; now?: () => Date } = {}): Promise<{ id: string; width: number; height: number }> {
  assertPhotoSize(bytes, opts.maxBytes ?? DEFAULT_PHOTO_MAX_BYTES);
  const { mime } = await inspectPhoto(bytes);
  const stripped = await stripMetadata(bytes, mime);
  const thumb = await makeThumbnail(stripped.bytes);
  const id = await store.putBlob(stripped.bytes);
  const thumbId = await store.putBlob(thumb);
  await db.query(
    `INSERT INTO photos (id, uploader_id, is_citizen, mime, bytes, width, height, thumb_hash, created_at)
     VALUES ($1, NULL, true, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING`,
    [id, mime, stripped.bytes.length, stripped.width, stripped.height, thumbId, opts.now?.() ?? new Date()],
  );
  return { id, width: stripped.width, height: stripped.height };
}
