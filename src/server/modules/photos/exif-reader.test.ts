import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseExifDate, readExifFacts } from './exif-reader.ts';

type Field = { tag: number; type: 2 | 4 | 5; value: string | number | number[] };

/** A TIFF block the way cameras write it: IFD0 → Exif IFD and GPS IFD, values past the entries. */
function tiff(le: boolean, exif: Field[], gps: Field[], opts: { prefix?: boolean } = {}): Buffer {
  const buf = Buffer.alloc(4096);
  const w16 = (o: number, v: number) => (le ? buf.writeUInt16LE(v, o) : buf.writeUInt16BE(v, o));
  const w32 = (o: number, v: number) => (le ? buf.writeUInt32LE(v, o) : buf.writeUInt32BE(v, o));
  buf.write(le ? 'II' : 'MM', 0, 'latin1');
  w16(2, 42);
  w32(4, 8);
  let heap = 1024;
  const writeIfd = (at: number, fields: Field[]) => {
    w16(at, fields.length);
    fields.forEach((f, i) => {
      const e = at + 2 + i * 12;
      w16(e, f.tag);
      w16(e + 2, f.type);
      if (f.type === 2) {
        const s = Buffer.from(`${f.value as string}\0`, 'latin1');
        w32(e + 4, s.length);
        if (s.length <= 4) s.copy(buf, e + 8);
        else { w32(e + 8, heap); s.copy(buf, heap); heap += s.length + (s.length % 2); }
      } else if (f.type === 4) {
        w32(e + 4, 1);
        w32(e + 8, f.value as number);
      } else {
        const parts = f.value as number[];
        w32(e + 4, parts.length / 2);
        w32(e + 8, heap);
        for (const p of parts) { w32(heap, p); heap += 4; }
      }
    });
    w32(at + 2 + fields.length * 12, 0);
  };
  writeIfd(8, [{ tag: 0x8769, type: 4, value: 200 }, { tag: 0x8825, type: 4, value: 400 }]);
  writeIfd(200, exif);
  writeIfd(400, gps);
  const block = buf.subarray(0, heap);
  return opts.prefix === false ? block : Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), block]);
}

const ZHENGZHOU_GPS: Field[] = [
  { tag: 1, type: 2, value: 'N' },
  { tag: 2, type: 5, value: [34, 1, 42, 1, 1260, 100] },
  { tag: 3, type: 2, value: 'E' },
  { tag: 4, type: 5, value: [113, 1, 42, 1, 1800, 100] },
];
const TAKEN: Field[] = [{ tag: 0x9003, type: 2, value: '2026:03:02 09:41:07' }];

test('reads DateTimeOriginal (Beijing time unless the camera says otherwise) and GPS, in either byte order', () => {
  for (const le of [true, false]) {
    for (const prefix of [true, false]) {
      const facts = readExifFacts(tiff(le, TAKEN, ZHENGZHOU_GPS, { prefix }));
      assert.equal(facts.takenAt?.toISOString(), '2026-03-02T01:41:07.000Z', `le=${le}`);
      assert.equal(facts.lat, 34.7035);
      assert.equal(facts.lng, 113.705);
    }
  }
  const withZone = readExifFacts(tiff(true, [...TAKEN, { tag: 0x9011, type: 2, value: '+09:00' }], []));
  assert.equal(withZone.takenAt?.toISOString(), '2026-03-02T00:41:07.000Z');
  assert.equal(withZone.lng, null);
  const southWest = readExifFacts(tiff(true, [], ZHENGZHOU_GPS.map((f) => (f.tag === 1 ? { ...f, value: 'S' } : f.tag === 3 ? { ...f, value: 'W' } : f))));
  assert.deepEqual([southWest.lat, southWest.lng], [-34.7035, -113.705]);
});

test('absent or nonsense values read as absent, never as a wrong fact', () => {
  assert.deepEqual(readExifFacts(undefined), { takenAt: null, lng: null, lat: null });
  assert.deepEqual(readExifFacts(Buffer.from('Exif\0\0garbage')), { takenAt: null, lng: null, lat: null });
  // 0,0 is a camera without a fix; a zero denominator and 61 minutes are corrupt.
  const zero = ZHENGZHOU_GPS.map((f) => (f.type === 5 ? { ...f, value: [0, 1, 0, 1, 0, 1] } : f));
  assert.equal(readExifFacts(tiff(true, [], zero)).lat, null);
  const badDen = ZHENGZHOU_GPS.map((f) => (f.tag === 2 ? { ...f, value: [34, 0, 42, 1, 0, 1] } : f));
  assert.equal(readExifFacts(tiff(true, [], badDen)).lat, null);
  const badMin = ZHENGZHOU_GPS.map((f) => (f.tag === 4 ? { ...f, value: [113, 1, 61, 1, 0, 1] } : f));
  assert.equal(readExifFacts(tiff(true, [], badMin)).lng, null);
  assert.equal(parseExifDate('2026:02:31 09:00:00', '+08:00'), null, 'no 31 February');
  assert.equal(parseExifDate('0000:00:00 00:00:00', '+08:00'), null);
  assert.equal(parseExifDate('2026:03:02 09:41:07', 'local'), null);
});

test('hostile blocks (self-referencing IFDs, huge counts, offsets past the end) end quickly without throwing', () => {
  const loop = tiff(true, TAKEN, ZHENGZHOU_GPS, { prefix: false });
  loop.writeUInt32LE(8, 8 + 2 + 2 * 12); // IFD0's "next IFD" points at itself; we never follow next pointers
  loop.writeUInt32LE(8, 8 + 2 + 8); // and the Exif IFD pointer points back at IFD0
  assert.doesNotThrow(() => readExifFacts(loop));
  const huge = tiff(true, TAKEN, ZHENGZHOU_GPS, { prefix: false });
  huge.writeUInt32LE(0xffffffff, 200 + 2 + 4); // DateTimeOriginal claims 4 GB of text
  assert.equal(readExifFacts(huge).takenAt, null);
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 0, maxLength: 600 }), fc.boolean(), (bytes, le) => {
      const b = Buffer.concat([Buffer.from(le ? 'II*\0\x08\0\0\0' : 'MM\0*\0\0\0\x08', 'latin1'), Buffer.from(bytes)]);
      const f = readExifFacts(b);
      for (const v of [f.lat, f.lng]) assert.ok(v === null || Number.isFinite(v));
      assert.ok(f.takenAt === null || !Number.isNaN(f.takenAt.getTime()));
    }),
    { numRuns: 2000, seed: 47678 },
  );
});
