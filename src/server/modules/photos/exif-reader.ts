/**
 * Reads the two things integrity checks need from a photo's EXIF block (the TIFF structure sharp returns
 * as `metadata().exif`): when it was taken (DateTimeOriginal) and where (GPS). Pure and defensive: the
 * block comes from an untrusted file, so every offset is bounds-checked, only IFD0 → Exif/GPS is followed
 * (no recursion, no loops) and anything odd yields "absent" rather than an error.
 */

export interface ExifFacts {
  takenAt: Date | null;
  lng: number | null;
  lat: number | null;
}

const NONE: ExifFacts = { takenAt: null, lng: null, lat: null };
const MAX_ENTRIES = 512;
const TYPE_SIZE: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 7: 1, 9: 4, 10: 8 };

const TAG = {
  exifIfd: 0x8769,
  gpsIfd: 0x8825,
  dateTimeOriginal: 0x9003,
  offsetTimeOriginal: 0x9011,
  latRef: 0x0001,
  lat: 0x0002,
  lngRef: 0x0003,
  lng: 0x0004,
} as const;

interface Entry {
  type: number;
  count: number;
  /** Offset of the value within the TIFF block (inline values point into the entry itself). */
  at: number;
}

/**
 * `defaultOffset`: the zone assumed when the camera recorded none (OffsetTimeOriginal is rare on older
 * phones); a district platform in China means Beijing time.
 */
export function readExifFacts(block: Buffer | undefined, defaultOffset = '+08:00'): ExifFacts {
  if (!block || block.length < 8) return NONE;
  const tiff = block.subarray(0, 6).toString('latin1') === 'Exif\0\0' ? block.subarray(6) : block;
  if (tiff.length < 8) return NONE;
  const order = tiff.subarray(0, 2).toString('latin1');
  if (order !== 'II' && order !== 'MM') return NONE;
  const le = order === 'II';
  const u16 = (o: number) => (o >= 0 && o + 2 <= tiff.length ? (le ? tiff.readUInt16LE(o) : tiff.readUInt16BE(o)) : null);
  const u32 = (o: number) => (o >= 0 && o + 4 <= tiff.length ? (le ? tiff.readUInt32LE(o) : tiff.readUInt32BE(o)) : null);
  if (u16(2) !== 42) return NONE;

  const readIfd = (offset: number | null): Map<number, Entry> => {
    const out = new Map<number, Entry>();
    if (offset === null || offset < 8) return out;
    const n = u16(offset);
    if (n === null || n > MAX_ENTRIES) return out;
    for (let i = 0; i < n; i++) {
      const e = offset + 2 + i * 12;
      const tag = u16(e), type = u16(e + 2), count = u32(e + 4);
      if (tag === null || type === null || count === null) break;
      const size = TYPE_SIZE[type];
      if (!size || count > tiff.length) continue;
      const at = size * count <= 4 ? e + 8 : u32(e + 8);
      if (at === null || at + size * count > tiff.length) continue;
      out.set(tag, { type, count, at });
    }
    return out;
  };
  const ascii = (e: Entry | undefined) => (e && e.type === 2 ? tiff.subarray(e.at, e.at + e.count).toString('latin1').replace(/\0.*$/s, '').trim() : null);
  const pointer = (e: Entry | undefined) => (e && (e.type === 4 || e.type === 13) && e.count === 1 ? u32(e.at) : null);
  const rationals = (e: Entry | undefined): number[] | null => {
    if (!e || e.type !== 5 || e.count !== 3) return null;
    const out: number[] = [];
    for (let i = 0; i < 3; i++) {
      const num = u32(e.at + i * 8), den = u32(e.at + i * 8 + 4);
      if (num === null || den === null || den === 0) return null;
      out.push(num / den);
    }
    return out;
  };

  const ifd0 = readIfd(u32(4));
  const exif = readIfd(pointer(ifd0.get(TAG.exifIfd)));
  const gps = readIfd(pointer(ifd0.get(TAG.gpsIfd)));
  const takenAt = parseExifDate(ascii(exif.get(TAG.dateTimeOriginal)), ascii(exif.get(TAG.offsetTimeOriginal)) ?? defaultOffset);
  const lat = toDegrees(rationals(gps.get(TAG.lat)), ascii(gps.get(TAG.latRef)), 'S', 90);
  const lng = toDegrees(rationals(gps.get(TAG.lng)), ascii(gps.get(TAG.lngRef)), 'W', 180);
  // 0,0 is what some cameras write with no fix; a point in the Gulf of Guinea is not a city case.
  if (lat === null || lng === null || (lat === 0 && lng === 0)) return { takenAt, lng: null, lat: null };
  return { takenAt, lng, lat };
}

/** "2026:03:02 09:41:07" + "+08:00" → Date; null when malformed or out of range. */
export function parseExifDate(value: string | null, offset: string): Date | null {
  const m = value?.match(/^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/);
  if (!m || !/^[+-]\d{2}:\d{2}$/.test(offset)) return null;
  const iso = `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${offset}`;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime()) || d.getUTCFullYear() < 1990 || d.getUTCFullYear() > 2200) return null;
  // Date accepts 2026-02-31 as 3 March; the camera's calendar must round-trip.
  const back = new Date(d.getTime() + offsetMinutes(offset) * 60_000).toISOString();
  return back.slice(0, 19) === iso.slice(0, 19) ? d : null;
}

function offsetMinutes(offset: string): number {
  const sign = offset.startsWith('-') ? -1 : 1;
  return sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
}

function toDegrees(dms: number[] | null, ref: string | null, negative: string, max: number): number | null {
  if (!dms) return null;
  const [d = 0, m = 0, s = 0] = dms;
  if (m >= 60 || s >= 60) return null;
  const value = (d + m / 60 + s / 3600) * (ref?.toUpperCase() === negative ? -1 : 1);
  return Math.abs(value) <= max ? Math.round(value * 1e7) / 1e7 : null;
}
