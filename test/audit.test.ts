/**
 * The tamper-evident audit trail: a base database with chained case events and two checkpoints is
 * cloned once per tampering scenario, so every scenario starts pristine and its report must name
 * exactly the case and row that was touched.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { withDatabase } from '../src/server/db/embedded.ts';
import { createPool, inTransaction, type Db, type Queryable } from '../src/server/db/pool.ts';
import fc from 'fast-check';
import { appendCaseEvent, canonicalEvent, canonicalJson, GENESIS, hashEvent, rowToChainEvent, type ChainEvent } from '../src/server/modules/audit/audit-chain.ts';
import { createCheckpoint, exportCheckpoints, loadOrCreateAuditKey, type AuditKey } from '../src/server/modules/audit/checkpoint.ts';
import { headLeaf, merkleBuilder, merkleRootOfLeaves } from '../src/server/modules/audit/merkle.ts';
import { formatReport, verifyAudit, type AuditReport } from '../src/server/modules/audit/verify.ts';
import { seedMiniDistrict } from './support/factories.ts';
import { testDb, type TestDb } from './support/db.ts';

const T0 = Date.parse('2026-03-01T08:00:00.123Z');
const STATUSES = ['reported', 'verified', 'filed', 'dispatched', 'handling'];
let tracking = 0;
let clock = 0;
const tick = () => new Date(T0 + 60_000 * clock++);

/** A minimal case row plus its 'case.reported' event, in one transaction like the real intake. */
async function newCase(db: Db): Promise<number> {
  return inTransaction(db, async (tx) => {
    const at = tick();
    const { rows } = await tx.query(
      `INSERT INTO cases (district_code, tracking_no, source, category_kind, category_code, lng, lat, grid_code, community_code, street_code,
                          description, urgency, status, version, reported_at, updated_at)
       VALUES ('410104', $1, 'supervisor', 'event', '06010', 113.7005, 34.7035, '410104001001001', '410104001001', '410104001',
               '暴露垃圾', 'normal', 'reported', 1, $2, $2) RETURNING id`,
      [`T${process.pid}-${++tracking}`, at],
    );
    const id = (rows[0] as { id: number }).id;
    await appendCaseEvent(tx, { caseId: id, type: 'case.reported', fromStatus: null, toStatus: 'reported', version: 1, actorId: null, actorRole: 'supervisor', at, requestId: `r${tracking}`, clientIp: '10.0.0.1', payload: { note: '发现', photos: [1, 2], edge: { big: 2 ** 60, tiny: 1e-7, huge: 1e21, neg: -0, s: 'a\u2028b😀"\\', nested: [[{}], []], when: new Date(T0), gone: undefined } } });
    return id;
  });
}

/** One transition: compare-and-set on the case row, then the event, committed together. */
async function step(db: Db, caseId: number, hold?: () => Promise<void>): Promise<void> {
  await inTransaction(db, async (tx) => {
    const { rows } = await tx.query(`SELECT status, version FROM cases WHERE id = $1 FOR UPDATE`, [caseId]);
    const cur = rows[0] as { status: string; version: number };
    const to = STATUSES[cur.version % STATUSES.length]!;
    await tx.query(`UPDATE cases SET status = $2, version = version + 1, updated_at = now() WHERE id = $1 AND version = $3`, [caseId, to, cur.version]);
    await appendCaseEvent(tx, { caseId, type: `case.${to}`, fromStatus: cur.status, toStatus: to, version: cur.version + 1, actorId: null, actorRole: 'dispatcher', at: tick(), requestId: null, clientIp: null, payload: { z: 1, a: { y: [true, null], b: '说明' } } });
    await hold?.(); // keeps the transaction (and its global_seq) open: commits land out of number order
  });
}

const adminUrl = () => process.env.GC_TEST_ADMIN_URL!;
async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: adminUrl() });
  await c.connect();
  return fn(c).finally(() => c.end());
}

let base: TestDb, key: AuditKey, keyDir: string, uncoveredSince: Date, exportedAfterBase: string, clones = 0;
let gap: number[] = [];
const cases: Record<string, number> = {};

/** A pristine copy of the base database (names match the runner's cleanup pattern). */
async function clone(): Promise<{ db: Db; drop: () => Promise<void> }> {
  const name = `${base.name}_c${++clones}`;
  await admin((c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${base.name}`)); // scenarios run one at a time
  const db = createPool(withDatabase(adminUrl(), name), 25);
  return { db, drop: async () => { await db.end(); await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)); } };
}

async function scenario(tamper: (db: Queryable) => Promise<unknown>, opts: { exported?: string } = {}): Promise<AuditReport> {
  const c = await clone();
  return tamper(c.db).then(() => verifyAudit(c.db, key, opts)).finally(() => c.drop());
}

async function eventOf(db: Queryable, caseId: number, seq: number) {
  return (await db.query(`SELECT * FROM case_events WHERE case_id = $1 AND seq = $2`, [caseId, seq])).rows[0];
}

before(async () => {
  keyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gc-audit-'));
  key = loadOrCreateAuditKey(path.join(keyDir, 'keys', 'audit.key'));
  base = await testDb();
  await seedMiniDistrict(base.db);
  for (const name of ['A', 'B', 'C', 'D', 'E', 'F', 'G']) {
    cases[name] = await newCase(base.db);
    await step(base.db, cases[name]!);
    await step(base.db, cases[name]!);
  }
  assert.ok(await createCheckpoint(base.db, key, new Date(T0 + 3_600_000)));
  for (const id of Object.values(cases)) for (let i = 0; i < 2; i++) await step(base.db, id);
  // Numbers lost to rolled-back transactions: the only free global_seq values inside the covered range.
  gap = (await base.db.query(`SELECT nextval('case_events_global_seq') AS g FROM generate_series(1, 3)`)).rows.map((r) => (r as { g: number }).g);
  await step(base.db, cases.G!);
  assert.ok(await createCheckpoint(base.db, key, new Date(T0 + 7_200_000)));
  assert.equal(await createCheckpoint(base.db, key), null, 'nothing new: no checkpoint');
  await step(base.db, cases.G!);
  uncoveredSince = (await eventOf(base.db, cases.G!, 7)).at as Date;
  await step(base.db, cases.G!);
  exportedAfterBase = await exportCheckpoints(base.db);
  await base.db.end(); // a template must have no connections
});

after(async () => {
  await admin((c) => c.query(`DROP DATABASE IF EXISTS ${base.name} WITH (FORCE)`));
  fs.rmSync(keyDir, { recursive: true, force: true });
});

test('the key file is created once with mode 600 and read back the same', () => {
  const file = path.join(keyDir, 'keys', 'audit.key');
  assert.equal(fs.statSync(file).mode & 0o777, 0o600);
  const again = loadOrCreateAuditKey(file);
  assert.ok(again.id === key.id && /^[0-9a-f]{8}$/.test(key.id) && again.secret.equals(key.secret));
});

test('canonical form: key order does not matter, null differs from empty, at keeps milliseconds', () => {
  const e: ChainEvent = { caseId: 1, seq: 1, globalSeq: 9, type: 't', fromStatus: null, toStatus: 's', version: 1, actorId: null, actorRole: null, at: new Date(T0), requestId: null, clientIp: null, payload: { b: 1, a: { d: [1, { y: 2, x: 1 }], c: undefined } } };
  assert.equal(canonicalEvent(e), canonicalEvent({ ...e, payload: { a: { d: [1, { x: 1, y: 2 }] }, b: 1 } }));
  assert.match(canonicalEvent(e), /"2026-03-01T08:00:00\.123Z"/);
  assert.notEqual(hashEvent(GENESIS, e), hashEvent(GENESIS, { ...e, requestId: '' }));
  assert.notEqual(hashEvent(GENESIS, e), hashEvent('1'.repeat(64), e));
});

test('canonicalJson is JSON.stringify with sorted keys, and stable through a JSON round trip', () => {
  // Independent reference: an array replacer makes JSON.stringify emit keys in the array's order,
  // even integer-like ones that plain objects would always put first.
  const keysOf = (v: unknown, out: Set<string>): Set<string> => {
    if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) keysOf(x, out.add(k));
    return out;
  };
  // Request bodies never carry "__proto__" (Fastify rejects prototype poisoning), so neither do payloads.
  const payload = fc.jsonValue().filter((v) => !JSON.stringify(v).includes('"__proto__"'));
  fc.assert(fc.property(payload, (v) => {
    assert.equal(canonicalJson(v), JSON.stringify(v, [...keysOf(v, new Set())].sort()));
    assert.equal(canonicalJson(JSON.parse(canonicalJson(v))), canonicalJson(v));
  }), { numRuns: 500 });
});

test('the streaming Merkle root equals the level-by-level one for every size', () => {
  for (let n = 0; n <= 40; n++) {
    const leaves = Array.from({ length: n }, (_, i) => headLeaf(i + 1, i, String(i).repeat(64).slice(0, 64)));
    const m = merkleBuilder();
    for (const l of leaves) m.add(l);
    assert.equal(m.root(), merkleRootOfLeaves(leaves), `n = ${n}`);
  }
});

test('a clean database verifies; newer events are reported as the uncovered window', async () => {
  const r = await scenario(async () => {});
  assert.equal(r.ok, true, formatReport(r, 'en'));
  assert.deepEqual([r.checkedEvents, r.checkedCases, r.checkpoints], [7 * 5 + 3, 7, 2]);
  assert.deepEqual(r.uncovered, { events: 2, since: uncoveredSince });
  assert.equal(r.lastCheckpointAt?.getTime(), T0 + 7_200_000);
  assert.ok(r.coveredUpto !== null && r.coveredUpto > gap[2]!);
  assert.match(formatReport(r, 'zh-CN'), /审计记录完整[\s\S]*尚未被检查点覆盖：自 .* 起的 2 条事件/);
  assert.equal(exportedAfterBase.trim().split('\n').length, 2);
});

test('an edited payload is named: case, event seq and id', async () => {
  let id = 0;
  const r = await scenario(async (db) => {
    id = (await eventOf(db, cases.A!, 3)).id;
    await db.query(`UPDATE case_events SET payload = '{"z":2}' WHERE id = $1`, [id]);
  });
  assert.equal(r.problems.length, 1, formatReport(r, 'en'));
  assert.deepEqual([r.firstProblem?.kind, r.firstProblem?.caseId, r.firstProblem?.seq, r.firstProblem?.eventId], ['rowAltered', cases.A, 3, id]);
  assert.match(formatReport(r, 'en'), new RegExp(`case ${cases.A} event #3 \\(id ${id}\\) was altered`));
  assert.match(formatReport(r, 'zh-CN'), new RegExp(`案件 ${cases.A} 的第 3 条事件（id ${id}）被篡改`));
});

test('an edit re-hashed through the end of the chain is caught by the signed head', async () => {
  const r = await scenario(async (db) => {
    const rows = (await db.query(`SELECT * FROM case_events WHERE case_id = $1 ORDER BY seq`, [cases.A])).rows;
    let prev = GENESIS;
    for (const e of rows) {
      if (e.seq === 2) e.payload = { forged: true };
      const hash = hashEvent(prev, rowToChainEvent(e));
      await db.query(`UPDATE case_events SET payload = $2, prev_hash = $3, hash = $4 WHERE id = $1`, [e.id, JSON.stringify(e.payload), prev, hash]);
      prev = hash;
    }
  });
  assert.equal(r.ok, false);
  // Checkpoint 1 saw seq 3: the earliest signed head that no longer matches.
  assert.deepEqual([r.firstProblem?.kind, r.firstProblem?.caseId, r.firstProblem?.seq], ['headMismatch', cases.A, 3]);
});

test('a deleted middle event is named', async () => {
  const r = await scenario((db) => db.query(`DELETE FROM case_events WHERE case_id = $1 AND seq = 2`, [cases.B]));
  assert.equal(r.problems.length, 1, formatReport(r, 'en'));
  assert.deepEqual([r.firstProblem?.kind, r.firstProblem?.caseId, r.firstProblem?.fromSeq, r.firstProblem?.toSeq], ['rowRemoved', cases.B, 2, 2]);
  assert.match(formatReport(r, 'en'), new RegExp(`case ${cases.B}: event #2 was removed`));
});

test('a whole case deleted (row and events) is named', async () => {
  const r = await scenario(async (db) => {
    await db.query(`DELETE FROM case_events WHERE case_id = $1`, [cases.C]);
    await db.query(`DELETE FROM cases WHERE id = $1`, [cases.C]);
  });
  assert.equal(r.problems.length, 1, formatReport(r, 'en'));
  assert.deepEqual([r.firstProblem?.kind, r.firstProblem?.caseId], ['caseRemoved', cases.C]);
  assert.match(formatReport(r, 'en'), new RegExp(`case ${cases.C} was removed entirely`));
  assert.match(formatReport(r, 'zh-CN'), new RegExp(`案件 ${cases.C} 被整体删除`));
});

test('the newest events deleted and the case row set back to match are named', async () => {
  const r = await scenario(async (db) => {
    await db.query(`DELETE FROM case_events WHERE case_id = $1 AND seq > 3`, [cases.D]);
    await db.query(`UPDATE cases SET status = 'filed', version = 3 WHERE id = $1`, [cases.D]);
  });
  assert.equal(r.problems.length, 1, formatReport(r, 'en'));
  assert.deepEqual([r.firstProblem?.kind, r.firstProblem?.caseId, r.firstProblem?.seq, r.firstProblem?.toSeq], ['rowRemoved', cases.D, 3, 5]);
  assert.match(formatReport(r, 'en'), new RegExp(`case ${cases.D}: events after seq 3 were removed`));
});

test('a forged event numbered inside the covered range is "added out of order"', async () => {
  const r = await scenario(async (db) => {
    const last = await eventOf(db, cases.E!, 5);
    const forged: ChainEvent = { caseId: cases.E!, seq: 6, globalSeq: gap[1]!, type: 'case.closed', fromStatus: last.to_status, toStatus: 'closed', version: 6, actorId: null, actorRole: null, at: new Date(T0 + 1000), requestId: null, clientIp: null, payload: {} };
    await db.query(
      `INSERT INTO case_events (global_seq, case_id, seq, type, from_status, to_status, version, at, payload, prev_hash, hash) VALUES ($1, $2, 6, 'case.closed', $3, 'closed', 6, $4, '{}', $5, $6)`,
      [forged.globalSeq, cases.E, forged.fromStatus, forged.at, last.hash, hashEvent(last.hash, forged)],
    );
    await db.query(`UPDATE cases SET status = 'closed', version = 6 WHERE id = $1`, [cases.E]);
  });
  assert.equal(r.problems.length, 1, formatReport(r, 'en'));
  assert.deepEqual([r.firstProblem?.kind, r.firstProblem?.caseId, r.firstProblem?.seq, r.firstProblem?.globalSeq], ['rowsAddedOutOfOrder', cases.E, 6, gap[1]]);
});

test('a status changed without an event is named', async () => {
  const r = await scenario((db) => db.query(`UPDATE cases SET status = 'closed' WHERE id = $1`, [cases.F]));
  assert.equal(r.problems.length, 1, formatReport(r, 'en'));
  assert.deepEqual([r.firstProblem?.kind, r.firstProblem?.caseId, r.firstProblem?.found, r.firstProblem?.expected], ['caseStateMismatch', cases.F, 'closed v5', 'handling v5']);
});

test('a forged checkpoint root is named; the exported copy disagrees too', async () => {
  let cp = 0;
  const r = await scenario(async (db) => {
    cp = (await db.query(`SELECT max(id) AS id FROM audit_checkpoints`)).rows[0].id;
    await db.query(`UPDATE audit_checkpoints SET root = $2 WHERE id = $1`, [cp, '1'.repeat(64)]);
  }, { exported: exportedAfterBase });
  assert.deepEqual(r.problems.map((p) => [p.kind, p.reason, p.checkpointId]), [['checkpointInvalid', 'hmac', cp], ['checkpointInvalid', 'exportDiffers', cp]]);
  assert.match(formatReport(r, 'en'), new RegExp(`checkpoint #${cp}: the signature does not match`));
  assert.equal(r.checkpoints, 2);
  assert.ok(r.uncovered.events > 2, 'the forged checkpoint no longer covers anything');
});

test('deleting the newest checkpoint is only visible against the exported copy', async () => {
  const drop = async (db: Queryable) => {
    await db.query(`DELETE FROM audit_checkpoint_heads WHERE checkpoint_id = (SELECT max(id) FROM audit_checkpoints)`);
    await db.query(`DELETE FROM audit_checkpoints WHERE id = (SELECT max(id) FROM audit_checkpoints)`);
  };
  assert.equal((await scenario(drop)).ok, true);
  const r = await scenario(drop, { exported: exportedAfterBase });
  assert.deepEqual(r.problems.map((p) => p.reason), ['missing']);
});

test('20 parallel writers while checkpoints run: no false alarms; throughput', async (t) => {
  const c = await clone();
  try {
    const perWriter = Number(process.env.AUDIT_BENCH_PER_WRITER ?? 100);
    const ids = await Promise.all(Array.from({ length: 20 }, () => newCase(c.db)));
    let [writing, made, skipped] = [true, 0, 0];
    // Two checkpoint loops, as if two processes ran the job: at most one writes at a time.
    const loop = async () => {
      while (writing) {
        if (await createCheckpoint(c.db, key)) made++;
        else skipped++;
        await new Promise((r) => setTimeout(r, 5));
      }
    };
    const started = performance.now();
    const writers = ids.map(async (id) => {
      // Some transactions stay open after taking their number, long enough for a checkpoint to read
      // a horizon and collect its heads meanwhile: without the append lock that is a false alarm.
      const hold = (i: number) => (i % 10 === 5 ? 30 : i % 3 === 0 ? Math.random() * 4 : 0);
      for (let i = 0; i < perWriter; i++) await step(c.db, id, hold(i) ? () => new Promise((r) => setTimeout(r, hold(i))) : undefined);
    });
    const loops = [loop(), loop()];
    await Promise.all(writers);
    const appendMs = performance.now() - started;
    writing = false;
    await Promise.all(loops);
    const cpStart = performance.now();
    await createCheckpoint(c.db, key); // null if a loop's last checkpoint already covered everything
    const cpMs = performance.now() - cpStart;
    const r = await verifyAudit(c.db, key);
    assert.equal(r.ok, true, formatReport(r, 'en'));
    assert.equal(r.uncovered.events, 0);
    assert.ok(made >= 2, `checkpoints made: ${made}`);
    const n = ids.length * perWriter;
    t.diagnostic(`appends: ${n} in ${appendMs.toFixed(0)} ms (${((n / appendMs) * 1000).toFixed(0)}/s, 20 writers, 1/10 held open 30 ms, 1/3 up to 4 ms); checkpoints: ${made} made, ${skipped} skipped; last checkpoint ${cpMs.toFixed(1)} ms`);
    t.diagnostic(`verify: ${r.checkedEvents} events, ${r.checkedCases} cases, ${r.checkpoints} checkpoints in ${r.durationMs} ms (${((r.checkedEvents / Math.max(1, r.durationMs)) * 1000).toFixed(0)} events/s)`);
  } finally {
    await c.drop();
  }
});
