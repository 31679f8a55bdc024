import { DomainError } from '../../../errors.ts';
import type { PhotoMime } from '../photo-image.ts';

/** What an upload answers. `thumbId` is the hash of the 320 px JPEG (fetch it at /api/photos/:id/thumb). */
export interface StoredPhoto {
  id: string;
  thumbId: string;
  mime: PhotoMime;
  width: number;
  height: number;
  bytes: number;
}

export const DEFAULT_PHOTO_MAX_BYTES = 10 * 1024 * 1024;

export function assertPhotoSize(bytes: Buffer, maxBytes: number): void {
  if (bytes.length > maxBytes) throw new DomainError('PHOTO_TOO_LARGE', { maxMb: Math.round((maxBytes / 1048576) * 10) / 10 });
  if (!bytes.length) throw new DomainError('PHOTO_TYPE_UNSUPPORTED', { reason: 'empty' });
}
