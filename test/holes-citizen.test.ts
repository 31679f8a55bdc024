/** Issue 16, the citizen channel end to end through the API: photos, the link, the unit's public reply. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import sharp from 'sharp';
import { testApp, type TestApp } from './support/app.ts';
import { driver, POINT, type Driver } from './support/driver.ts';
import { CELL, LAT0, LNG0 } from './support/factories.ts';
import { multipart } from './support/multipart.ts';

let t: TestApp;
let drive: Driver;
const filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gc-citizen-'));
before(async () => {
  t = await testApp({ GUANCHENG_FILES_DIR: filesDir, GUANCHENG_PUBLIC_URL: 'https://cg.example.gov.cn/' });
  drive = driver(t);
});
after(async () => {
  await t?.close();
  fs.rmSync(filesDir, { recursive: true, force: true });
});

let ip = 0;
const from = () => `10.66.${Math.floor(++ip / 250)}.${ip % 250}`;
const gpsJpeg = () =>
  sharp({ create: { width: 400, height: 300, channels: 3, background: '#c84' } })
    .jpeg()
    .withExif({ IFD0: { Make: 'Phone' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '34/1 42/1 1260/100', GPSLongitudeRef: 'E', GPSLongitude: '113/1 42/1 1800/100' } })
    .toBuffer();
const publicUpload = async (bytes: Buffer) => {
  const body = multipart({ bytes, name: 'p.jpg', type: 'image/jpeg' });
  return t.app.inject({ method: 'POST', url: '/api/public/photos', payload: body.payload, headers: body.headers, remoteAddress: from() });
};
const publicReport = (body: Record<string, unknown>) =>
  t.app.inject({ method: 'POST', url: '/api/public/reports', payload: { categoryCode: '06010', ...POINT, description: '小区门口垃圾堆了三天', ...body }, remoteAddress: from() });

test('a citizen uploads a photo without an account (metadata stripped), attaches it, and follows the report by an absolute link', async () => {
  const up = await publicUpload(await gpsJpeg());
  assert.equal(up.statusCode, 201, up.body);
  const { id } = up.json();
  const stored = fs.readFileSync(path.join(filesDir, id.slice(0, 2), id.slice(2, 4), id));
  assert.equal((await sharp(stored).metadata()).exif, undefined, 'no EXIF kept');
  const res = await publicReport({ photoIds: [id], phone: '13912345678' });
  assert.equal(res.statusCode, 201, res.body);
  const { trackingToken, trackingPath, trackingUrl, trackingNo } = res.json();
  assert.equal(trackingPath, `/p/track/${trackingToken}`);
  assert.equal(trackingUrl, `https://cg.example.gov.cn/p/track/${trackingToken}`);
  const page = await t.app.inject({ method: 'GET', url: trackingPath });
  assert.equal(page.statusCode, 200);
  assert.match(page.headers['content-type'] as string, /text\/html/);
  assert.match(page.body, new RegExp(trackingNo));
  assert.match(page.body, /已受理您的反映/);
  assert.equal((await t.app.inject({ method: 'GET', url: '/p/track/not-a-real-token-at-all' })).statusCode, 404);
  // Staff see the citizen's photo on the case.
  const caseId = (await t.db.query(`SELECT id FROM cases WHERE tracking_no = $1`, [trackingNo])).rows[0].id as number;
  assert.deepEqual((await drive.get('receiver', caseId)).photos.map((p: { id: string; role: string }) => [p.role, p.id]), [['before', id]]);
});

test('a public report takes only public categories and only photos uploaded through the public channel, refused in the citizen’s words', async () => {
  const before = (await t.db.query(`SELECT count(*)::int AS n FROM cases`)).rows[0].n;
  const internal = await publicReport({ categoryCode: '06030' });
  assert.equal(internal.statusCode, 404);
  assert.equal(internal.json().error.message, '请从列表中选择问题类型');
  const staff = await t.app.inject({ method: 'POST', url: '/api/public/reports', payload: { categoryCode: '06010', ...POINT, description: '垃圾', photoIds: ['a'.repeat(64)] }, remoteAddress: from() });
  assert.equal(staff.json().error.code, 'PHOTO_NOT_FOUND');
  assert.equal(staff.json().error.message, '照片没有上传成功，请重新上传');
  const outside = await publicReport({ lng: 116.4, lat: 39.9 });
  assert.equal(outside.json().error.message, '所选位置不在本平台受理范围内，请确认位置，或拨打 12345 反映');
  assert.doesNotMatch(outside.body, /网格/);
  assert.equal((await t.db.query(`SELECT count(*)::int AS n FROM cases`)).rows[0].n, before);
});

test('the public view shows the unit’s public reply and result photos (without metadata), never the internal result or names', async () => {
  const r = (await publicReport({ phone: '13900001111' })).json();
  const id = (await t.db.query(`SELECT id FROM cases WHERE tracking_no = $1`, [r.trackingNo])).rows[0].id as number;
  await drive.act('receiver', id, 'sendToVerify');
  await drive.act('supervisor', id, 'verify', { isTrue: true });
  await drive.act('shiftleader', id, 'file');
  await drive.act('dispatcher', id, 'dispatch', { leadUnitId: t.district.unitIds.streetOffice });
  await drive.act('handler', id, 'accept');
  const body = multipart({ bytes: await gpsJpeg(), name: 'after.jpg', type: 'image/jpeg' }, { lng: '113.7005', lat: '34.7035' });
  const after = (await drive.call('handler', { method: 'POST', url: '/api/photos', payload: body.payload, headers: body.headers })).json();
  await drive.act('handler', id, 'handle', { result: '内部：联系环卫三队张师傅清运，车辆晚到', publicReply: '已安排清运，现场已清理干净', photoIds: [after.id] });
  const view = (await t.app.inject({ method: 'GET', url: `/api/public/track/${r.trackingToken}` })).json();
  assert.equal(view.publicReply, '已安排清运，现场已清理干净');
  assert.equal(view.photos.length, 1);
  const text = JSON.stringify(view);
  for (const secret of ['内部', '张师傅', '测试handler', '测试supervisor', 'after.id']) assert.ok(!text.includes(secret), `leaks ${secret}`);
  const photo = await t.app.inject({ method: 'GET', url: view.photos[0].url });
  assert.equal(photo.statusCode, 200);
  const meta = await sharp(photo.rawPayload).metadata();
  assert.equal(meta.exif, undefined, 'the staff photo’s EXIF (GPS) is not served to the public');
  // Only the link's own case's result photos: another photo id is not found.
  assert.equal((await t.app.inject({ method: 'GET', url: `/api/public/track/${r.trackingToken}/photos/${'b'.repeat(64)}` })).statusCode, 404);
  // The staff detail carries the public reply beside the internal result.
  const staff = await drive.get('receiver', id);
  assert.deepEqual([staff.handlingResult, staff.publicReply], ['内部：联系环卫三队张师傅清运，车辆晚到', '已安排清运，现场已清理干净']);
});

test('a report found not true or voided shows as such, not as 已办结', async () => {
  const r = (await publicReport({})).json();
  const id = (await t.db.query(`SELECT id FROM cases WHERE tracking_no = $1`, [r.trackingNo])).rows[0].id as number;
  await drive.act('receiver', id, 'sendToVerify');
  await drive.act('supervisor', id, 'verify', { isTrue: false, note: '现场无垃圾' });
  const view = (await t.app.inject({ method: 'GET', url: `/api/public/track/${r.trackingToken}` })).json();
  assert.equal(view.status, '核实不属实');
  assert.ok(!JSON.stringify(view).includes('已办结'), JSON.stringify(view.timeline));
});

test('a merged citizen follows the original: their own report, then the original’s progress, never a finished or unrelated case', async () => {
  const first = (await publicReport({ description: '路口垃圾没人收' })).json();
  const second = (await publicReport({ description: '我家门口也看见那堆垃圾', lng: POINT.lng + 0.0001 })).json();
  const idOf = async (no: string) => (await t.db.query(`SELECT id FROM cases WHERE tracking_no = $1`, [no])).rows[0].id as number;
  const [a, b] = [await idOf(first.trackingNo), await idOf(second.trackingNo)];
  await drive.act('receiver', b, 'merge', { originalId: a });
  await drive.act('receiver', a, 'sendToVerify');
  const view = (await t.app.inject({ method: 'GET', url: `/api/public/track/${second.trackingToken}` })).json();
  assert.equal(view.trackingNo, second.trackingNo);
  assert.equal(view.description, '我家门口也看见那堆垃圾', 'their own words, not the other citizen’s');
  assert.equal(view.mergedInto, first.trackingNo);
  assert.equal(view.status, '核实中');
  assert.deepEqual(view.timeline.map((e: { text: string }) => e.text), ['已受理您的反映', '您反映的问题已有他人反映，合并办理，后续进度同步显示', '已安排监督员现场核实']);
  void LNG0; void LAT0; void CELL;
});

test('an upload’s thumbId fetches its thumbnail', async () => {
  const body = multipart({ bytes: await gpsJpeg(), name: 'x.jpg', type: 'image/jpeg' });
  const up = (await drive.call('supervisor', { method: 'POST', url: '/api/photos', payload: body.payload, headers: body.headers })).json();
  const thumb = await drive.call('supervisor', { method: 'GET', url: `/api/photos/${up.thumbId}` });
  assert.equal(thumb.statusCode, 200);
  assert.equal(thumb.headers['content-type'], 'image/jpeg');
  assert.ok((await sharp(thumb.rawPayload).metadata()).width! <= 320);
});
