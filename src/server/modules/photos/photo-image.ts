/**
 * Deciding whether uploaded bytes are a photo we accept, by content — never by the file name or the
 * client's Content-Type: the magic bytes must say JPEG, PNG or WebP, sharp must agree and decode the
 * whole image, and the declared size and metadata must be sane before any pixels are decoded.
 */
import sharp, { type Metadata } from 'sharp';
import { DomainError } from '../../errors.ts';
import { readExifFacts, type ExifFacts } from './exif-reader.ts';

export type PhotoMime = 'image/jpeg' | 'image/png' | 'image/webp';

/** A 50-megapixel cap: above any phone or camera a field worker carries, far below a decompression bomb. */
export const MAX_INPUT_PIXELS = 50_000_000;
/** EXIF + XMP + ICC + IPTC + PNG text together; a phone's EXIF with maker notes is ~64 KB. */
export const MAX_METADATA_BYTES = 512 * 1024;
export const THUMB_PX = 320;

const SHARP_FORMAT: Record<PhotoMime, string> = { 'image/jpeg': 'jpeg', 'image/png': 'png', 'image/webp': 'webp' };

/** The image type the first bytes announce, or null. */
export function sniffImageType(bytes: Buffer): PhotoMime | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (bytes.length >= 12 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  return null;
}

export interface InspectedPhoto {
  mime: PhotoMime;
  /** As displayed (EXIF orientation applied). */
  width: number;
  height: number;
  exif: ExifFacts;
}

/** Throws a PHOTO_* DomainError unless the bytes are a whole, sane JPEG/PNG/WebP. Decodes nothing big. */
export async function inspectPhoto(bytes: Buffer): Promise<InspectedPhoto> {
  const mime = sniffImageType(bytes);
  if (!mime) throw new DomainError('PHOTO_TYPE_UNSUPPORTED', { reason: describeMagic(bytes) });
  let meta: Metadata;
  try {
    // Header only: sharp reads dimensions and metadata blocks without decoding pixels.
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    throw new DomainError('PHOTO_CORRUPT');
  }
  if (meta.format !== SHARP_FORMAT[mime]) throw new DomainError('PHOTO_TYPE_UNSUPPORTED', { reason: 'mismatch', details: { header: mime, content: meta.format } });
  if ((meta.pages ?? 1) > 1) throw new DomainError('PHOTO_TYPE_UNSUPPORTED', { reason: 'animated', details: { frames: meta.pages } });
  if (!meta.width || !meta.height) throw new DomainError('PHOTO_CORRUPT');
  if (meta.width * meta.height > MAX_INPUT_PIXELS) {
    throw new DomainError('PHOTO_PIXELS_TOO_MANY', { width: meta.width, height: meta.height, maxMegapixels: MAX_INPUT_PIXELS / 1e6 });
  }
  const metadataBytes = (meta.exif?.length ?? 0) + (meta.xmp?.length ?? 0) + (meta.icc?.length ?? 0) + (meta.iptc?.length ?? 0)
    + (meta.comments ?? []).reduce((n, c) => n + c.keyword.length + c.text.length, 0);
  if (metadataBytes > MAX_METADATA_BYTES) throw new DomainError('PHOTO_METADATA_TOO_LARGE', { bytes: metadataBytes, max: MAX_METADATA_BYTES });
  return { mime, width: meta.autoOrient.width, height: meta.autoOrient.height, exif: readExifFacts(meta.exif) };
}

/**
 * A 320 px JPEG, upright, with no metadata. It decodes every pixel of the input, so it is also the
 * check that the file is whole: a truncated JPEG/PNG/WebP fails here (failOn 'warning').
 */
export async function makeThumbnail(bytes: Buffer): Promise<Buffer> {
  return decodeOrReject(() =>
    sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'warning' })
      .autoOrient()
      .resize(THUMB_PX, THUMB_PX, { fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: 78, mozjpeg: true })
      .toBuffer(),
  );
}

/**
 * A citizen's photo re-encoded in its own format with every metadata block dropped (EXIF incl. GPS,
 * XMP, ICC, IPTC, PNG text): sharp keeps none unless asked (no withMetadata/keep*). Orientation is
 * applied to the pixels first, since the tag that carried it goes too; colours are converted to sRGB
 * (sharp's default without withMetadata) so dropping the ICC profile does not shift them.
 */
export async function stripMetadata(bytes: Buffer, mime: PhotoMime): Promise<{ bytes: Buffer; width: number; height: number }> {
  return decodeOrReject(async () => {
    const img = sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'warning' }).autoOrient();
    const encoded = mime === 'image/jpeg' ? img.jpeg({ quality: 88 }) : mime === 'image/png' ? img.png() : img.webp({ quality: 90 });
    const { data, info } = await encoded.toBuffer({ resolveWithObject: true });
    return { bytes: data, width: info.width, height: info.height };
  });
}

async function decodeOrReject<T>(decode: () => Promise<T>): Promise<T> {
  try {
    return await decode();
  } catch (err) {
    if (/pixel limit/i.test((err as Error).message)) throw new DomainError('PHOTO_PIXELS_TOO_MANY', { width: '?', height: '?', maxMegapixels: MAX_INPUT_PIXELS / 1e6 });
    throw new DomainError('PHOTO_CORRUPT');
  }
}

function describeMagic(bytes: Buffer): string {
  if (!bytes.length) return 'empty';
  if (bytes.toString('latin1', 0, 5) === '%PDF-') return 'pdf';
  if (bytes.toString('latin1', 0, 6) === 'GIF87a' || bytes.toString('latin1', 0, 6) === 'GIF89a') return 'gif';
  if (bytes.toString('latin1', 4, 8) === 'ftyp') return 'heic';
  if (bytes.subarray(0, 2).toString('latin1') === 'PK') return 'zip';
  if (bytes.subarray(0, 512).every((b) => b === 9 || b === 10 || b === 13 || (b >= 32 && b < 127) || b >= 128)) return 'text';
  return 'unknown';
}
