import { inTransaction, type Db } from '../../../db/pool.ts';
import type { Actor } from '../../auth/actor.ts';
import { DEFAULT_PHOTO_MAX_BYTES, assertPhotoSize, type StoredPhoto } from './stored-photo.ts';
import { inspectPhoto, makeThumbnail } from '../photo-image.ts';
import type { PhotoStore } from '../photo-store.ts';

/** Where and when the field worker's device says the photo was taken (form fields beside the file). */
export interface CaptureClaim {
  lng?: number;
  lat?: number;
  /** Metres, as the device reports it. */
  accuracy?: number;
  capturedAt?: Date;
}

/**
 * A staff photo (supervisor, handler…): the original bytes are kept exactly as sent, metadata and all,
 * because their EXIF time and GPS are evidence (DOMAIN §8); the claim and the EXIF facts are recorded
 * side by side so a later check can compare them with each other and with the case.
 * Nothing is stored unless the whole file decodes.
 */
export async function storeStaffPhoto(
  ctx: { db: Db; now: () => Date },
  store: PhotoStore,
  actor: Actor,
  bytes: Buffer,
  claim: CaptureClaim = {},
  opts: { maxBytes?: number } = {},
): Promise<StoredPhoto> {
  assertPhotoSize(bytes, opts.maxBytes ?? DEFAULT_PHOTO_MAX_BYTES);
  const info = await inspectPhoto(bytes);
  const thumb = await makeThumbnail(bytes);
  const id = await store.putBlob(bytes);
  const thumbId = await store.putBlob(thumb);
  const now = ctx.now();
  const claimed = [claim.capturedAt ?? null, claim.lng ?? null, claim.lat ?? null, claim.accuracy ?? null];
  await inTransaction(ctx.db, async (tx) => {
    // The same bytes again (content addressing): the first upload's row stands, the repeat is its own upload record.
    await tx.query(
      `INSERT INTO photos (id, uploader_id, is_citizen, mime, bytes, width, height, thumb_hash, captured_at, captured_lng, captured_lat,
                           captured_accuracy_m, exif_taken_at, exif_lng, exif_lat, created_at)
       VALUES ($1, $2, false, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
       ON CONFLICT (id) DO NOTHING`,
      [id, actor.userId, info.mime, bytes.length, info.width, info.height, thumbId, ...claimed, info.exif.takenAt, info.exif.lng, info.exif.lat, now],
    );
    await tx.query(
      `INSERT INTO photo_uploads (photo_id, user_id, captured_at, captured_lng, captured_lat, captured_accuracy_m, uploaded_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [id, actor.userId, ...claimed, now],
    );
  });
  return { id, thumbId, mime: info.mime, width: info.width, height: info.height, bytes: bytes.length };
}
