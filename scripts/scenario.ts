/**
 * `npm run scenario`: walks cases through every branch of the loop over real HTTP, each step by the
 * right role, on a steppable clock that crosses the 2026 Labour Day holiday (1–5 May), a weekend, the
 * make-up working day (Sat 9 May) and the winter→summer timetable switch (1 May). Every deadline and
 * on-time flag is asserted against values worked out by hand from DOMAIN §5 (see the comments).
 * Prints {"scenario":"all-branches","transitions":<n>,"ok":true}.
 *
 * Calendars: centre (监督/指挥中心) 07:30–22:30 every day; offices (街道办, 环卫处) weekdays with holidays,
 * winter 08:00–12:00 + 14:00–18:00, summer (from 05-01) 08:00–12:00 + 15:00–18:00.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { buildApp } from '../src/server/app.ts';
import { loadConfig, repoRoot } from '../src/server/config.ts';
import { resolveDataRoot, startEmbedded } from '../src/server/db/embedded.ts';
import type { Db } from '../src/server/db/pool.ts';
import { scratchDatabase } from '../src/server/db/scratch.ts';
import { seedStandardCategories } from '../src/server/modules/categories/category.service.ts';
import { sweepDeadlines } from '../src/server/modules/cases/commands/sweep-deadlines.ts';
import { createGridIndexHolder } from '../src/server/modules/geo/grid-index.holder.ts';
import { photoId, seedMiniDistrict, seedPhotos, TEST_PASSWORD } from '../test/support/factories.ts';

const POINT = { lng: 113.7005, lat: 34.7035 }; // grid 410104001001001
const iso = (local: string) => new Date(`${local}+08:00`).toISOString();

export async function runAllBranches(db: Db): Promise<{ transitions: number }> {
  const district = await seedMiniDistrict(db);
  await seedPhotos(db, ['p-after-1', 'p-after-2', 'p-after-3', 'p-check-1', 'p-check-2', 'p-check-3', 'p-self', 'p-verify']);
  // Two people of the district's sanitation department (环卫处, office calendar).
  await db.query(
    `INSERT INTO users (username, display_name, unit_id, password_hash) SELECT u, n, $1, (SELECT password_hash FROM users WHERE username = 'handler')
       FROM (VALUES ('hw1', '环卫一'), ('hw2', '环卫二')) AS v(u, n)`,
    [district.unitIds.sanitation],
  );
  await db.query(`INSERT INTO user_roles (user_id, role) SELECT id, 'handler' FROM users WHERE username IN ('hw1', 'hw2')`);
  await db.query(`INSERT INTO user_scopes (user_id, scope_code) SELECT id, '410104' FROM users WHERE username IN ('hw1', 'hw2')`);

  let now = new Date(iso('2026-04-30T15:00:00'));
  const grids = createGridIndexHolder(db);
  await grids.refresh();
  const app = await buildApp({ db, config: loadConfig({ NODE_ENV: 'test', GUANCHENG_LOG_LEVEL: 'silent' }), grids, now: () => now }, { logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const sessions = new Map<string, { cookie: string; csrf: string }>();
  const at = (local: string) => (now = new Date(`${local}+08:00`));

  async function http(who: string, method: string, url: string, body?: unknown) {
    const s = sessions.get(who)!;
    const res = await fetch(base + url, {
      method,
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, json: (await res.json()) as any };
  }
  async function act(who: string, id: number, action: string, body: Record<string, unknown> = {}) {
    const cur = await http(who, 'GET', `/api/cases/${id}`);
    assert.equal(cur.status, 200, `${who} cannot see case ${id}`);
    assert.ok(cur.json.allowedActions.includes(action), `${who} may not ${action} case ${id} (${cur.json.status}); allowed: ${cur.json.allowedActions}`);
    const res = await http(who, 'POST', `/api/cases/${id}/${action}`, { version: cur.json.version, ...body });
    assert.equal(res.status, 200, `${who} ${action}: ${JSON.stringify(res.json)}`);
    return res.json;
  }
  async function report(who: string, body: Record<string, unknown>) {
    const res = await http(who, 'POST', '/api/cases', { categoryKind: 'event', categoryCode: '06010', ...POINT, description: '北下街路边有暴露垃圾', ...body });
    assert.equal(res.status, 201, JSON.stringify(res.json));
    return res.json;
  }
  const step = (c: any, kind: string, nth = -1) => {
    const list = c.steps.filter((s: any) => s.step === kind);
    return nth < 0 ? list[list.length + nth] : list[nth];
  };

  try {
    for (const u of ['receiver', 'shiftleader', 'dispatcher', 'supervisor', 'handler', 'leader', 'hw1']) {
      const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: u, password: TEST_PASSWORD }) });
      assert.equal(res.status, 200, `login ${u}`);
      const cookie = res.headers.getSetCookie().find((c) => c.startsWith('gc_session='))!.split(';')[0]!;
      sessions.set(u, { cookie, csrf: ((await res.json()) as { csrfToken: string }).csrfToken });
    }
    const [leadWrong, leadRight] = [district.unitIds.streetOffice, district.unitIds.sanitation];

    // ── Main case: a hotline report, Thursday 30 April (winter timetable). ──
    at('2026-04-30T16:00:00');
    let c = await report('receiver', { source: 'hotline', reporterName: '王女士', reporterPhone: '13900001111', address: '北下街 8 号门口' });
    const id = c.id;
    assert.equal(step(c, 'sendToVerify').dueAt, iso('2026-04-30T16:30:00')); // 0.5 h on the centre calendar

    // A void, on the side: a prank call proposed for voiding and approved.
    at('2026-04-30T16:05:00');
    const prank = await report('receiver', { source: 'citizen', description: '测试来电' });
    at('2026-04-30T16:07:00');
    let p = await act('receiver', prank.id, 'proposeVoid', { reason: '恶意来电' });
    assert.equal(step(p, 'sendToVerify').suspended, true); // awaiting approval: the clock stops
    at('2026-04-30T16:12:00');
    p = await act('shiftleader', prank.id, 'approveVoid');
    assert.equal(p.status, 'voided');
    assert.equal(step(p, 'sendToVerify').outcome, 'voided');

    at('2026-04-30T16:20:00');
    c = await act('receiver', id, 'sendToVerify');
    assert.equal(step(c, 'verify').dueAt, iso('2026-04-30T17:20:00')); // 1 h, supervisors' centre calendar

    // A duplicate of the same problem, merged into the original before verification.
    at('2026-04-30T16:30:00');
    const dup = await report('receiver', { source: 'citizen', reporterPhone: '13700002222', description: '同一处垃圾' });
    at('2026-04-30T16:35:00');
    const merged = await act('receiver', dup.id, 'merge', { originalId: id });
    assert.equal(merged.status, 'merged');
    assert.equal(merged.mergedIntoId, id);

    at('2026-04-30T17:00:00');
    c = await act('supervisor', id, 'verify', { isTrue: true, photoIds: [photoId('p-verify')] });
    assert.equal(step(c, 'verify').onTime, true);
    assert.equal(step(c, 'file').dueAt, iso('2026-04-30T17:30:00'));
    at('2026-04-30T17:10:00');
    c = await act('shiftleader', id, 'file');
    assert.match(c.caseNo, /^2026-A\d{6}$/);
    at('2026-04-30T17:20:00');
    c = await act('dispatcher', id, 'dispatch', { leadUnitId: leadWrong, coUnitIds: [leadRight] });
    // Street office, office calendar: 17:20–18:00 leaves 40 min; 1–5 May are holidays, 2–3 May a weekend,
    // so the clock resumes Wed 6 May on the summer timetable. Accept 1 h → 08:20; handle 4 h → 11:20.
    assert.equal(step(c, 'accept').dueAt, iso('2026-05-06T08:20:00'));
    assert.equal(step(c, 'handle').dueAt, iso('2026-05-06T11:20:00'));

    // Return and re-dispatch: the street office says it is not theirs.
    at('2026-04-30T17:40:00');
    c = await act('handler', id, 'requestReturn', { reason: '非本单位职责，应由环卫处置' });
    assert.equal(step(c, 'handle').suspended, true);
    assert.equal(step(c, 'approveRequest').dueAt, iso('2026-04-30T18:10:00'));
    at('2026-04-30T18:00:00');
    c = await act('dispatcher', id, 'approveReturn');
    assert.equal(c.status, 'pendingDispatch');
    assert.deepEqual([step(c, 'handle').outcome, step(c, 'handle').onTime], ['returned', true]);
    assert.equal(step(c, 'dispatch').dueAt, iso('2026-04-30T18:30:00'));
    at('2026-04-30T18:10:00');
    c = await act('dispatcher', id, 'dispatch', { leadUnitId: leadRight, coUnitIds: [leadWrong] });
    // After office hours: counting starts Wed 6 May 08:00. Accept → 09:00; handle 4 h → 12:00 (a period end).
    assert.equal(step(c, 'accept').dueAt, iso('2026-05-06T09:00:00'));
    assert.equal(step(c, 'handle').dueAt, iso('2026-05-06T12:00:00'));
    assert.deepEqual(c.coUnitIds, [leadWrong]);

    // Urged by a leader during the holiday.
    at('2026-05-02T10:00:00');
    c = await act('leader', id, 'urge', { note: '节日期间群众反映强烈，请尽快处置' });
    assert.equal(c.urgeCount, 1);

    at('2026-05-06T08:30:00');
    c = await act('hw1', id, 'accept');
    assert.equal(step(c, 'accept').onTime, true);

    // Extension of one working day, approved: 12:00 Wed → 12:00 Thu 7 May.
    at('2026-05-06T09:00:00');
    c = await act('hw1', id, 'requestExtension', { amount: 1, unit: 'days', reason: '需调用清运车辆' });
    at('2026-05-06T09:20:00');
    c = await act('dispatcher', id, 'approveExtension');
    assert.equal(step(c, 'handle').dueAt, iso('2026-05-07T12:00:00'));
    assert.equal(c.extensionCount, 1);

    // Shelved for budget, then resumed on the make-up working day (Sat 9 May).
    // Left at 10:00 Wed: 10–12 and 15–18 Wed (5 h) + 08–12 Thu (4 h) = 9 working hours.
    at('2026-05-06T10:00:00');
    c = await act('hw1', id, 'requestShelve', { reason: '需列入专项资金' });
    at('2026-05-06T10:15:00');
    c = await act('dispatcher', id, 'approveShelve');
    assert.equal(c.status, 'shelved');
    at('2026-05-09T09:00:00');
    c = await act('dispatcher', id, 'resume');
    // 9 h from Sat 09:00: 09–12 and 15–18 Sat (6 h) + 08:00–11:00 Mon 11 May.
    assert.equal(step(c, 'handle').dueAt, iso('2026-05-11T11:00:00'));

    at('2026-05-11T10:00:00');
    c = await act('hw1', id, 'handle', { result: '已清运完毕', photoIds: [photoId('p-after-1')] });
    assert.equal(step(c, 'handle').onTime, true);
    assert.equal(step(c, 'sendToCheck').dueAt, iso('2026-05-11T10:30:00'));

    // The sweep marks the late send-to-check overdue and notifies, once.
    const sweepAt = new Date(iso('2026-05-11T10:40:00'));
    const first = await sweepDeadlines(db, sweepAt);
    const again = await sweepDeadlines(db, sweepAt);
    assert.ok(first.overdue >= 1);
    assert.equal(again.overdue, 0);
    const { rows: od } = await db.query(`SELECT count(*)::int AS n FROM jobs WHERE dedupe_key LIKE 'overdue:%' AND payload->>'caseId' = $1`, [String(id)]);
    assert.ok(od[0].n >= 1);

    at('2026-05-11T10:45:00');
    c = await act('receiver', id, 'sendToCheck');
    assert.equal(step(c, 'sendToCheck').onTime, false); // 15 minutes late
    assert.equal(step(c, 'check').dueAt, iso('2026-05-11T11:45:00'));

    // Rework: the check fails, the same unit again with a fresh 4 h: 11–12 and 15–18 → 18:00.
    at('2026-05-11T11:00:00');
    c = await act('supervisor', id, 'check', { passed: false, note: '仍有残留', photoIds: [photoId('p-check-1')] });
    assert.equal(c.status, 'handling');
    assert.equal(c.reworkCount, 1);
    assert.equal(step(c, 'handle').dueAt, iso('2026-05-11T18:00:00'));
    at('2026-05-11T16:00:00');
    c = await act('hw1', id, 'handle', { result: '残留已清理', photoIds: [photoId('p-after-2')] });
    at('2026-05-11T16:10:00');
    c = await act('receiver', id, 'sendToCheck');
    at('2026-05-11T16:50:00');
    c = await act('supervisor', id, 'check', { passed: true, photoIds: [photoId('p-check-2')] });
    assert.equal(c.status, 'pendingCallback');
    // Call-back within 1 working day on the centre calendar (every day): 16:50 the next day.
    assert.equal(step(c, 'callback').dueAt, iso('2026-05-12T16:50:00'));

    // The citizen is not satisfied: back to the same unit (rework), 4 h from 09:00 → 16:00 (lunch 12–15).
    at('2026-05-12T09:00:00');
    c = await act('receiver', id, 'recordCallback', { reached: true, satisfaction: 'unsatisfied', note: '地面仍有油污' });
    assert.deepEqual([c.status, c.reworkCount], ['handling', 2]);
    assert.equal(step(c, 'handle').dueAt, iso('2026-05-12T16:00:00'));
    at('2026-05-12T15:30:00');
    c = await act('hw1', id, 'handle', { result: '已冲洗地面', photoIds: [photoId('p-after-3')] });
    at('2026-05-12T15:40:00');
    c = await act('receiver', id, 'sendToCheck');
    at('2026-05-12T16:00:00');
    c = await act('supervisor', id, 'check', { passed: true, photoIds: [photoId('p-check-3')] });
    at('2026-05-12T16:30:00');
    c = await act('receiver', id, 'recordCallback', { reached: true, satisfaction: 'satisfied' });
    assert.equal(step(c, 'close').dueAt, iso('2026-05-12T17:30:00'));
    at('2026-05-12T17:00:00');
    c = await act('shiftleader', id, 'close');
    assert.deepEqual([c.status, c.citizenRating], ['closed', 'satisfied']);
    const late = c.steps.filter((s: any) => s.onTime === false).map((s: any) => s.step);
    assert.deepEqual(late, ['sendToCheck']);
    assert.ok(c.timeline.some((e: any) => e.type === 'case.duplicateMerged'));

    // Self-handling: a supervisor fixes a small problem on the spot; the shift leader's light audit closes it.
    at('2026-05-12T17:10:00');
    const self = await report('supervisor', { source: 'supervisor', categoryCode: '07001', description: '电线杆上的小广告', selfHandle: { result: '已当场清除', photoIds: [photoId('p-self')] } });
    assert.equal(self.status, 'selfHandled');
    at('2026-05-12T17:20:00');
    const selfClosed = await act('shiftleader', self.id, 'close');
    assert.equal(selfClosed.status, 'closed');

    const { rows } = await db.query(`SELECT count(*)::int AS n FROM case_events`);
    return { transitions: rows[0].n as number };
  } finally {
    await app.close();
  }
}

async function main() {
  let adminUrl = process.env.TEST_DATABASE_URL;
  let stop: (() => Promise<void>) | undefined;
  if (!adminUrl) {
    const server = await startEmbedded({ dataRoot: resolveDataRoot(path.join(repoRoot, '.data', `scenario-pg-${process.pid}`), () => {}), settings: { fsync: 'off' } });
    adminUrl = server.url;
    stop = async () => {
      await server.stop();
      (await import('node:fs')).rmSync(path.join(repoRoot, '.data', `scenario-pg-${process.pid}`), { recursive: true, force: true });
    };
  }
  const scratch = await scratchDatabase(adminUrl, `gc_scenario_${process.pid}`).catch(async (err: unknown) => {
    await stop?.();
    throw err;
  });
  const { db } = scratch;
  try {
    await seedStandardCategories(db);
    const { transitions } = await runAllBranches(db);
    console.log(JSON.stringify({ scenario: 'all-branches', transitions, ok: true }));
  } finally {
    await scratch.drop();
    await stop?.();
  }
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  main().catch((err) => {
    console.error(err);
    console.log(JSON.stringify({ scenario: 'all-branches', ok: false, error: String((err as Error).message).slice(0, 300) }));
    process.exit(1);
  });
}
