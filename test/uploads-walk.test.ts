/**
 * Bad input the schema-driven walk (openapi-walk.test.ts) cannot generate: multipart photo uploads, CSV
 * category files, GeoJSON and zipped Shapefiles, and URLs that do not decode. Each is a clear 4xx with our
 * error shape, names the field where there is one, stores nothing, and never a 5xx.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { strToU8, zipSync } from 'fflate';
import sharp from 'sharp';
import { testApp, type TestApp } from './support/app.ts';
import { driver, type Driver } from './support/driver.ts';
import { multipart } from './support/multipart.ts';
import { UNSTORABLE } from './support/schema-arbitraries.ts';

let t: TestApp;
let drive: Driver;
let jpeg: Buffer;
const filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gc-uploads-'));
const tried = { photo: 0, csv: 0, geo: 0, url: 0 };
before(async () => {
  t = await testApp({ GUANCHENG_FILES_DIR: filesDir });
  drive = driver(t);
  jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#3a7' } }).jpeg().toBuffer();
});
after(async () => {
  await t?.close();
  fs.rmSync(filesDir, { recursive: true, force: true });
  console.log(`uploads walk: ${tried.photo} photo uploads, ${tried.csv} CSV files, ${tried.geo} geographic files, ${tried.url} undecodable URLs, no 5xx`);
});

const rows = async (table: string) => (await t.db.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n as number;
const fieldsOf = (body: string) => ((JSON.parse(body).error?.fields ?? []) as Array<{ field: string }>).map((f) => f.field);
function assertRefused(res: { statusCode: number; body: string }, what: string) {
  assert.ok(res.statusCode >= 400 && res.statusCode < 500, `${what}: ${res.statusCode} ${res.body.slice(0, 300)}`);
  const err = JSON.parse(res.body).error;
  assert.ok(err?.code && err.message, `${what}: not our error shape: ${res.body.slice(0, 300)}`);
}

test('photo uploads: bad form fields are 400s naming the field; bad files are PHOTO_* errors; nothing is stored', async () => {
  const before = await rows('photos');
  const upload = (file: Parameters<typeof multipart>[0], fields: Record<string, string> = {}, more: Parameters<typeof multipart>[2] = []) => {
    const body = multipart(file, fields, more);
    return drive.call('supervisor', { method: 'POST', url: '/api/photos', payload: body.payload, headers: body.headers });
  };
  const photo = { bytes: jpeg, name: 'p.jpg', type: 'image/jpeg' };
  // Each claim field with generated bad values (the rest absent): a 400 naming it.
  const bad: Record<string, fc.Arbitrary<string>> = {
    lng: fc.constantFrom('abc', '181', '1e2', '0x10', '', ' 113', 'NaN', '113.7\u0000'),
    lat: fc.constantFrom('91', '-90.5', 'north', '34,7'),
    accuracy: fc.constantFrom('-1', '100001', 'far'),
    capturedAt: fc.constantFrom('yesterday', '2026-02-30T08:00:00+08:00', '2026-03-02 09:41', '\u0000'),
  };
  for (const [field, arb] of Object.entries(bad)) {
    for (const v of fc.sample(arb, { numRuns: 6, seed: 3 })) {
      tried.photo++;
      const fields = field === 'lat' ? { lng: '113.7', lat: v } : field === 'lng' ? { lng: v, lat: '34.7' } : { [field]: v };
      const res = await upload(photo, fields);
      assertRefused(res, `photo ${field}=${JSON.stringify(v)}`);
      assert.equal(res.statusCode, 400);
      assert.ok(fieldsOf(res.body).some((f) => f === `body.${field}`), `photo ${field}=${JSON.stringify(v)}: ${res.body}`);
    }
  }
  const cases: Array<[string, Promise<{ statusCode: number; body: string }>, number, string, string?]> = [
    ['an unknown field', upload(photo, { comment: 'hi' }), 400, 'VALIDATION_FAILED', 'body.comment'],
    ['lng without lat', upload(photo, { lng: '113.7' }), 400, 'VALIDATION_FAILED', 'body.lat'],
    ['no file', upload(null, { lng: '113.7', lat: '34.7' }), 400, 'PHOTO_FILE_MISSING'],
    ['two files', upload(photo, {}, [photo]), 400, 'VALIDATION_FAILED', 'body.file'],
    ['a text file', upload({ bytes: Buffer.from('不是照片\n'.repeat(50)), name: 'x.jpg', type: 'image/jpeg' }), 415, 'PHOTO_TYPE_UNSUPPORTED'],
    ['half a JPEG', upload({ bytes: jpeg.subarray(0, Math.floor(jpeg.length / 2)), name: 'x.jpg', type: 'image/jpeg' }), 422, 'PHOTO_CORRUPT'],
    ['an empty file', upload({ bytes: Buffer.alloc(0), name: 'x.jpg', type: 'image/jpeg' }), 415, 'PHOTO_TYPE_UNSUPPORTED'],
    ['not multipart at all', drive.call('supervisor', { method: 'POST', url: '/api/photos', payload: { file: 'x' } }), 400, 'PHOTO_FILE_MISSING'],
  ];
  for (const [what, pending, status, code, field] of cases) {
    tried.photo++;
    const res = await pending;
    assertRefused(res, what);
    assert.equal(res.statusCode, status, `${what}: ${res.body}`);
    assert.equal(JSON.parse(res.body).error.code, code, what);
    if (field) assert.ok(fieldsOf(res.body).includes(field), `${what}: ${res.body}`);
  }
  // The citizens' upload: a file and nothing else, the same checks, refused in plain words.
  const citizen = (file: Parameters<typeof multipart>[0], fields: Record<string, string> = {}) => {
    const body = multipart(file, fields);
    return t.app.inject({ method: 'POST', url: '/api/public/photos', payload: body.payload, headers: body.headers, remoteAddress: '10.201.0.1' });
  };
  for (const [what, res, code] of [
    ['a text file', await citizen({ bytes: Buffer.from('不是照片\n'.repeat(50)), name: 'x.jpg', type: 'image/jpeg' }), 'PHOTO_TYPE_UNSUPPORTED'],
    ['no file', await citizen(null), 'PHOTO_FILE_MISSING'],
    ['a form field beside the file', await citizen(photo, { lng: '113.7' }), 'VALIDATION_FAILED'],
  ] as const) {
    tried.photo++;
    assertRefused(res, `citizen upload: ${what}`);
    assert.equal(JSON.parse(res.body).error.code, code, `citizen upload: ${what}: ${res.body}`);
  }
  // A text field with a NUL in its name is refused too (by name).
  tried.photo++;
  const nulName = await upload(photo, { 'lng\u0000': '1' });
  assertRefused(nulName, 'a NUL in a field name');
  assert.equal(await rows('photos'), before, 'nothing stored');
});

test('category CSV files: NUL, broken quoting, wrong columns and random bytes are refused and import nothing', async () => {
  const before = await rows('categories');
  const header = 'kind,major_code,major_name,code,name\n';
  const files = [
    ...UNSTORABLE.filter((u) => u.includes('\u0000')).map((u) => `${header}event,96,测试,96001,${u}\n`),
    `${header}event,96,"未闭合的引号,96001,名称\n`,
    'a,b,c\n1,2,3\n',
    `${header}event,96,测试,9600x,名称\n`,
    `${header}component,95,测试,96001,名称\n`,
    ...fc.sample(fc.string({ unit: 'binary', minLength: 1, maxLength: 200 }), { numRuns: 12, seed: 5 }),
  ];
  for (const csv of files) {
    tried.csv++;
    const res = await drive.call('admin', { method: 'POST', url: '/api/categories/import?fileName=c.csv', headers: { 'content-type': 'text/csv' }, payload: csv });
    assertRefused(res, `csv ${JSON.stringify(csv.slice(0, 60))}`);
    if (csv.includes('\u0000')) assert.deepEqual([JSON.parse(res.body).error.code, fieldsOf(res.body)], ['TEXT_INVALID', ['body']]);
  }
  assert.equal(await rows('categories'), before);
});

test('geographic files: garbage, NUL in attributes, truncated and oversized archives are refused and import nothing', async () => {
  const before = await rows('grids');
  const send = (payload: Buffer | string, type: string, name: string) =>
    drive.call('admin', { method: 'POST', url: `/api/grids/import?fileName=${name}`, headers: { 'content-type': type }, payload });
  const ring = [[113.7, 34.7], [113.701, 34.7], [113.701, 34.701], [113.7, 34.701], [113.7, 34.7]];
  const feature = (props: Record<string, unknown>) => ({ type: 'Feature', properties: props, geometry: { type: 'Polygon', coordinates: [ring] } });
  const files: Array<[string, Buffer | string, string, string]> = [
    ['NUL in an attribute', JSON.stringify({ type: 'FeatureCollection', features: [feature({ BGCODE: '410104001001009', NAME: 'a\u0000b' })] }), 'application/geo+json', 'g.geojson'],
    ['a lone surrogate in an attribute', JSON.stringify({ type: 'FeatureCollection', features: [feature({ BGCODE: '410104001001009', NAME: 'x\ud800' })] }), 'application/geo+json', 'g.geojson'],
    ['NUL in an attribute name', JSON.stringify({ type: 'FeatureCollection', features: [feature({ 'BG\u0000CODE': '410104001001009' })] }), 'application/geo+json', 'g.geojson'],
    ['not JSON', '{"type": "FeatureCollection", "features": [', 'application/geo+json', 'g.geojson'],
    ['not a FeatureCollection', JSON.stringify([1, 2, 3]), 'application/geo+json', 'g.geojson'],
    ['points', JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [113.7, 34.7] } }] }), 'application/geo+json', 'g.geojson'],
    ['coordinates as text', JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[['a', 'b']]] } }] }), 'application/geo+json', 'g.geojson'],
    ['a zip of nothing useful', Buffer.from(zipSync({ 'readme.txt': strToU8('hi') })), 'application/zip', 'g.zip'],
    ['a broken zip', Buffer.from('PK\u0003\u0004 garbage garbage'), 'application/zip', 'g.zip'],
    ['a zip bomb', zipBomb(), 'application/zip', 'g.zip'],
    ['an empty body', Buffer.alloc(0), 'application/zip', 'g.zip'],
    ...fc.sample(fc.uint8Array({ minLength: 1, maxLength: 300 }), { numRuns: 10, seed: 9 }).map((b, i): [string, Buffer, string, string] => [`random bytes ${i}`, Buffer.from(b), 'application/octet-stream', 'g.zip']),
  ];
  for (const [what, payload, type, name] of files) {
    tried.geo++;
    const res = await send(payload, type, name);
    assertRefused(res, what);
  }
  assert.equal(await rows('grids'), before);
});

test('URLs that do not decode (an unpaired surrogate, bad percent-encoding) and over-long parameters are 400s in our shape', async () => {
  const urls: Array<[string, string]> = [
    ['admin', '/api/users/a%ED%A0%80b'], ['receiver', '/api/cases?q=%ED%A0%80'], ['receiver', '/api/cases?q=%E0%A4%A'], ['admin', '/api/users/%E0%A4%A'],
    ['admin', `/api/users/${'x'.repeat(120)}`], ['receiver', '/api/cases/%00'], ['receiver', '/api/cases?status=%00'],
  ];
  for (const [who, url] of urls) {
    tried.url++;
    const res = await drive.call(who, { method: 'GET', url });
    assertRefused(res, url);
    assert.equal(res.statusCode, 400, `${url}: ${res.body}`);
  }
});

/** A zip whose one .shp entry says it inflates to 300 MB (the entries are never inflated: the declared size is refused). */
function zipBomb(): Buffer {
  const zip = Buffer.from(zipSync({ 'big.shp': new Uint8Array(1024) }, { level: 9 }));
  // Rewrite the uncompressed size in the local header (offset 22) and the central directory entry (offset 24 after its signature).
  zip.writeUInt32LE(300 * 1024 * 1024, 22);
  const central = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
  zip.writeUInt32LE(300 * 1024 * 1024, central + 24);
  return zip;
}
