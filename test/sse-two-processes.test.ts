/**
 * Live updates across processes: two real `guancheng start` processes on one database. A case action
 * through A's HTTP API reaches the stream a user holds on B (LISTEN/NOTIFY), but only a user who may
 * see the case; the user's new notification follows on the same stream.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { repoRoot } from '../src/server/config.ts';
import type { Tx } from '../src/server/db/pool.ts';
import { appendCaseEvent } from '../src/server/modules/audit/audit-chain.ts';
import { testDb, type TestDb } from './support/db.ts';
import { seedMiniDistrict, TEST_PASSWORD, type MiniDistrict } from './support/factories.ts';

interface Proc { child: ChildProcess; url: string; output: string[] }
interface Sse { events: Array<{ event: string; data: any; id?: string }>; close(): void }

let db: TestDb;
let district: MiniDistrict;
let dataDir: string;
const procs: Proc[] = [];

function startProcess(name: string): Promise<Proc> {
  const child = spawn(process.execPath, [path.join(repoRoot, 'bin', 'guancheng.js'), 'start'], {
    cwd: repoRoot,
    env: {
      ...process.env, NODE_ENV: 'test', DATABASE_URL: db.url, GUANCHENG_DEMO: 'false', PORT: '0', HOST: '127.0.0.1', LANG: 'en_US.UTF-8',
      GUANCHENG_DATA_DIR: path.join(dataDir, name), GUANCHENG_LOG_LEVEL: 'warn', GUANCHENG_NOTIFY_SECONDS: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const proc: Proc = { child, url: '', output };
  procs.push(proc);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start:\n${output.join('')}`)), 60_000);
    const onData = (b: Buffer) => {
      output.push(b.toString());
      const m = /is running: (http:\/\/[\d.]+:\d+)/.exec(output.join(''));
      if (m && !proc.url) {
        proc.url = m[1]!;
        clearTimeout(timer);
        resolve(proc);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (b: Buffer) => output.push(b.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (!proc.url) reject(new Error(`${name} exited with ${code}:\n${output.join('')}`));
    });
  });
}

async function signIn(base: string, username: string): Promise<{ cookie: string; csrf: string }> {
  const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: TEST_PASSWORD }) });
  assert.equal(res.status, 200, await res.clone().text());
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c?.startsWith('gc_session='));
  assert.ok(cookie);
  return { cookie, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
}

async function post(base: string, s: { cookie: string; csrf: string }, url: string, body: object): Promise<any> {
  const res = await fetch(`${base}${url}`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: s.cookie, 'x-csrf-token': s.csrf }, body: JSON.stringify(body) });
  const json = await res.json();
  assert.ok(res.status < 300, `${url}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

async function openStream(base: string, cookie: string, lastEventId?: string): Promise<Sse> {
  const ac = new AbortController();
  const res = await fetch(`${base}/api/stream`, { headers: { cookie, accept: 'text/event-stream', ...(lastEventId ? { 'last-event-id': lastEventId } : {}) }, signal: ac.signal });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^text\/event-stream/);
  const events: Sse['events'] = [];
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  void (async () => {
    let buf = '';
    for (;;) {
      const r = await reader.read().catch(() => ({ done: true as const, value: undefined }));
      if (r.done) return;
      buf += r.value;
      for (let i = buf.indexOf('\n\n'); i >= 0; i = buf.indexOf('\n\n')) {
        const block = buf.slice(0, i);
        buf = buf.slice(i + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        const id = /^id: (.*)$/m.exec(block)?.[1];
        if (event) events.push({ event, data: data ? JSON.parse(data) : null, ...(id ? { id } : {}) });
      }
    }
  })();
  return { events, close: () => ac.abort() };
}

async function waitFor<T>(what: string, find: () => T | undefined, ms = 8000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = find();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

before(async () => {
  db = await testDb();
  district = await seedMiniDistrict(db.db); // before start: each process loads the grid index once
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gc-sse-'));
  await Promise.all([startProcess('a'), startProcess('b')]);
});

after(async () => {
  for (const p of procs) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
  await db?.drop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

test('a case action on process A reaches the stream on process B of a user who may see it, and no one else', async () => {
  const [a, b] = procs.map((p) => p.url) as [string, string];
  assert.notEqual(a, b);
  assert.equal((await fetch(`${b}/api/stream`)).status, 401);

  const supervisor = await signIn(a, 'supervisor');
  const shiftLeader = await signIn(a, 'shiftleader');
  const dispatcher = await signIn(a, 'dispatcher');
  const supervisor2A = await signIn(a, 'supervisor2');
  const handler = await signIn(b, 'handler');
  const supervisor2 = await signIn(b, 'supervisor2');

  const reported = await post(a, supervisor, '/api/cases', { source: 'supervisor', categoryKind: 'event', categoryCode: '06010', lng: 113.7005, lat: 34.7035, description: '路边有暴露垃圾' });
  const filed = await post(a, shiftLeader, `/api/cases/${reported.id}/file`, { version: reported.version });

  const seeing = await openStream(b, handler.cookie);
  const blind = await openStream(b, supervisor2.cookie);
  try {
    await waitFor('ready on both streams', () => (seeing.events.some((e) => e.event === 'ready') && blind.events.some((e) => e.event === 'ready') ? true : undefined));

    const started = Date.now();
    await post(a, dispatcher, `/api/cases/${reported.id}/dispatch`, { version: filed.version, leadUnitId: district.unitIds.streetOffice });
    const change = await waitFor('the dispatch on B', () => seeing.events.find((e) => e.event === 'case' && e.data.caseId === reported.id));
    const latencyMs = Date.now() - started;
    assert.deepEqual(change.data, { caseId: reported.id, eventId: change.data.eventId, type: 'case.dispatched', status: 'dispatched', version: filed.version + 1 });
    console.log(`# dispatch on A → event on B's stream: ${latencyMs} ms`);

    // The handler's unit was given the task: the inbox row arrives on the same stream.
    const note = await waitFor('the notification on B', () => seeing.events.find((e) => e.event === 'notification'));
    assert.equal(note.data.kind, 'newTask');
    assert.equal(note.data.title, '新任务');
    assert.equal(note.data.caseId, reported.id);
    assert.equal(note.data.trackingNo, reported.trackingNo);

    // supervisor2's own report comes through on their stream; B fans out in commit order, so by then the
    // dispatch had been decided for them too — and it was withheld.
    const own = await post(a, supervisor2A, '/api/cases', { source: 'supervisor', categoryKind: 'event', categoryCode: '06010', lng: 113.7045, lat: 34.7035, description: '井盖缺失' });
    await waitFor('supervisor2 own report', () => blind.events.find((e) => e.event === 'case' && e.data.caseId === own.id));
    assert.deepEqual(blind.events.filter((e) => e.event === 'case').map((e) => e.data.caseId), [own.id]);
    assert.ok(!blind.events.some((e) => e.event === 'notification'));
    assert.ok(!seeing.events.some((e) => e.event === 'case' && e.data.caseId === own.id), 'the handler does not see a case outside their unit');
  } finally {
    seeing.close();
    blind.close();
  }
});

const cursorOf = (id: string | undefined) => {
  const [e, n] = (id ?? '').split('.').map(Number);
  return { e: e!, n: n! };
};

test('a stream that comes back with Last-Event-ID first gets what it missed, once, and only what its user may see', async () => {
  const [a, b] = procs.map((p) => p.url) as [string, string];
  const supervisor = await signIn(a, 'supervisor');
  const supervisor2 = await signIn(a, 'supervisor2');
  const shiftLeader = await signIn(a, 'shiftleader');
  const dispatcher = await signIn(a, 'dispatcher');
  const handler = await signIn(b, 'handler');

  const first = await openStream(b, handler.cookie);
  const ready = await waitFor('ready', () => first.events.find((e) => e.event === 'ready'));
  first.close();
  assert.match(ready.id ?? '', /^\d+\.\d+$/, 'even the first message says where the stream is');

  // While the handler is away: a case is reported, filed and dispatched to their unit; another stays elsewhere.
  const reported = await post(a, supervisor, '/api/cases', { source: 'supervisor', categoryKind: 'event', categoryCode: '06010', lng: 113.7005, lat: 34.7035, description: '人行道堆放杂物' });
  const filed = await post(a, shiftLeader, `/api/cases/${reported.id}/file`, { version: reported.version });
  await post(a, dispatcher, `/api/cases/${reported.id}/dispatch`, { version: filed.version, leadUnitId: district.unitIds.streetOffice });
  const elsewhere = await post(a, supervisor2, '/api/cases', { source: 'supervisor', categoryKind: 'event', categoryCode: '06010', lng: 113.7045, lat: 34.7035, description: '井盖缺失' });
  const handlerId = district.users.handler!.id;
  for (const end = Date.now() + 8000; ;) {
    const { rows } = await db.db.query(`SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 AND case_id = $2`, [handlerId, reported.id]);
    if (rows[0].n > 0) break;
    assert.ok(Date.now() < end, 'the task notification was delivered');
    await new Promise((r) => setTimeout(r, 50));
  }

  const back = await openStream(b, handler.cookie, ready.id);
  try {
    const note = await waitFor('the missed notification', () => back.events.find((e) => e.event === 'notification' && e.data.caseId === reported.id));
    assert.equal(note.data.kind, 'newTask');
    assert.equal(back.events[0]!.event, 'ready');
    // Beyond the cursor; the replay's look-behind may repeat what the last seconds before it brought (at least once).
    const from = cursorOf(ready.id);
    const missed = back.events.filter((e) => e.event === 'case' && e.data.eventId > from.e);
    assert.deepEqual(missed.map((e) => e.data.type), ['case.reported', 'case.filed', 'case.dispatched'], 'the case\'s events, now that the unit may see it');
    assert.ok(missed.every((e) => e.data.caseId === reported.id), 'nothing of the case the handler may not see');
    assert.ok(!back.events.some((e) => e.data?.caseId === elsewhere.id));
    assert.ok(!back.events.some((e) => e.event === 'resync'));
    const cursors = back.events.map((e) => cursorOf(e.id));
    assert.ok(cursors.every((c, i) => i === 0 || (c.e >= cursors[i - 1]!.e && c.n >= cursors[i - 1]!.n)), 'the cursor never moves back');
    const beyond = back.events.filter((e) => (e.event === 'case' && e.data.eventId > from.e) || (e.event === 'notification' && e.data.id > from.n)).map((e) => e.id!);
    assert.equal(new Set(beyond).size, beyond.length, 'each new message moves the cursor');

    // Live again after the replay: the next change comes once.
    const accepted = await post(b, handler, `/api/cases/${reported.id}/accept`, { version: filed.version + 1 });
    await waitFor('the accept, live', () => back.events.find((e) => e.event === 'case' && e.data.type === 'case.accepted'));
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(accepted.version, filed.version + 2);

    // Both processes lose their LISTEN connections; an urge sent before they are back is replayed, not lost.
    const { rowCount } = await db.db.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'`);
    assert.equal(rowCount, 2);
    await post(a, dispatcher, `/api/cases/${reported.id}/urge`, { version: accepted.version, note: '请尽快处置' });
    await waitFor('the urge, after the hub is back', () => back.events.find((e) => e.event === 'case' && e.data.type === 'case.urged'), 15_000);
    await waitFor('the urged notification', () => back.events.find((e) => e.event === 'notification' && e.data.kind === 'urged'), 15_000);
    await new Promise((r) => setTimeout(r, 300));
    assert.ok(!back.events.some((e) => e.event === 'resync'), 'a short loss is replayed, not a resync');
    const eventIds = back.events.filter((e) => e.event === 'case').map((e) => e.data.eventId);
    assert.equal(new Set(eventIds).size, eventIds.length, 'no event twice');
  } finally {
    back.close();
  }

  // A cursor this database never gave out: start from now and say so.
  const odd = await openStream(b, handler.cookie, 'not-a-cursor');
  try {
    await waitFor('resync', () => odd.events.find((e) => e.event === 'resync'));
    assert.deepEqual(odd.events.map((e) => e.event), ['ready', 'resync']);
    assert.ok(!odd.events.some((e) => e.event === 'case'));
  } finally {
    odd.close();
  }
});

test('a change committed after a later one was streamed is still caught up after a reconnect', async () => {
  const [a, b] = procs.map((p) => p.url) as [string, string];
  const supervisor = await signIn(a, 'supervisor');
  const shiftLeader = await signIn(a, 'shiftleader');
  const dispatcher = await signIn(a, 'dispatcher');
  const handler = await signIn(b, 'handler');
  const toUnit = async (lng: number, description: string) => {
    const r = await post(a, supervisor, '/api/cases', { source: 'supervisor', categoryKind: 'event', categoryCode: '06010', lng, lat: 34.7035, description });
    const f = await post(a, shiftLeader, `/api/cases/${r.id}/file`, { version: r.version });
    return post(a, dispatcher, `/api/cases/${r.id}/dispatch`, { version: f.version, leadUnitId: district.unitIds.streetOffice });
  };
  const slow = await toUnit(113.7006, '道路积水');
  const quick = await toUnit(113.7007, '路灯不亮');

  const stream = await openStream(b, handler.cookie);
  await waitFor('ready', () => stream.events.find((e) => e.event === 'ready'));
  // A transaction takes its event id and has not committed yet...
  const late = new pg.Client({ connectionString: db.url });
  await late.connect();
  let lateEvent: { id: number };
  try {
    await late.query('BEGIN');
    lateEvent = await appendCaseEvent(late as unknown as Tx, {
      caseId: slow.id, type: 'case.urged', fromStatus: slow.status, toStatus: slow.status, version: slow.version, actorId: district.users.dispatcher!.id,
      actorRole: 'dispatcher', at: new Date(), requestId: 'late', clientIp: null, payload: { note: '提交较晚' },
    });
    // ...while a later one commits and reaches the stream.
    const urged = await post(a, dispatcher, `/api/cases/${quick.id}/urge`, { version: quick.version, note: '请尽快处置' });
    const seen = await waitFor('the later change', () => stream.events.find((e) => e.event === 'case' && e.data.caseId === quick.id && e.data.type === 'case.urged'));
    assert.ok(seen.data.eventId > lateEvent.id, 'the streamed change has the higher id');
    assert.equal(urged.id, quick.id);
    stream.close();
    await late.query('COMMIT'); // its wake-up is never sent: the stream has left
  } finally {
    await late.end();
  }
  const last = stream.events.filter((e) => e.id).at(-1)!.id!;
  assert.ok(cursorOf(last).e > lateEvent.id, 'the cursor is past the late change');

  const back = await openStream(b, handler.cookie, last);
  try {
    const caught = await waitFor('the late change', () => back.events.find((e) => e.event === 'case' && e.data.eventId === lateEvent.id));
    assert.equal(caught.data.caseId, slow.id);
    await new Promise((r) => setTimeout(r, 200));
    assert.ok(!back.events.some((e) => e.event === 'resync'));
    assert.equal(back.events.filter((e) => e.event === 'case' && e.data.eventId === lateEvent.id).length, 1);
  } finally {
    back.close();
  }
});

test('both processes stop cleanly on SIGTERM with a stream still open', async () => {
  const [, b] = procs.map((p) => p.url) as [string, string];
  const handler = await signIn(b, 'handler');
  const stream = await openStream(b, handler.cookie);
  await waitFor('ready', () => (stream.events.some((e) => e.event === 'ready') ? true : undefined));
  const exits = procs.map((p) => new Promise<number | null>((r) => p.child.once('exit', (code) => r(code))));
  for (const p of procs) p.child.kill('SIGTERM');
  const codes = await Promise.race([Promise.all(exits), new Promise<never>((_r, rej) => setTimeout(() => rej(new Error('did not stop within 10 s')), 10_000))]);
  assert.deepEqual(codes, [0, 0]);
  stream.close();
});
