import type { Queryable } from '../../db/pool.ts';
import { DomainError } from '../../errors.ts';
import type { Actor } from '../auth/actor.ts';
import { visibleToSql } from '../cases/case.visibility.ts';
import type { PhotoMime } from './photo-image.ts';

export interface PhotoRow {
  id: string;
  uploaderId: number | null;
  isCitizen: boolean;
  mime: PhotoMime;
  bytes: number;
  width: number;
  height: number;
  thumbHash: string | null;
  capturedAt: Date | null;
  capturedLng: number | null;
  capturedLat: number | null;
  capturedAccuracyM: number | null;
  exifTakenAt: Date | null;
  exifLng: number | null;
  exifLat: number | null;
  createdAt: Date;
}

const PHOTO_SELECT = `
  SELECT p.id, p.uploader_id AS "uploaderId", p.is_citizen AS "isCitizen", p.mime, p.bytes, p.width, p.height,
         p.thumb_hash AS "thumbHash", p.captured_at AS "capturedAt", p.captured_lng AS "capturedLng", p.captured_lat AS "capturedLat",
         p.captured_accuracy_m AS "capturedAccuracyM", p.exif_taken_at AS "exifTakenAt", p.exif_lng AS "exifLng", p.exif_lat AS "exifLat",
         p.created_at AS "createdAt"
    FROM photos p`;

export async function getPhoto(db: Queryable, id: string): Promise<PhotoRow | undefined> {
  const { rows } = await db.query(`${PHOTO_SELECT} WHERE p.id = $1`, [id]);
  return rows[0] as PhotoRow | undefined;
}

/**
 * A photo the actor may look at: one they uploaded themselves, or one attached to a case they can see.
 * Anything else is "not found" (404), never "forbidden": a hash must not confirm that a photo exists.
 */
export async function getViewablePhoto(db: Queryable, actor: Actor, id: string): Promise<PhotoRow | undefined> {
  const args: unknown[] = [id, actor.userId];
  // By the photo's id, or by its thumbnail's (the thumbId an upload answers with).
  const { rows } = await db.query(
    `${PHOTO_SELECT}
      WHERE (p.id = $1 OR p.thumb_hash = $1)
        AND (EXISTS (SELECT 1 FROM photo_uploads u WHERE u.photo_id = p.id AND u.user_id = $2)
             OR EXISTS (SELECT 1 FROM cases c WHERE c.photos <> '[]'::jsonb AND c.photos @> jsonb_build_array(jsonb_build_object('id', p.id))
                           AND ${visibleToSql(actor, args)}))`,
    args,
  );
  return rows[0] as PhotoRow | undefined;
}

/** Case commands call this before writing: every photo id must name an uploaded photo (422 naming the first that doesn't). */
export async function assertPhotosExist(db: Queryable, ids: readonly string[]): Promise<void> {
  if (!ids.length) return;
  const { rows } = await db.query<{ id: string }>(`SELECT id FROM photos WHERE id = ANY($1::text[])`, [[...new Set(ids)]]);
  const found = new Set(rows.map((r) => r.id));
  const missing = ids.find((id) => !found.has(id));
  if (missing !== undefined) throw new DomainError('PHOTO_NOT_FOUND', { id: missing });
}
