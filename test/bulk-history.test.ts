/**
 * The bulk demo history writes what the commands would: the case-loop invariants of
 * case-properties.test.ts hold over every generated case, and the audit chain verifies.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { loadConfig } from '../src/server/config.ts';
import { generateBulkHistory } from '../src/server/demo/bulk-history.ts';
import { loadOrCreateAuditKey } from '../src/server/modules/audit/checkpoint.ts';
import { verifyAudit } from '../src/server/modules/audit/verify.ts';
import { createGridIndexHolder } from '../src/server/modules/geo/grid-index.holder.ts';
import { loadActor } from '../src/server/modules/auth/auth.service.ts';
import { acknowledgeAlert } from '../src/server/modules/cases/commands/acknowledge-alert.ts';
import { performCaseAction } from '../src/server/modules/cases/commands/perform-case-action.ts';
import { reportCase } from '../src/server/modules/cases/commands/report-case.ts';
import { sweepDeadlines } from '../src/server/modules/cases/commands/sweep-deadlines.ts';
import type { ActionInput } from '../src/server/modules/cases/case.workflow.ts';
import { inboxEntries, type NotifyPayload } from '../src/server/modules/notifications/notification.text.ts';
import { caseInvariantViolations } from './support/case-invariants.ts';
import { testDb, type TestDb } from './support/db.ts';
import { seedMiniDistrict, seedPhotos, type MiniDistrict } from './support/factories.ts';

let t: TestDb;
let t2: TestDb;
let district: MiniDistrict;
let keyDir: string;
let result: { cases: number; events: number };
const NOW = new Date('2026-03-04T15:00:00+08:00');

async function seed(db: TestDb['db']): Promise<MiniDistrict> {
  const d = await seedMiniDistrict(db);
  await seedPhotos(db, ['a', 'b']);
  // Every grid gets a supervisor (the mini district assigns only three), so most reports survive.
  await db.query(
    `INSERT INTO grid_assignments (grid_code, user_id, duty)
     SELECT g.code, CASE WHEN g.code LIKE '410104001%' THEN $1::bigint ELSE $2::bigint END, 'supervisor' FROM grids g
      WHERE g.valid_to IS NULL AND NOT EXISTS (SELECT 1 FROM grid_assignments a WHERE a.grid_code = g.code AND a.duty = 'supervisor')`,
    [d.users.supervisor!.id, d.users.supervisor2!.id],
  );
  // …and, as in the demo roster, a supervisor's scope is their beat.
  await db.query(`INSERT INTO user_scopes (user_id, scope_code) SELECT user_id, grid_code FROM grid_assignments WHERE duty = 'supervisor' ON CONFLICT DO NOTHING`);
  return d;
}

before(async () => {
  t = await testDb();
  keyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gc-bulk-'));
  district = await seed(t.db);
  const grids = createGridIndexHolder(t.db);
  await grids.refresh();
  result = await generateBulkHistory(t.db, loadConfig({ NODE_ENV: 'test' }), grids, { days: 3, perDay: 40, seed: 7, now: NOW });
});
after(async () => {
  await t.drop();
  await t2?.drop();
  fs.rmSync(keyDir, { recursive: true, force: true });
});

async function rows(sql: string, args: unknown[] = []): Promise<unknown[]> {
  return (await t.db.query(sql, args)).rows;
}

test('generates cases at every stage, with events, steps and numbers', async () => {
  assert.ok(result.cases >= 60, `${result.cases} cases`);
  assert.ok(result.events > result.cases * 3, `${result.events} events`);
  const [counts] = (await rows(`SELECT count(*)::int AS n, count(DISTINCT status)::int AS statuses, count(case_no)::int AS filed,
                                       count(*) FILTER (WHERE status = 'closed')::int AS closed,
                                       bool_and(tracking_no ~ '^2026-T\\d{6}$') AS tracking_ok,
                                       bool_and(case_no IS NULL OR case_no ~ '^2026-A\\d{6}$') AS case_no_ok FROM cases`)) as Array<Record<string, unknown>>;
  assert.equal(counts!.n, result.cases);
  assert.ok((counts!.statuses as number) >= 4, JSON.stringify(counts));
  assert.ok((counts!.closed as number) > 0 && (counts!.filed as number) > 0, JSON.stringify(counts));
  assert.equal(counts!.tracking_ok, true);
  assert.equal(counts!.case_no_ok, true);
  const [ev] = (await rows(`SELECT count(*)::int AS n, count(DISTINCT global_seq)::int AS g FROM case_events`)) as Array<{ n: number; g: number }>;
  assert.equal(ev!.n, result.events);
  assert.equal(ev!.g, ev!.n);
  // Handle/check photos are real photo rows; handling_due_at is the newest handle step's deadline.
  assert.deepEqual(await rows(`SELECT c.id, p->>'id' AS photo FROM cases c, jsonb_array_elements(c.photos) p WHERE NOT EXISTS (SELECT 1 FROM photos x WHERE x.id = p->>'id')`), []);
  assert.deepEqual(await rows(`
    SELECT c.id FROM cases c WHERE c.handling_due_at IS DISTINCT FROM (SELECT due_at FROM case_steps s WHERE s.case_id = c.id AND s.step = 'handle' ORDER BY id DESC LIMIT 1)`), []);
  // No notification jobs for demo history.
  assert.deepEqual(await rows(`SELECT id FROM jobs WHERE done_at IS NULL AND kind = 'notify'`), []);
});

test('the case-loop invariants hold over every generated case', async () => {
  const out = await caseInvariantViolations(t.db);
  for (const r of await rows(`SELECT id FROM case_events WHERE at > '${NOW.toISOString()}'`)) out.push(`nothing after now: ${JSON.stringify(r)}`);
  assert.deepEqual(out, []);
});

test('the audit trail verifies', async () => {
  const key = loadOrCreateAuditKey(path.join(keyDir, 'audit.key'));
  const report = await verifyAudit(t.db, key);
  assert.equal(report.ok, true, JSON.stringify(report.problems.slice(0, 3)));
  assert.equal(report.checkedEvents, result.events);
});

const ACTION_OF: Record<string, ActionInput['action']> = {
  'case.sentToVerify': 'sendToVerify', 'case.verified': 'verify', 'case.notTrue': 'verify', 'case.filed': 'file', 'case.voidProposed': 'proposeVoid',
  'case.voided': 'approveVoid', 'case.dispatched': 'dispatch', 'case.accepted': 'accept', 'case.handled': 'handle', 'case.returnRequested': 'requestReturn',
  'case.returnApproved': 'approveReturn', 'case.sentToCheck': 'sendToCheck', 'case.checkPassed': 'check', 'case.checkFailed': 'check',
  'case.callbackRecorded': 'recordCallback', 'case.closed': 'close',
};

test('replaying the generated history through the real commands writes the same rows', async () => {
  t2 = await testDb();
  const d2 = await seed(t2.db);
  assert.deepEqual(d2.users, district.users, 'same ids in both databases');
  const { rows: photoIds } = await t.db.query(`SELECT id FROM photos`);
  await t2.db.query(`INSERT INTO photos (id, is_citizen, mime, bytes, width, height) SELECT unnest($1::text[]), false, 'image/jpeg', 1, 1, 1 ON CONFLICT DO NOTHING`, [photoIds.map((r) => r.id)]);
  const cfg = loadConfig({ NODE_ENV: 'test' });
  const grids = createGridIndexHolder(t2.db);
  await grids.refresh();
  let clock = NOW;
  const ctx = { db: t2.db, now: () => clock, meta: { requestId: 'demo', ip: null }, notify: () => {} };
  const { rows: cases } = await t.db.query(`SELECT * FROM cases ORDER BY id`);
  const { rows: events } = await t.db.query(`SELECT * FROM case_events ORDER BY case_id, seq`);
  let acknowledged = 0;
  for (const c of cases) {
    const evs = events.filter((e) => Number(e.case_id) === Number(c.id));
    clock = evs[0].at;
    const reporter = (await loadActor(t2.db, Number(c.reporter_user_id), cfg, 'session'))!;
    let row = (await reportCase({ ...ctx, grids }, reporter, {
      source: c.source, categoryKind: 'event', categoryCode: c.category_code, lng: c.lng, lat: c.lat, description: c.description,
      ...(c.reporter_name ? { reporterName: c.reporter_name } : {}), ...(c.reporter_phone ? { reporterPhone: c.reporter_phone } : {}),
    })).case;
    assert.equal(row.id, Number(c.id));
    for (const e of evs.slice(1)) {
      clock = e.at;
      const { caseNo: _caseNo, ...rest } = e.payload;
      const actor = (await loadActor(t2.db, Number(e.actor_id), cfg, 'session'))!;
      // An emergency's alarm acknowledged: no transition, the command of its own.
      if (e.type === 'case.alertAcknowledged') {
        assert.equal((await acknowledgeAlert(ctx, actor, row.id)).first, true);
        acknowledged++;
        continue;
      }
      row = await performCaseAction(ctx, actor, row.id, row.version, { action: ACTION_OF[e.type]!, ...rest } as ActionInput);
    }
  }
  const strip = (sql: string) => async (db: TestDb['db']) => (await db.query(sql)).rows;
  const casesSql = strip(`SELECT id, status, prior_status, lead_unit_id, co_unit_ids, handling_due_at, extension_count, rework_count, citizen_rating, urge_count,
                                 handling_result, photos, version, reported_at, filed_at, closed_at, updated_at, urgency, grid_code, community_code, street_code,
                                 reporter_user_id, reporter_phone, search_text, (case_no IS NULL) AS unfiled, alert_acknowledged_at, alert_acknowledged_by
                            FROM cases ORDER BY id`);
  const stepsSql = strip(`SELECT case_id, step, assignee_role, assignee_unit_id, assignee_user_ids, clock_type, limit_amount, limit_unit, calendar_id, started_at,
                                 due_at, suspended_at, suspended_seconds, ended_at, ended_by, outcome, on_time FROM case_steps ORDER BY case_id, id`);
  const eventsSql = strip(`SELECT case_id, seq, type, from_status, to_status, version, actor_id, actor_role, at, request_id, client_ip, payload - 'caseNo' AS payload
                             FROM case_events ORDER BY case_id, seq`);
  assert.deepEqual(await casesSql(t2.db), await casesSql(t.db));
  assert.deepEqual(await stepsSql(t2.db), await stepsSql(t.db));
  assert.deepEqual(await eventsSql(t2.db), await eventsSql(t.db));
  assert.ok(acknowledged > 0, 'the history holds emergencies whose alarm the centre acknowledged');

  // The past day's inbox is what the commands' notify jobs would have delivered (event ids aside: numbered differently).
  const since = new Date(NOW.getTime() - 24 * 3_600_000);
  const { rows: jobs } = await t2.db.query(`SELECT j.payload, e.at FROM jobs j JOIN case_events e ON e.id = (j.payload->>'eventId')::bigint WHERE j.kind = 'notify'`);
  const key = (r: { userId: number; kind: string; caseId: number; title: string; body: string; payload: Record<string, unknown>; at: Date }) => {
    const { eventId: _eventId, ...payload } = r.payload;
    return JSON.stringify([r.userId, r.kind, r.caseId, r.title, r.body, payload, r.at.toISOString()]);
  };
  const expected = jobs.filter((j) => j.at >= since).flatMap((j) => {
    return inboxEntries(j.payload as NotifyPayload).map((entry) => key({ ...entry, payload: JSON.parse(entry.payload), at: j.at }));
  }).sort();
  const { rows: inbox } = await t.db.query(`SELECT user_id AS "userId", kind, case_id AS "caseId", title, body, payload, created_at AS at FROM notifications WHERE payload ? 'eventId'`);
  assert.ok(expected.length > 20, `${expected.length} notifications in the past day`);
  assert.deepEqual(inbox.map(key).sort(), expected);
});

test('the deadline sweep finds the history as if it had run all along, and its notices of the past day are in the inbox', async () => {
  const { rows: marks } = await t.db.query(`
    SELECT count(*) FILTER (WHERE overdue_at IS NOT NULL)::int AS overdue, count(*) FILTER (WHERE escalated_at IS NOT NULL)::int AS escalated,
           count(*) FILTER (WHERE overdue_at IS NOT NULL AND overdue_at <> due_at)::int AS misdated,
           count(*) FILTER (WHERE ended_at IS NOT NULL AND overdue_at IS NOT NULL AND ended_at <= due_at)::int AS wrongly
      FROM case_steps`);
  assert.ok(marks[0].overdue > 0 && marks[0].escalated > 0, JSON.stringify(marks[0]));
  assert.equal(marks[0].misdated, 0, 'marked overdue at the deadline');
  assert.equal(marks[0].wrongly, 0, 'a step finished in time is never overdue');
  // Late steps are overdue, and only those still running at their deadline.
  const { rows: late } = await t.db.query(`SELECT count(*)::int AS n FROM case_steps WHERE on_time = false AND overdue_at IS NULL AND suspended_seconds = 0`);
  assert.equal(late[0].n, 0, 'every step that ended late was marked');
  const { rows: notices } = await t.db.query(`SELECT kind, created_at, payload FROM notifications WHERE payload ? 'stepId'`);
  assert.ok(notices.some((n) => n.kind === 'overdue'), 'overdue notices of the past day');
  assert.ok(notices.every((n) => ['nearDue', 'overdue'].includes(n.kind)));
  // Nothing left for the real sweep at the same moment: nothing is marked or sent twice.
  assert.deepEqual(await sweepDeadlines(t.db, NOW), { nearDue: 0, overdue: 0, escalated: 0, unattended: 0 });
});

test('the inbox holds the past day, read but for the last two hours', async () => {
  const { rows } = await t.db.query(`SELECT created_at, read_at, kind FROM notifications ORDER BY id`);
  assert.ok(rows.length > 0);
  assert.ok(rows.every((r, i) => i === 0 || r.created_at >= rows[i - 1].created_at), 'ids follow time, as delivered');
  const since = NOW.getTime() - 24 * 3_600_000;
  const unreadAfter = NOW.getTime() - 2 * 3_600_000;
  for (const r of rows) {
    assert.ok(r.created_at.getTime() >= since && r.created_at <= NOW, r.created_at.toISOString());
    if (r.created_at.getTime() > unreadAfter) assert.equal(r.read_at, null);
    else assert.ok(r.read_at >= r.created_at && r.read_at <= NOW, `read ${r.read_at?.toISOString()} for ${r.created_at.toISOString()}`);
  }
  assert.ok(rows.some((r) => r.read_at === null), 'some still unread');
  assert.ok(new Set(rows.map((r) => r.kind)).size >= 1);
});

test('the backlog waits at every step, mostly in time, with the late ones among it', async () => {
  const { rows } = await t.db.query<{ step: string; open: number; overdue: number }>(
    `SELECT step, count(*)::int AS open, count(*) FILTER (WHERE due_at < $1)::int AS overdue
       FROM case_steps WHERE ended_at IS NULL AND suspended_at IS NULL GROUP BY step`,
    [NOW],
  );
  const open = rows.reduce((n, r) => n + r.open, 0);
  const overdue = rows.reduce((n, r) => n + r.overdue, 0);
  const steps = new Set(rows.map((r) => r.step));
  // 40 reports a day is a small sample: at least five kinds of step, where the full demo has them all.
  assert.ok(steps.size >= 5 && steps.has('handle') && steps.has('dispatch'), `cases waiting at: ${JSON.stringify(rows)}`);
  assert.ok(overdue > 0, 'some overdue');
  assert.ok(overdue / open < 0.25, `${overdue} of ${open} open steps overdue: ${JSON.stringify(rows)}`);
  // Nothing reported after now, and the backlog sits inside the generated window.
  const { rows: [span] } = await t.db.query(`SELECT min(reported_at) AS first, max(reported_at) AS last FROM cases`);
  assert.ok(span.first.getTime() >= NOW.getTime() - 3 * 86_400_000 && span.last <= NOW, JSON.stringify(span));
});
