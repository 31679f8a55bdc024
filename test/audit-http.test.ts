/**
 * The auditor's pages over HTTP (issue 18 §4): the security log's filters and CSV export, the audit trail's status,
 * and a verification on demand whose result is kept. Only the auditor may use any of it — the administrator and
 * every other role get 403, and each refusal is itself in the security log.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { inTransaction, type Db } from '../src/server/db/pool.ts';
import { appendCaseEvent } from '../src/server/modules/audit/audit-chain.ts';
import { createCheckpoint, loadOrCreateAuditKey, type AuditKey } from '../src/server/modules/audit/checkpoint.ts';
import { verifyAndRecord, verifyIfDue, VERIFY_LOCK_KEY } from '../src/server/modules/audit/audit-verification.ts';
import { call, login, nextIp, testApp, type Session, type TestApp } from './support/app.ts';

const OTHERS = ['admin', 'leader', 'receiver', 'shiftleader', 'dispatcher', 'supervisor', 'handler', 'officer'] as const;

let t: TestApp;
let keyDir: string;
let key: AuditKey;
let auditor: Session;
const caseIds: number[] = [];
let tracking = 0;

async function newCase(db: Db): Promise<number> {
  return inTransaction(db, async (tx) => {
    const at = new Date();
    const { rows } = await tx.query(
      `INSERT INTO cases (district_code, tracking_no, source, category_kind, category_code, lng, lat, grid_code, community_code, street_code,
                          description, urgency, status, version, reported_at, updated_at)
       VALUES ('410104', $1, 'supervisor', 'event', '06010', 113.7005, 34.7035, '410104001001001', '410104001001', '410104001',
               '暴露垃圾', 'normal', 'reported', 1, $2, $2) RETURNING id`,
      [`A${process.pid}-${++tracking}`, at],
    );
    const id = (rows[0] as { id: number }).id;
    await appendCaseEvent(tx, { caseId: id, type: 'case.reported', fromStatus: null, toStatus: 'reported', version: 1, actorId: null, actorRole: 'supervisor', at, requestId: `req-${tracking}`, clientIp: '10.0.0.1', payload: { note: '发现' } });
    return id;
  });
}

before(async () => {
  keyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gc-audit-http-'));
  const keyFile = path.join(keyDir, 'audit.key');
  t = await testApp({ GUANCHENG_AUDIT_KEY_FILE: keyFile });
  key = loadOrCreateAuditKey(keyFile);
  for (let i = 0; i < 3; i++) caseIds.push(await newCase(t.db));
  assert.ok(await createCheckpoint(t.db, key));
  caseIds.push(await newCase(t.db)); // one event not yet covered
  auditor = await login(t.app, 'auditor');
});
after(async () => {
  await t.close();
  fs.rmSync(keyDir, { recursive: true, force: true });
});

/** Until no verification runs; then the newest finished one. */
async function settled(s: Session): Promise<Record<string, any>> {
  for (let i = 0; i < 200; i++) {
    const res = await call(t.app, s, { method: 'GET', url: '/api/audit/status' });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    if (!body.running) return body;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('verification did not finish');
}

test('only the auditor: the administrator and every other role get 403 on every audit endpoint, and each refusal is logged', async () => {
  const endpoints = [
    { method: 'GET' as const, url: '/api/security-events' },
    { method: 'GET' as const, url: '/api/security-events/export?kind=login.failed' },
    { method: 'GET' as const, url: '/api/audit/status' },
    { method: 'POST' as const, url: '/api/audit/verify' },
  ];
  for (const e of endpoints) assert.equal((await call(t.app, null, e)).statusCode, 401, `anonymous ${e.url}`);
  for (const who of OTHERS) {
    const s = await login(t.app, who);
    for (const e of endpoints) {
      const res = await call(t.app, s, e);
      assert.equal(res.statusCode, 403, `${who} ${e.method} ${e.url}: ${res.body}`);
      assert.equal(res.json().error.code, 'FORBIDDEN');
    }
  }
  const { rows } = await t.db.query(`SELECT username, detail->>'route' AS route FROM security_events WHERE kind = 'permission.denied'`);
  for (const who of OTHERS) {
    for (const route of ['/api/security-events', '/api/security-events/export', '/api/audit/status', '/api/audit/verify']) {
      assert.ok(rows.some((r) => r.username === who && r.route === route), `${who} refused ${route} is in the security log`);
    }
  }
  // Nothing was exported or verified by any of them.
  const { rows: done } = await t.db.query(`SELECT count(*)::int AS n FROM security_events WHERE kind IN ('securityLog.exported', 'audit.verified')`);
  assert.equal(done[0].n, 0);
  const { rows: runs } = await t.db.query(`SELECT count(*)::int AS n FROM audit_verifications`);
  assert.equal(runs[0].n, 0);
});

test('the list filters by several kinds, an IP prefix and a request id; bad filters are refused at the field', async () => {
  for (let i = 0; i < 2; i++) {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'auditor', password: 'wrong-password' }, remoteAddress: `192.168.77.${i + 1}`, headers: { 'x-request-id': `audit-test-fail-${i}` } });
    assert.equal(res.statusCode, 401);
  }
  const list = async (q: string) => {
    const res = await call(t.app, auditor, { method: 'GET', url: `/api/security-events?${q}` });
    assert.equal(res.statusCode, 200, res.body);
    return res.json().items as Array<{ id: number; kind: string; ip: string; requestId: string }>;
  };
  const failed = await list('kind=login.failed');
  assert.equal(failed.length, 2);
  assert.ok(failed.every((e) => e.kind === 'login.failed'));
  const both = await list('kind=login.failed,login.succeeded');
  assert.ok(both.some((e) => e.kind === 'login.succeeded') && both.some((e) => e.kind === 'login.failed'));
  assert.ok(both.every((e) => e.kind === 'login.failed' || e.kind === 'login.succeeded'));
  const byIp = await list('ip=192.168.77.');
  assert.deepEqual(byIp.map((e) => e.ip).sort(), ['192.168.77.1', '192.168.77.2']);
  const byRequest = await list('requestId=audit-test-fail-1');
  assert.equal(byRequest.length, 1);
  assert.equal(byRequest[0]!.ip, '192.168.77.2');
  // Keyset paging: the page after the first holds the rest, newest first.
  const first = await list('kind=login.failed&limit=1');
  const next = await list(`kind=login.failed&limit=1&beforeId=${first[0]!.id}`);
  assert.deepEqual([first[0]!.id, next[0]!.id], failed.map((e) => e.id));

  const bad = await call(t.app, auditor, { method: 'GET', url: '/api/security-events?ip=10.0.0.1%25&kind=login.nope' });
  assert.equal(bad.statusCode, 400);
  const fields = (bad.json().error.fields as Array<{ field: string }>).map((f) => f.field);
  assert.ok(fields.includes('query.ip') && fields.some((f) => f.startsWith('query.kind')), JSON.stringify(fields));
});

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; } else if (c === '\r' && text[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i++; } else cell += c;
  }
  if (cell || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

test('the export holds exactly the rows the list shows for the same filter, as UTF-8 CSV with a BOM, and is itself logged', async () => {
  // A username typed at the sign-in form is the attacker's text: it must not become a spreadsheet formula.
  await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: '=HYPERLINK("http://x")', password: 'x' }, remoteAddress: nextIp() });
  const listed = (await call(t.app, auditor, { method: 'GET', url: '/api/security-events?kind=login.failed&limit=1000' })).json().items as Array<{ id: number; username: string }>;
  assert.equal(listed.length, 3);
  const res = await call(t.app, auditor, { method: 'GET', url: '/api/security-events/export?kind=login.failed' });
  assert.equal(res.statusCode, 200, res.body);
  assert.match(String(res.headers['content-type']), /^text\/csv; charset=utf-8/);
  assert.match(String(res.headers['content-disposition']), /^attachment; filename="security-log-\d{8}-\d{6}\.csv"/);
  assert.ok(res.body.startsWith('\uFEFF'), 'starts with a BOM');
  const [header, ...rows] = parseCsv(res.body.slice(1));
  assert.deepEqual(header!.slice(0, 4), ['编号', '时间（北京时间）', '类型', '类型代码']);
  assert.deepEqual(rows.map((r) => Number(r[0])), listed.map((e) => e.id));
  assert.ok(rows.every((r) => r[2] === '登录失败' && r[3] === 'login.failed'));
  assert.ok(rows.some((r) => r[4] === `'=hyperlink("http://x")`), `formula neutralised: ${JSON.stringify(rows.map((r) => r[4]))}`);
  assert.ok(rows.some((r) => r[8]!.includes('密码错误')), 'summary in words');
  assert.match(rows[0]![1]!, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);

  const { rows: logged } = await t.db.query(`SELECT username, detail FROM security_events WHERE kind = 'securityLog.exported'`);
  assert.equal(logged.length, 1);
  assert.equal(logged[0].username, 'auditor');
  assert.deepEqual(logged[0].detail.filter, { kind: 'login.failed' });
  // The export's own record is newer than what it read.
  assert.ok(logged[0].detail.uptoId >= listed[0]!.id);
  const english = await call(t.app, auditor, { method: 'GET', url: '/api/security-events/export?kind=securityLog.exported', headers: { 'accept-language': 'en' } });
  const [, ...exports] = parseCsv(english.body.slice(1));
  assert.equal(exports.length, 1, 'the second export lists the first, not itself');
  assert.match(exports[0]!.join(','), /filter: kind=login\.failed/);
});

test('verify now: 202 with the run, the stored result in the status, recorded in the security log; a second one while it runs is 409', async () => {
  const before = await settled(auditor);
  assert.equal(before.lastVerification, null);
  assert.equal(before.lastCheckpoint.id, 1);
  assert.equal(before.uncovered.events, 1, 'the fourth case is after the checkpoint');
  assert.equal(before.checkpointCount, 1);

  // Another process holds the run's lock: this request is refused with the clear code.
  const other = await t.db.connect();
  try {
    await other.query(`SELECT pg_advisory_lock($1::bigint)`, [VERIFY_LOCK_KEY]);
    const busy = await call(t.app, auditor, { method: 'POST', url: '/api/audit/verify' });
    assert.equal(busy.statusCode, 409, busy.body);
    assert.equal(busy.json().error.code, 'AUDIT_VERIFY_RUNNING');
  } finally {
    await other.query(`SELECT pg_advisory_unlock($1::bigint)`, [VERIFY_LOCK_KEY]);
    other.release();
  }

  const res = await call(t.app, auditor, { method: 'POST', url: '/api/audit/verify' });
  assert.equal(res.statusCode, 202, res.body);
  const started = res.json().verification;
  assert.equal(started.trigger, 'user');
  assert.equal(started.username, 'auditor');
  assert.equal(started.finishedAt, null);
  assert.equal(started.expectedEvents, 4);
  const after = await settled(auditor);
  const v = after.lastVerification;
  assert.equal(v.id, started.id);
  assert.equal(v.ok, true);
  assert.equal(v.problemCount, 0);
  assert.equal(v.firstProblem, null);
  assert.equal(v.checkedEvents, 4);
  assert.equal(v.checkedCases, 4);
  assert.equal(v.checkpoints, 1);
  assert.equal(v.uncoveredEvents, 1);
  assert.ok(v.finishedAt && v.durationMs >= 0);
  const { rows } = await t.db.query(`SELECT username, request_id, detail FROM security_events WHERE kind = 'audit.verified'`);
  assert.equal(rows.length, 1);
  assert.equal(rows[0].username, 'auditor');
  assert.ok(rows[0].request_id);
  assert.equal(rows[0].detail.ok, true);
  assert.equal(rows[0].detail.verificationId, started.id);
});

test('after an event row is edited in SQL, the stored result fails and names the first problem in Chinese and English', async () => {
  const { rows: ev } = await t.db.query(`SELECT id, seq FROM case_events WHERE case_id = $1`, [caseIds[1]]);
  await t.db.query(`UPDATE case_events SET payload = '{"note":"改过"}' WHERE id = $1`, [ev[0].id]);
  const res = await call(t.app, auditor, { method: 'POST', url: '/api/audit/verify' });
  assert.equal(res.statusCode, 202, res.body);
  const v = (await settled(auditor)).lastVerification;
  assert.equal(v.id, res.json().verification.id);
  assert.equal(v.ok, false);
  assert.ok(v.problemCount >= 1);
  assert.equal(v.firstProblem.kind, 'rowAltered');
  assert.equal(v.firstProblem.caseId, caseIds[1]);
  assert.equal(v.firstProblem.eventId, Number(ev[0].id));
  assert.match(v.firstProblem.description.zh, new RegExp(`案件 ${caseIds[1]} 的第 1 条事件.*被篡改`));
  assert.match(v.firstProblem.description.en, /was altered/);
  const { rows } = await t.db.query(`SELECT detail FROM security_events WHERE kind = 'audit.verified' ORDER BY id DESC LIMIT 1`);
  assert.equal(rows[0].detail.ok, false);
  assert.match(rows[0].detail.firstProblem.zh, /被篡改/);
  await t.db.query(`UPDATE case_events SET payload = '{"note":"发现"}' WHERE id = $1`, [ev[0].id]);
});

test('a run left unfinished by a stopped process is not shown as running and is closed as interrupted; the CLI records its runs', async () => {
  const { rows } = await t.db.query(`INSERT INTO audit_verifications (trigger, user_id, username) VALUES ('user', $1, 'auditor') RETURNING id`, [t.district.users.auditor!.id]);
  const status = await settled(auditor);
  assert.equal(status.running, null, 'no lock held: not running');
  const report = await verifyAndRecord(t.db, key);
  assert.equal(report.ok, true);
  const { rows: runs } = await t.db.query(`SELECT id, trigger, ok, error, finished_at FROM audit_verifications ORDER BY id`);
  const stale = runs.find((r) => r.id === rows[0].id);
  assert.equal(stale.error, 'interrupted');
  assert.ok(stale.finished_at);
  const last = runs.at(-1);
  assert.equal(last.trigger, 'cli');
  assert.equal(last.ok, true);
  const after = await settled(auditor);
  assert.equal(after.lastVerification.trigger, 'cli');
});

test('the daily verification runs only when none finished within the day, and is recorded as the schedule\'s', async () => {
  assert.equal(await verifyIfDue(t.db, key, new Date()), null, 'verified minutes ago: not due');
  const later = new Date(Date.now() + 2 * 86_400_000);
  const v = await verifyIfDue(t.db, key, later);
  assert.ok(v);
  assert.equal(v.trigger, 'scheduler');
  assert.equal(v.ok, true);
  assert.equal(v.username, null);
  const { rows } = await t.db.query(`SELECT user_id, detail FROM security_events WHERE kind = 'audit.verified' ORDER BY id DESC LIMIT 1`);
  assert.equal(rows[0].user_id, null);
  assert.equal(rows[0].detail.trigger, 'scheduler');
  // The auditor (any auditor: no user's scope places it) reads that record.
  const res = await call(t.app, auditor, { method: 'GET', url: '/api/security-events?kind=audit.verified' });
  assert.ok((res.json().items as Array<{ detail: { trigger: string } }>).some((e) => e.detail.trigger === 'scheduler'));
});
