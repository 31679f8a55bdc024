/**
 * Photos over HTTP on real PostgreSQL and a real file store: uploads checked by content, staff
 * originals kept byte for byte with their capture claims, citizens' photos stripped of every piece of
 * metadata, hostile files rejected with nothing stored, case actions refusing unknown photo ids, and
 * photos visible only to their uploader and to those who can see a case that uses them.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { after, before, test } from 'node:test';
import sharp from 'sharp';
import { loadConfig } from '../src/server/config.ts';
import { storeCitizenPhoto } from '../src/server/modules/photos/commands/store-citizen-photo.ts';
import { createPhotoStore } from '../src/server/modules/photos/photo-store.ts';
import { call, testApp, type Session, type TestApp } from './support/app.ts';
import { multipart } from './support/multipart.ts';
import { driver, type Driver } from './support/driver.ts';

let t: TestApp;
let drive: Driver;
let filesDir: string;
const s: Record<string, Session> = {};
const MAX_MB = 2;

before(async () => {
  filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gc-photos-'));
  t = await testApp({ GUANCHENG_FILES_DIR: filesDir, GUANCHENG_PHOTO_MAX_MB: String(MAX_MB) });
  drive = driver(t);
  for (const u of ['receiver', 'shiftleader', 'dispatcher', 'supervisor', 'supervisor2', 'handler', 'officer']) s[u] = await drive.session(u);
});
after(async () => {
  await t.close();
  fs.rmSync(filesDir, { recursive: true, force: true });
});

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** A small photo with the EXIF a phone writes: camera, DateTimeOriginal, GPS; plus ICC and XMP. */
async function phoneJpeg(seed = 1): Promise<Buffer> {
  return sharp({ create: { width: 640, height: 480, channels: 3, background: { r: 40 * seed, g: 160, b: 90 } } })
    .jpeg({ quality: 85 })
    .withIccProfile('p3')
    .withExif({
      IFD0: { Make: 'Guancheng', Model: 'FieldPhone 1', Software: 'camera 2.0' },
      IFD2: { DateTimeOriginal: '2026:03:02 09:41:07' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '34/1 42/1 1260/100', GPSLongitudeRef: 'E', GPSLongitude: '113/1 42/1 1800/100' },
    })
    .withXmp('<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></x:xmpmeta>')
    .toBuffer();
}

/** Noise compresses badly, so the JPEG's entropy-coded data is large enough to cut in half. */
async function noiseJpeg(): Promise<Buffer> {
  return sharp(randomBytes(256 * 256 * 3), { raw: { width: 256, height: 256, channels: 3 } }).jpeg({ quality: 90 }).toBuffer();
}

/** A decompression bomb: a ~60 KB PNG whose header declares 20000 × 20000 pixels (400 MP) of black. */
function bombPng(side = 20000): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(side, 0);
  ihdr.writeUInt32BE(side, 4);
  ihdr[8] = 1; // 1-bit greyscale
  const rows = Buffer.alloc((1 + Math.ceil(side / 8)) * side); // filter byte 0 + zero bits, every row
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function crc32(b: Buffer): number {
  let c = ~0;
  for (const byte of b) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

function upload(who: string, bytes: Buffer, opts: { name?: string; type?: string; fields?: Record<string, string>; lang?: string } = {}) {
  const body = multipart({ bytes, name: opts.name ?? 'photo.jpg', type: opts.type ?? 'image/jpeg' }, opts.fields);
  return call(t.app, s[who]!, { method: 'POST', url: '/api/photos', payload: body.payload, headers: { ...body.headers, ...(opts.lang ? { 'accept-language': opts.lang } : {}) } });
}

async function uploaded(who: string, bytes: Buffer, opts: Parameters<typeof upload>[2] = {}): Promise<{ id: string; thumbId: string; mime: string; width: number; height: number; bytes: number }> {
  const res = await upload(who, bytes, opts);
  assert.equal(res.statusCode, 201, res.body);
  return res.json();
}

const fetchPhoto = (who: string | null, id: string, thumb = false) => call(t.app, who ? s[who]! : null, { method: 'GET', url: `/api/photos/${id}${thumb ? '/thumb' : ''}` });

function storedFiles(): number {
  return fs.readdirSync(filesDir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
}

async function counts() {
  const { rows } = await t.db.query(`SELECT (SELECT count(*)::int FROM photos) AS photos, (SELECT count(*)::int FROM photo_uploads) AS uploads`);
  return { ...rows[0], files: storedFiles() };
}

test('a staff JPEG is kept byte for byte with its claimed and EXIF position and time; the same file again is the same photo', async () => {
  const jpeg = await phoneJpeg();
  const claim = { lng: '113.70049', lat: '34.70351', accuracy: '8.5', capturedAt: '2026-03-02T09:41:10+08:00' };
  const p = await uploaded('supervisor', jpeg, { fields: claim });
  assert.equal(p.id, sha256(jpeg), 'the id is the SHA-256 of the stored original');
  assert.deepEqual([p.mime, p.width, p.height, p.bytes], ['image/jpeg', 640, 480, jpeg.length]);
  assert.match(p.thumbId, /^[0-9a-f]{64}$/);

  const { rows } = await t.db.query(`SELECT * FROM photos WHERE id = $1`, [p.id]);
  const row = rows[0];
  assert.equal(row.uploader_id, t.district.users.supervisor!.id);
  assert.equal(row.is_citizen, false);
  assert.equal(row.captured_at.toISOString(), '2026-03-02T01:41:10.000Z');
  assert.deepEqual([row.captured_lng, row.captured_lat, row.captured_accuracy_m], [113.70049, 34.70351, 8.5]);
  assert.equal(row.exif_taken_at.toISOString(), '2026-03-02T01:41:07.000Z', 'DateTimeOriginal read as Beijing time');
  assert.deepEqual([row.exif_lng, row.exif_lat], [113.705, 34.7035]);

  const back = await fetchPhoto('supervisor', p.id);
  assert.equal(back.statusCode, 200);
  assert.equal(back.headers['content-type'], 'image/jpeg');
  assert.match(String(back.headers['cache-control']), /max-age=31536000, immutable/);
  assert.ok(back.rawPayload.equals(jpeg), 'the staff original comes back unchanged');
  assert.ok((await sharp(back.rawPayload).metadata()).exif, 'with its EXIF intact');

  const thumb = await fetchPhoto('supervisor', p.id, true);
  assert.equal(thumb.statusCode, 200);
  assert.equal(thumb.headers['content-type'], 'image/jpeg');
  const tm = await sharp(thumb.rawPayload).metadata();
  assert.deepEqual([tm.format, tm.width, tm.height], ['jpeg', 320, 240]);
  assert.ok(thumb.rawPayload.length < jpeg.length);
  assert.equal(sha256(thumb.rawPayload), p.thumbId);
  assert.equal(tm.exif, undefined, 'thumbnails carry no metadata');

  const before = await counts();
  const again = await uploaded('supervisor', jpeg, { name: 'IMG_0001 (1).jpg' });
  assert.equal(again.id, p.id);
  const now = await counts();
  assert.deepEqual([now.photos, now.files, now.uploads], [before.photos, before.files, before.uploads + 1], 'one photo, one file; the repeat upload is recorded');
});

test('PNG and WebP are accepted by content and come back with their own type', async () => {
  const png = await sharp({ create: { width: 120, height: 90, channels: 4, background: { r: 0, g: 0, b: 255, alpha: 0.5 } } }).png().toBuffer();
  const webp = await sharp({ create: { width: 1000, height: 500, channels: 3, background: '#c33' } }).webp().toBuffer();
  // The client's name and type are not trusted either way: a PNG called .jpg is still a PNG.
  const p = await uploaded('handler', png, { name: 'scan.jpg', type: 'image/jpeg' });
  assert.deepEqual([p.mime, p.width, p.height], ['image/png', 120, 90]);
  const w = await uploaded('handler', webp, { name: 'after.webp', type: 'application/octet-stream' });
  assert.deepEqual([w.mime, w.width, w.height], ['image/webp', 1000, 500]);
  const back = await fetchPhoto('handler', w.id);
  assert.equal(back.headers['content-type'], 'image/webp');
  assert.ok(back.rawPayload.equals(webp));
  const thumb = await sharp((await fetchPhoto('handler', w.id, true)).rawPayload).metadata();
  assert.deepEqual([thumb.format, thumb.width, thumb.height], ['jpeg', 320, 160]);
  // Above the app's 1 MB JSON body limit, below the photo limit: multipart has its own.
  const big = await sharp(randomBytes(720 * 720 * 3), { raw: { width: 720, height: 720, channels: 3 } }).png().toBuffer();
  assert.ok(big.length > 1.2 * 1024 * 1024 && big.length < MAX_MB * 1024 * 1024, `${big.length} bytes`);
  assert.equal((await uploaded('handler', big)).bytes, big.length);
});

test('a citizen photo loses every piece of metadata before anyone can fetch it', async () => {
  const original = await phoneJpeg(2);
  assert.ok((await sharp(original).metadata()).exif);
  const store = createPhotoStore(filesDir);
  const { id } = await storeCitizenPhoto(t.db, store, original);
  assert.notEqual(id, sha256(original));
  assert.equal(await store.getBlob(sha256(original)), null, 'the original bytes are never stored');
  const { rows } = await t.db.query(`SELECT * FROM photos WHERE id = $1`, [id]);
  assert.equal(rows[0].is_citizen, true);
  assert.deepEqual([rows[0].uploader_id, rows[0].exif_lng, rows[0].exif_taken_at, rows[0].captured_lng], [null, null, null, null]);

  // A receiver registers the citizen's report with the photo; staff who see the case see the photo.
  const c = await drive.report('receiver', { photoIds: [id] });
  assert.deepEqual(c.photos, [{ role: 'before', id, url: `/api/photos/${id}`, thumbUrl: `/api/photos/${id}/thumb` }]);
  const res = await fetchPhoto('receiver', id);
  assert.equal(res.statusCode, 200);
  assert.equal(sha256(res.rawPayload), id);
  const m = await sharp(res.rawPayload).metadata();
  assert.equal(m.format, 'jpeg');
  assert.deepEqual([m.exif, m.icc, m.xmp, m.iptc, m.hasProfile], [undefined, undefined, undefined, undefined, false]);
  assert.ok(!res.rawPayload.includes(Buffer.from('FieldPhone')), 'no camera model anywhere in the bytes');
  assert.ok(!res.rawPayload.includes(Buffer.from('Exif\0\0', 'latin1')));
});

test('files that are not whole, sane JPEG/PNG/WebP are rejected with a clear error and nothing is stored', async () => {
  const jpeg = await noiseJpeg();
  const metadataBomb = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#fff' } })
    .png()
    .withXmp(`<x:xmpmeta xmlns:x="adobe:ns:meta/"><!-- ${'A'.repeat(600_000)} --></x:xmpmeta>`)
    .toBuffer();
  const pdf = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
  const oversize = Buffer.concat([jpeg.subarray(0, 4), randomBytes(MAX_MB * 1024 * 1024 + 10)]);
  const cases: Array<[string, Buffer, number, string]> = [
    ['text named x.jpg', Buffer.from('这不是照片 / not a photo\n'.repeat(20)), 415, 'PHOTO_TYPE_UNSUPPORTED'],
    ['a PDF named x.jpg', pdf, 415, 'PHOTO_TYPE_UNSUPPORTED'],
    ['an empty file', Buffer.alloc(0), 415, 'PHOTO_TYPE_UNSUPPORTED'],
    ['JPEG magic bytes on a PNG body', Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), bombPng(16).subarray(3)]), 422, 'PHOTO_CORRUPT'],
    ['a truncated JPEG', jpeg.subarray(0, Math.floor(jpeg.length * 0.6)), 422, 'PHOTO_CORRUPT'],
    ['a decompression bomb (20000 × 20000 PNG)', bombPng(), 422, 'PHOTO_PIXELS_TOO_MANY'],
    ['600 KB of XMP in a 1 KB PNG', metadataBomb, 422, 'PHOTO_METADATA_TOO_LARGE'],
    [`over ${MAX_MB} MB`, oversize, 413, 'PHOTO_TOO_LARGE'],
  ];
  assert.ok(bombPng().length < 100_000, 'the bomb itself is small');
  const before = await counts();
  for (const [label, bytes, status, code] of cases) {
    const res = await upload('supervisor', bytes, { name: 'x.jpg', type: 'image/jpeg', fields: { lng: '113.7', lat: '34.7' } });
    assert.equal(res.statusCode, status, `${label}: ${res.body}`);
    assert.equal(res.json().error.code, code, label);
    assert.ok(res.json().error.message.length > 4, label);
  }
  const bomb = await upload('supervisor', bombPng(), { lang: 'en' });
  assert.equal(bomb.json().error.message, 'The photo has too many pixels (20000×20000; limit 50 megapixels)');
  const pdfZh = await upload('supervisor', pdf);
  assert.equal(pdfZh.json().error.message, '文件不是支持的图片格式（仅支持 JPEG、PNG、WebP）：PDF');

  const missing = await call(t.app, s.supervisor!, { method: 'POST', url: '/api/photos', ...multipart(null, { lng: '1', lat: '2' }) });
  assert.equal(missing.statusCode, 400);
  assert.equal(missing.json().error.code, 'PHOTO_FILE_MISSING');
  const badClaim = await upload('supervisor', await phoneJpeg(3), { fields: { lng: '113.7' } });
  assert.equal(badClaim.statusCode, 400, 'a longitude without a latitude');
  assert.equal(badClaim.json().error.code, 'VALIDATION_FAILED');
  const badTime = await upload('supervisor', await phoneJpeg(3), { fields: { capturedAt: 'yesterday' } });
  assert.equal(badTime.statusCode, 400);
  assert.deepEqual(await counts(), before, 'no row, no upload record, no file');
  assert.equal(loadConfig({}).photoMaxBytes, 10 * 1024 * 1024, 'the default limit is 10 MB');
});

test('case actions accept only uploaded photo ids: an unknown one is a 422 naming it and changes nothing', async () => {
  const ghost = 'f'.repeat(64);
  const casesBefore = (await t.db.query(`SELECT count(*)::int AS n FROM cases`)).rows[0].n;
  const bad = await drive.raw.report('supervisor', { photoIds: [ghost] });
  assert.equal(bad.statusCode, 422);
  assert.equal(bad.json().error.code, 'PHOTO_NOT_FOUND');
  assert.match(bad.json().error.message, new RegExp(ghost));
  const badSelf = await drive.raw.report('supervisor', { selfHandle: { result: '已清理', photoIds: ['e'.repeat(64)] } });
  assert.equal(badSelf.json().error.code, 'PHOTO_NOT_FOUND');
  // Not even a photo id (a SHA-256 in hex): a 400 naming the field.
  const malformed = await drive.raw.report('supervisor', { selfHandle: { result: '已清理', photoIds: ['not-a-photo'] } });
  assert.equal(malformed.statusCode, 400);
  assert.deepEqual(malformed.json().error.fields.map((f: { field: string }) => f.field), ['body.selfHandle.photoIds.0']);
  assert.equal((await t.db.query(`SELECT count(*)::int AS n FROM cases`)).rows[0].n, casesBefore);

  const before = await uploaded('supervisor', await phoneJpeg(4));
  const { id } = await drive.report('supervisor', { photoIds: [before.id] });
  await drive.act('shiftleader', id, 'file');
  await drive.act('dispatcher', id, 'dispatch', { leadUnitId: t.district.unitIds.streetOffice });
  await drive.act('handler', id, 'accept');
  const after = await uploaded('handler', await phoneJpeg(5));

  const snapshot = async () => (await t.db.query(`SELECT c.version, c.status, c.photos, (SELECT count(*)::int FROM case_events e WHERE e.case_id = c.id) AS events FROM cases c WHERE c.id = $1`, [id])).rows[0];
  const was = await snapshot();
  const refused = await drive.raw.act('handler', id, 'handle', { result: '已清运', photoIds: [after.id, ghost] });
  assert.equal(refused.statusCode, 422);
  assert.equal(refused.json().error.code, 'PHOTO_NOT_FOUND');
  assert.equal(refused.json().error.message, `照片不存在：${ghost}（请先上传照片）`);
  assert.deepEqual(await snapshot(), was, 'nothing changed');

  const done = await drive.act('handler', id, 'handle', { result: '已清运', photoIds: [after.id] });
  assert.deepEqual(done.photos.map((p: { role: string; id: string }) => ({ role: p.role, id: p.id })), [{ role: 'before', id: before.id }, { role: 'after', id: after.id }]);
  // Each with the addresses a page fetches it at.
  assert.deepEqual([done.photos[1].url, done.photos[1].thumbUrl], [`/api/photos/${after.id}`, `/api/photos/${after.id}/thumb`]);
});

test('a photo is visible to its uploaders and to whoever can see a case that uses it — to nobody else (404)', async () => {
  const p = await uploaded('supervisor', await phoneJpeg(6));
  for (const who of ['handler', 'officer', 'supervisor2', 'receiver']) {
    assert.equal((await fetchPhoto(who, p.id)).statusCode, 404, `${who} before any case uses it`);
    assert.equal((await fetchPhoto(who, p.id, true)).statusCode, 404, `${who} thumb`);
  }
  const { id } = await drive.report('supervisor', { photoIds: [p.id] });
  assert.equal((await fetchPhoto('receiver', p.id)).statusCode, 200, 'the centre sees cases in its district');
  assert.equal((await fetchPhoto('supervisor2', p.id)).statusCode, 404, 'another grid’s supervisor does not');
  await drive.act('shiftleader', id, 'file');
  await drive.act('dispatcher', id, 'dispatch', { leadUnitId: t.district.unitIds.streetOffice });
  assert.equal((await fetchPhoto('handler', p.id)).statusCode, 200, 'the handling unit sees its case’s photos');
  const other = await fetchPhoto('officer', p.id);
  assert.equal(other.statusCode, 404, 'another unit’s handler does not');
  assert.equal(other.json().error.code, 'NOT_FOUND');

  // Uploading the same bytes makes them one's own upload (one has the file anyway); nothing else is revealed.
  const mine = await uploaded('officer', await phoneJpeg(6));
  assert.equal(mine.id, p.id);
  assert.equal((await fetchPhoto('officer', p.id)).statusCode, 200);

  assert.equal((await fetchPhoto(null, p.id)).statusCode, 401);
  assert.equal((await fetchPhoto('supervisor', '../../etc/passwd')).statusCode, 404);
  const malformed = await fetchPhoto('supervisor', 'abc');
  assert.equal(malformed.statusCode, 400);
  assert.equal((await fetchPhoto('supervisor', 'e'.repeat(64))).statusCode, 404);
});
