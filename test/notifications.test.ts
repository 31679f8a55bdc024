/**
 * Notification delivery on real PostgreSQL: inbox rows from the jobs a case transition enqueues
 * (exactly once with two workers racing), read/unread over HTTP, the signed webhook channel against a
 * local server (with retry), and the live hub's visibility filter and reconnect.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { createPool } from '../src/server/db/pool.ts';
import { enqueueJobs } from '../src/server/jobs/queue.ts';
import { loadActor } from '../src/server/modules/auth/auth.service.ts';
import { createLogChannel } from '../src/server/modules/notifications/channels/log-channel.ts';
import { createWebhookChannel, SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../src/server/modules/notifications/channels/webhook-channel.ts';
import { deliverNotifications, type DeliveryOptions } from '../src/server/modules/notifications/commands/deliver-notifications.ts';
import { createLiveHub, type CaseChange } from '../src/server/modules/notifications/live-hub.ts';
import { notificationsAfter, type NotificationRow } from '../src/server/modules/notifications/notification.queries.ts';
import { DEFAULT_WORKFLOW_SETTINGS, saveWorkflowSettings } from '../src/server/modules/cases/workflow-settings.ts';
import { call, testApp, type Session, type TestApp } from './support/app.ts';
import { driver, type Driver } from './support/driver.ts';

let t: TestApp;
let drive: Driver;
const s: Record<string, Session> = {};
const quiet = { info() {}, warn() {}, error() {} };
const opts = (o: Partial<DeliveryOptions> = {}): DeliveryOptions => ({ channels: [], now: new Date(Date.now() + 5), maxAttempts: 5, log: quiet, ...o });

/** These tests are about delivery, so every new task is announced — to the centre pools too. */
/** Settings written straight to the database, as a script would: the app's cached copy is cleared as its settings route does. */
const useSettings = async (s: typeof DEFAULT_WORKFLOW_SETTINGS) => {
  await saveWorkflowSettings(t.db, '410104', s, t.district.users.shiftleader!.id);
  t.state.settings.clear();
};
const announceAll = () => useSettings({ ...DEFAULT_WORKFLOW_SETTINGS, poolNewTasks: 'all' });

before(async () => {
  t = await testApp();
  drive = driver(t);
  await announceAll();
  for (const u of ['supervisor', 'shiftleader', 'dispatcher', 'handler', 'officer', 'receiver']) s[u] = await drive.session(u);
});
after(async () => t.close());

test('the jobs a case transition enqueues become inbox rows exactly once, even with two workers racing', async () => {
  const { id: caseId } = await drive.caseAt('dispatched');
  const { rows: jobs } = await t.db.query(`SELECT id, payload FROM jobs WHERE kind = 'notify' AND payload->>'caseId' = $1`, [String(caseId)]);
  assert.ok(jobs.length >= 2, 'filing and dispatching enqueue notify jobs');
  const expected = jobs.reduce((n, j) => n + (j.payload.userIds as number[]).length, 0);

  const second = createPool(t.url, 3);
  try {
    // Small batches so both workers keep claiming while the other holds rows.
    const race = (db: typeof t.db) => deliverNotifications(db, opts({ batch: 1 })).then(async (r) => r.jobs + (r.jobs ? (await deliverNotifications(db, opts({ batch: 1 }))).jobs : 0));
    await Promise.all([race(t.db), race(second), race(t.db), race(second)]);
    while ((await deliverNotifications(second, opts())).jobs) { /* drain the rest */ }
    // A job claimed again (a worker died after writing the inbox) writes nothing twice.
    await t.db.query(`UPDATE jobs SET done_at = NULL, locked_at = NULL WHERE id = ANY($1)`, [jobs.map((j) => j.id)]);
    const again = await deliverNotifications(second, opts());
    assert.equal(again.inboxRows, 0);
  } finally {
    await second.end();
  }
  const { rows } = await t.db.query(`SELECT job_id, user_id, count(*)::int AS n FROM notifications WHERE case_id = $1 GROUP BY 1, 2`, [caseId]);
  assert.equal(rows.length, expected);
  assert.ok(rows.every((r) => r.n === 1));
  const { rows: pending } = await t.db.query(`SELECT count(*)::int AS n FROM jobs WHERE kind = 'notify' AND done_at IS NULL`);
  assert.equal(pending[0].n, 0);
  const { rows: mine } = await t.db.query(`SELECT kind, title, body FROM notifications WHERE case_id = $1 AND user_id = $2`, [caseId, t.district.users.handler!.id]);
  assert.equal(mine.length, 1);
  assert.equal(mine[0].kind, 'newTask');
  assert.equal(mine[0].title, '新任务');
  assert.match(mine[0].body, /^案件 \d{4}-T\d{6} 有新的待办任务/);
});

test('jobs are written to the inbox together; one the database refuses is retried alone and blocks nobody', async () => {
  const handler = t.district.users.handler!.id;
  const job = (trackingNo: string, key: string) => ({ kind: 'notify', payload: { caseId, trackingNo, kind: 'urged', to: 'leadUnit', userIds: [handler] }, dedupeKey: key });
  const { id: caseId } = await drive.caseAt('dispatched');
  while ((await deliverNotifications(t.db, opts())).jobs) { /* earlier jobs */ }
  // Fault injection: the database refuses the inbox row of one job, so the batched insert fails as a whole.
  await t.db.query(`CREATE FUNCTION refuse_bad() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN IF NEW.payload->>'trackingNo' = 'BAD' THEN RAISE EXCEPTION 'refused by test'; END IF; RETURN NEW; END $$`);
  await t.db.query(`CREATE TRIGGER refuse_bad BEFORE INSERT ON notifications FOR EACH ROW EXECUTE FUNCTION refuse_bad()`);
  try {
    await enqueueJobs(t.db, [job('2026-T000001', 'batch-ok-1'), job('BAD', 'batch-bad'), job('2026-T000002', 'batch-ok-2')]);
    const r = await deliverNotifications(t.db, opts());
    assert.deepEqual([r.jobs, r.inboxRows, r.retries], [3, 2, 1], JSON.stringify(r));
  } finally {
    await t.db.query(`DROP TRIGGER refuse_bad ON notifications; DROP FUNCTION refuse_bad()`);
  }
  const { rows } = await t.db.query(`SELECT dedupe_key, done_at IS NOT NULL AS done, last_error FROM jobs WHERE dedupe_key LIKE 'batch-%' ORDER BY dedupe_key`);
  assert.deepEqual(rows.map((x) => [x.dedupe_key, x.done]), [['batch-bad', false], ['batch-ok-1', true], ['batch-ok-2', true]]);
  assert.match(rows[0].last_error, /refused by test/);
  await t.db.query(`UPDATE jobs SET done_at = now() WHERE dedupe_key = 'batch-bad'`); // out of the later tests' way
});

test('by default a centre pool finds ordinary new tasks in its queue, not its inbox; urgent ones and named parties are notified', async () => {
  await useSettings(DEFAULT_WORKFLOW_SETTINGS);
  try {
    const kindsFor = async (caseId: number) => {
      await deliverNotifications(t.db, opts());
      const { rows } = await t.db.query<{ username: string; kind: string }>(
        `SELECT u.username, n.kind FROM notifications n JOIN users u ON u.id = n.user_id WHERE n.case_id = $1 ORDER BY 1, 2`, [caseId]);
      return rows.map((r) => `${r.username}:${r.kind}`);
    };
    // Reported (the shift leaders' pool) and filed (the dispatchers'): in the dispatchers' queue, in no one's inbox.
    const { id } = await drive.report('supervisor');
    await drive.act('shiftleader', id, 'file');
    assert.deepEqual(await kindsFor(id), []);
    const queue = await call(t.app, s.dispatcher!, { method: 'GET', url: '/api/cases/queue?limit=100' });
    assert.ok(queue.json().items.some((i: { case: { id: number } }) => i.case.id === id), 'in the dispatchers\' queue');
    // Dispatched: the street office's staff are named, and told.
    await drive.act('dispatcher', id, 'dispatch', { leadUnitId: t.district.unitIds.streetOffice });
    const named = await kindsFor(id);
    assert.ok(named.includes('handler:newTask') && named.every((k) => !/^(shiftleader|dispatcher|receiver):/.test(k)), named.join(' '));

    // An urgent hotline report: the receivers' pool is told, and the leaders.
    const res = await drive.report('receiver', { source: 'hotline', description: '井盖缺失', urgency: 'urgent', reporterPhone: '13900000000' });
    const urgent = await kindsFor(res.id);
    assert.ok(urgent.includes('receiver:newTask'), urgent.join(' '));
  } finally {
    await announceAll();
  }
});

test('the inbox lists only your own notifications; read, unread count and read-all', async () => {
  const list = await call(t.app, s.handler!, { method: 'GET', url: '/api/notifications?unread=true' });
  assert.equal(list.statusCode, 200, list.body);
  const body = list.json();
  assert.ok(body.items.length >= 1);
  assert.equal(body.unreadCount, body.items.length);
  const first = body.items[0];
  assert.equal(first.readAt, null);
  assert.ok(!('userIds' in first) && !('payload' in first), 'recipient lists never leave the server');

  const { rows } = await t.db.query(`SELECT DISTINCT user_id FROM notifications`);
  assert.ok(!rows.some((r) => r.user_id === t.district.users.officer!.id), 'the squad got nothing for a street-office case');
  const officers = await call(t.app, s.officer!, { method: 'GET', url: '/api/notifications' });
  assert.deepEqual(officers.json().items, []);
  const foreign = await call(t.app, s.officer!, { method: 'POST', url: `/api/notifications/${first.id}/read` });
  assert.equal(foreign.statusCode, 404);

  const read = await call(t.app, s.handler!, { method: 'POST', url: `/api/notifications/${first.id}/read` });
  assert.equal(read.statusCode, 200, read.body);
  assert.ok(read.json().readAt);
  const count = await call(t.app, s.handler!, { method: 'GET', url: '/api/notifications/unread-count' });
  assert.equal(count.json().unreadCount, body.unreadCount - 1);
  const unread = await call(t.app, s.handler!, { method: 'GET', url: '/api/notifications?unread=true' });
  assert.ok(!unread.json().items.some((n: { id: number }) => n.id === first.id));

  await drive.caseAt('dispatched');
  await deliverNotifications(t.db, opts());
  const before = await call(t.app, s.dispatcher!, { method: 'GET', url: '/api/notifications/unread-count' });
  assert.ok(before.json().unreadCount >= 2);
  const all = await call(t.app, s.dispatcher!, { method: 'POST', url: '/api/notifications/read-all' });
  assert.equal(all.json().marked, before.json().unreadCount);
  const after = await call(t.app, s.dispatcher!, { method: 'GET', url: '/api/notifications?unread=true' });
  assert.deepEqual([after.json().unreadCount, after.json().items.length], [0, 0]);
  // Writes from a cookie session still need the CSRF header.
  const noCsrf = await call(t.app, s.dispatcher!, { method: 'POST', url: '/api/notifications/read-all', csrf: false });
  assert.equal(noCsrf.statusCode, 403);
});

test('the webhook channel signs with HMAC-SM3; a failure is retried later and never loses or doubles the inbox row', async () => {
  const secret = 'webhook-secret-0123456789';
  const received: Array<{ body: string; signature: string; timestamp: string }> = [];
  let failNext = 1;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ body, signature: String(req.headers[SIGNATURE_HEADER]), timestamp: String(req.headers[TIMESTAMP_HEADER]) });
      res.statusCode = failNext-- > 0 ? 503 : 204;
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    const logged: object[] = [];
    const channels = [createWebhookChannel({ url, secret, timeoutMs: 2000 }), createLogChannel({ info: (o) => logged.push(o) })];
    const handler = t.district.users.handler!.id;
    const { rows: c } = await t.db.query(`SELECT id, tracking_no FROM cases ORDER BY id LIMIT 1`);
    await enqueueJobs(t.db, [{ kind: 'notify', payload: { caseId: c[0].id, trackingNo: c[0].tracking_no, kind: 'urged', to: 'leadUnit', userIds: [handler], urgent: false }, dedupeKey: 'test:webhook' }]);
    // run_at has microseconds, Date only milliseconds: step past the insert's millisecond.
    const t0 = new Date(Date.now() + 5);
    const first = await deliverNotifications(t.db, opts({ channels, now: t0 }));
    assert.deepEqual([first.jobs, first.inboxRows, first.retries], [1, 1, 1]);
    const { rows: job } = await t.db.query(`SELECT run_at, done_at, last_error FROM jobs WHERE dedupe_key = 'test:webhook'`);
    assert.equal(job[0].done_at, null);
    assert.match(job[0].last_error, /webhook .*HTTP 503/);
    assert.ok(job[0].run_at.getTime() >= t0.getTime() + 30_000, 'retried with backoff');
    assert.equal((await deliverNotifications(t.db, opts({ channels, now: t0 }))).jobs, 0, 'not before its time');

    const second = await deliverNotifications(t.db, opts({ channels, now: new Date(t0.getTime() + 60_000) }));
    assert.deepEqual([second.jobs, second.inboxRows, second.retries], [1, 0, 0]);
    assert.equal(logged.length, 1, 'the log channel succeeded the first time and is not repeated');
    assert.equal(received.length, 2);
    const { rows: inbox } = await t.db.query(`SELECT id, title, channels_done FROM notifications WHERE job_id = (SELECT id FROM jobs WHERE dedupe_key = 'test:webhook')`);
    assert.equal(inbox.length, 1);
    assert.equal(inbox[0].title, '督办');
    assert.deepEqual([...inbox[0].channels_done].sort(), ['log', 'webhook']);

    const last = received[1]!;
    const expected = 'sm3=' + createHmac('sm3', secret).update(`${last.timestamp}.${last.body}`).digest('hex');
    assert.equal(last.signature, expected);
    const wrong = 'sm3=' + createHmac('sm3', 'another-secret-xxxxxxxx').update(`${last.timestamp}.${last.body}`).digest('hex');
    assert.notEqual(last.signature, wrong);
    const doc = JSON.parse(last.body);
    assert.equal(doc.id, inbox[0].id);
    assert.equal(doc.title, '督办');
    assert.equal(doc.recipient.username, 'handler');
    assert.equal(doc.case.trackingNo, c[0].tracking_no);
  } finally {
    server.close();
  }
});

test('a webhook that does not answer in time fails instead of hanging the worker', async () => {
  const server = http.createServer(() => {}); // never answers
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const ch = createWebhookChannel({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, secret: 'x'.repeat(16), timeoutMs: 200 });
    const started = Date.now();
    await assert.rejects(ch.send({ id: 1, kind: 'newTask', caseId: null, trackingNo: null, title: '新任务', body: '', urgent: false, createdAt: new Date(), recipient: { userId: 1, username: 'u', displayName: 'U', phone: null } }));
    assert.ok(Date.now() - started < 2000);
  } finally {
    server.closeAllConnections();
    server.close();
  }
});

test('without outside channels, intake writes the inbox rows the worker would, in the report\'s own transaction, and streams them', async () => {
  const report = () => drive.report('receiver', { source: 'hotline', description: '市民来电：路边有暴露垃圾', urgency: 'urgent' });
  // The rows less what names the case itself.
  const inboxOf = async (c: { id: number; trackingNo: string }) => (await t.db.query(
    `SELECT user_id, kind, title, replace(body, $2, '…') AS body, payload - 'caseId' - 'trackingNo' - 'eventId' AS payload
       FROM notifications WHERE case_id = $1 ORDER BY user_id, kind`,
    [c.id, c.trackingNo],
  )).rows;
  const jobsOf = async (caseId: number) => (await t.db.query(`SELECT id FROM jobs WHERE kind = 'notify' AND payload->>'caseId' = $1`, [String(caseId)])).rowCount;

  // As jobs (the default, and with outside channels): the worker writes the rows.
  const viaJobs = await report();
  assert.ok((await jobsOf(viaJobs.id))! >= 2, 'new task for the receivers and an emergency for the leaders');
  while ((await deliverNotifications(t.db, opts())).jobs) { /* drain */ }
  const expected = await inboxOf(viaJobs);
  assert.ok(expected.some((r) => r.kind === 'newTask') && expected.some((r) => r.kind === 'emergency'), JSON.stringify(expected));

  const hub = createLiveHub(t.db, quiet);
  t.state.intake.options.inboxInTransaction = true;
  try {
    await hub.ready();
    const receiverId = t.district.users.receiver!.id;
    const streamed: NotificationRow[] = [];
    hub.subscribe({ actor: (await loadActor(t.db, receiverId, t.config, 'session'))!, onCase: () => {}, onNotification: (n) => streamed.push(n), onResync: () => {} });
    const direct = await report();
    // There when the 201 is: no job to drain, and the same rows, to the same people, as the worker's.
    assert.equal(await jobsOf(direct.id), 0);
    assert.deepEqual(await inboxOf(direct), expected);
    const { rows: mine } = await t.db.query(`SELECT id FROM notifications WHERE case_id = $1 AND user_id = $2 ORDER BY id`, [direct.id, receiverId]);
    assert.ok(mine.length >= 1);
    await waitFor(() => streamed.length === mine.length);
    assert.deepEqual(streamed.map((n) => n.id).sort((a, b) => a - b), mine.map((r) => Number(r.id)));
    assert.ok(streamed.every((n) => n.caseId === direct.id));
  } finally {
    t.state.intake.options.inboxInTransaction = false;
    await hub.close();
  }
});

test('the live hub sends a case change only to those who may see it, and survives losing its LISTEN connection', async () => {
  const { rows: c } = await t.db.query(`SELECT id FROM cases WHERE lead_unit_id = $1 ORDER BY id LIMIT 1`, [t.district.unitIds.streetOffice]);
  const caseId = c[0].id as number;
  const hub = createLiveHub(t.db, quiet);
  try {
    await hub.ready();
    const got: Record<string, CaseChange[]> = { handler: [], officer: [], supervisor2: [] };
    let resyncs = 0;
    for (const u of Object.keys(got)) {
      const actor = (await loadActor(t.db, t.district.users[u]!.id, t.config, 'session'))!;
      hub.subscribe({ actor, onCase: (x) => got[u]!.push(x), onNotification: () => {}, onResync: () => resyncs++ });
    }
    const publish = (eventId: number) => t.db.query(`SELECT pg_notify('guancheng_case_events', $1)`, [JSON.stringify({ caseId, eventId, type: 'case.urged', status: 'handling', version: 9 })]);
    await publish(1);
    await waitFor(() => got.handler!.length === 1);
    assert.deepEqual(got.handler![0], { caseId, eventId: 1, type: 'case.urged', status: 'handling', version: 9 });

    const { rowCount } = await t.db.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%' AND pid <> pg_backend_pid()`);
    assert.equal(rowCount, 1);
    await waitFor(() => resyncs === 3);
    await publish(2);
    await waitFor(() => got.handler!.length === 2);
    assert.deepEqual([got.officer!.length, got.supervisor2!.length], [0, 0]);
  } finally {
    await hub.close();
  }
});

async function waitFor(ok: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('a stream catching up also gets the user\'s rows committed late just below its cursor, and nothing older or anyone else\'s', async () => {
  const { rows: users } = await t.db.query(`SELECT id, username FROM users WHERE username IN ('handler', 'officer') ORDER BY username`);
  const [handler, officer] = [users.find((u) => u.username === 'handler')!.id, users.find((u) => u.username === 'officer')!.id];
  // Seconds after a moment later than every row the tests before wrote (ids follow time, as in service).
  const t0 = Date.now() + 3_600_000;
  const insert = async (userId: number, s: number) =>
    Number((await t.db.query(`INSERT INTO notifications (user_id, kind, title, body, payload, created_at) VALUES ($1, 'urged', '催办', '测试', '{}', $2) RETURNING id`, [userId, new Date(t0 + s * 1000)])).rows[0].id);
  const old = await insert(handler, 0);
  const late = await insert(handler, 60); // took its id first, committed after `cursor` was sent
  const others = await insert(officer, 61);
  const cursor = await insert(handler, 63);
  const after = await insert(handler, 64);
  const ids = (rows: NotificationRow[]) => rows.map((r) => r.id);
  assert.deepEqual(ids(await notificationsAfter(t.db, handler, cursor, 10, { ids: 500, ms: 10_000 })), [late, after]);
  assert.deepEqual(ids(await notificationsAfter(t.db, handler, cursor, 10)), [after], 'without a look-behind, only what follows');
  assert.deepEqual(ids(await notificationsAfter(t.db, handler, cursor, 10, { ids: 500, ms: 1_000 })), [after], 'outside the window');
  assert.ok(!ids(await notificationsAfter(t.db, handler, old, 10, { ids: 500, ms: 10_000 })).includes(others));
});
