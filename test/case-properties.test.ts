/**
 * Properties of the case loop on real PostgreSQL: random sequences of actions over HTTP by random
 * signed-in users of the mini district, with a steppable clock, then SQL invariants over the
 * events (version = count = max(seq), chained statuses and hashes), the step clocks and the status;
 * illegal attempts must change nothing. And ten identical concurrent requests: one wins.
 *
 * Reproduce a failure with GC_FC_SEED=<seed printed in the report>.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { CASE_ACTIONS, FINAL_STATUSES, type CaseAction, type CaseStatus } from '../src/shared/cases/workflow.ts';
import { caseInvariantViolations } from './support/case-invariants.ts';
import { call, testApp, type Session, type TestApp } from './support/app.ts';
import { driver, type Driver } from './support/driver.ts';
import { photoId, seedPhotos } from './support/factories.ts';

let t: TestApp;
let drive: Driver;
let clock = new Date('2026-03-02T08:30:00+08:00'); // a Monday
const s: Record<string, Session> = {};
const USERS = ['receiver', 'shiftleader', 'dispatcher', 'supervisor', 'supervisor2', 'handler', 'officer', 'leader', 'admin', 'auditor'] as const;
type User = (typeof USERS)[number];
const GRID1_POINT = { lng: 113.7005, lat: 34.7035 }; // 410104001001001: supervisor's grid, street 001 (handler, officer)
const GRID2_POINT = { lng: 113.7045, lat: 34.7035 }; // 410104002001001: supervisor2's grid, street 002

before(async () => {
  t = await testApp({}, { now: () => clock });
  drive = driver(t);
  await seedPhotos(t.db, ['v', 'after', 'c', 'self']);
  for (const u of USERS) s[u] = await drive.session(u);
});
after(async () => t.close());

/** Who is likely to have something to do in each status (the "legal" half of the walk asks them). */
const LIKELY: Record<CaseStatus, User[]> = {
  reported: ['receiver'],
  verifying: ['supervisor', 'supervisor2', 'receiver'],
  pendingFiling: ['shiftleader', 'receiver'],
  voidPending: ['shiftleader'],
  pendingDispatch: ['dispatcher', 'receiver'],
  dispatched: ['handler', 'officer', 'dispatcher'],
  handling: ['handler', 'officer', 'leader'],
  extensionRequested: ['dispatcher', 'handler', 'officer'],
  returnRequested: ['dispatcher'],
  shelveRequested: ['dispatcher'],
  shelved: ['dispatcher'],
  pendingCheck: ['receiver'],
  checking: ['supervisor', 'supervisor2'],
  pendingCallback: ['receiver'],
  pendingClose: ['shiftleader'],
  selfHandled: ['shiftleader'],
  closed: ['receiver'],
  voided: ['shiftleader'],
  notTrue: ['receiver'],
  merged: ['receiver'],
};

/** Actions that leave the main path or keep the status. */
const SIDE_ACTIONS: CaseAction[] = ['urge', 'setUrgency', 'proposeVoid', 'merge'];

const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });

/** A body for an action: mostly valid, sometimes breaking a data guard (photo, unit, satisfaction, merge target). */
function bodyArb(action: CaseAction, caseId: number, otherIds: number[]): fc.Arbitrary<Record<string, unknown>> {
  const u = t.district.unitIds;
  switch (action) {
    case 'verify': return fc.record({ isTrue: fc.constantFrom(true, true, true, false), photoIds: maybe(fc.constant([photoId('v')])) });
    case 'file': return fc.record({ urgency: maybe(fc.constantFrom('normal', 'urgent')) });
    case 'proposeVoid': case 'requestReturn': case 'requestShelve': case 'rejectSelfHandle': return fc.record({ reason: fc.constant('原因说明') });
    case 'dispatch': return fc.record({
      leadUnitId: fc.constantFrom(u.streetOffice, u.streetOffice, u.squad, u.squad, u.sanitation, 999_999),
      coUnitIds: maybe(fc.subarray([u.streetOffice, u.squad, u.sanitation])),
    });
    case 'handle': return fc.record({ result: fc.constant('已处理完毕'), photoIds: fc.option(fc.constant([photoId('after')]), { nil: undefined, freq: 4 }) });
    case 'requestExtension': return fc.record({ amount: fc.integer({ min: 1, max: 16 }), unit: fc.constantFrom('hours', 'days'), reason: fc.constant('需协调') });
    case 'check': return fc.record({ passed: fc.constantFrom(true, true, false), photoIds: maybe(fc.constant([photoId('c')])) });
    case 'recordCallback': return fc.record({ reached: fc.boolean(), satisfaction: fc.option(fc.constantFrom('satisfied', 'basicallySatisfied', 'unsatisfied'), { nil: undefined, freq: 5 }) });
    case 'urge': return fc.record({ note: fc.constant('请尽快处理') });
    case 'setUrgency': return fc.record({ urgency: fc.constantFrom('normal', 'urgent') });
    case 'merge': return fc.record({ originalId: fc.constantFrom(caseId, ...otherIds) });
    default: return fc.record({ note: maybe(fc.constant('备注')) });
  }
}

/** Everything an action could touch, compared exactly before and after a refused attempt. */
async function fingerprint(): Promise<string> {
  const { rows } = await t.db.query(`
    SELECT (SELECT md5(coalesce(string_agg(c::text, '|' ORDER BY id), '')) FROM cases c) AS cases,
           (SELECT md5(coalesce(string_agg(e::text, '|' ORDER BY id), '')) FROM case_events e) AS events,
           (SELECT md5(coalesce(string_agg(x::text, '|' ORDER BY id), '')) FROM case_steps x) AS steps,
           (SELECT count(*) FROM jobs) AS jobs`);
  return JSON.stringify(rows[0]);
}

async function caseRow(id: number): Promise<{ status: CaseStatus; version: number }> {
  const { rows } = await t.db.query(`SELECT status, version FROM cases WHERE id = $1`, [id]);
  return rows[0];
}


const SEED = process.env.GC_FC_SEED ? Number(process.env.GC_FC_SEED) : Math.floor(Math.random() * 2 ** 31);

test('random action sequences over HTTP keep events, steps and status consistent', async (tt) => {
  tt.diagnostic(`fast-check seed ${SEED} (GC_FC_SEED=${SEED} to replay)`);
  const caseIds: number[] = [];
  const tally = { ok: 0, refused: 0, byCode: new Map<number, number>(), statuses: new Set<string>() };

  const stepArb = fc.record({
    legal: fc.boolean(),
    user: fc.nat(),
    action: fc.nat(),
    minutes: fc.oneof(fc.integer({ min: 0, max: 90 }), fc.integer({ min: 0, max: 24 * 60 })),
  });
  const reportArb = fc.record({
    kind: fc.constantFrom('supervisor', 'selfHandle', 'citizen', 'hotline'),
    grid2: fc.boolean(),
    urgent: fc.constantFrom(false, false, true),
  });

  await fc.assert(
    fc.asyncProperty(reportArb, fc.array(stepArb, { minLength: 10, maxLength: 40 }), fc.gen(), async (rep, steps, g) => {
      const log: string[] = [];
      try {
        // The report.
        const who: User = rep.kind === 'supervisor' || rep.kind === 'selfHandle' ? (rep.grid2 ? 'supervisor2' : 'supervisor') : 'receiver';
        const body: Record<string, unknown> = {
          source: rep.kind === 'selfHandle' ? 'supervisor' : rep.kind,
          categoryKind: 'event',
          categoryCode: '06010',
          ...(rep.grid2 ? GRID2_POINT : GRID1_POINT),
          description: '随机路径测试',
          ...(rep.kind === 'citizen' ? { reporterPhone: '13812345678' } : {}),
          ...(rep.kind === 'selfHandle' ? { selfHandle: { result: '已当场处理', photoIds: [photoId('self')] } } : {}),
          ...(rep.urgent ? { urgency: 'urgent' } : {}),
        };
        const created = await drive.report(who, body);
        const id = created.id;
        const others = [...caseIds.slice(-3)];
        caseIds.push(id);
        log.push(`${who} reports ${JSON.stringify(rep)} → #${id} ${created.status}`);

        tally.statuses.add(created.status);
        let triesWhenFinal = 0;
        for (const st of steps) {
          clock = new Date(clock.getTime() + st.minutes * 60_000);
          const cur = await caseRow(id);
          // A final case gets a few (refused) attempts, then the walk ends.
          if (FINAL_STATUSES.includes(cur.status) && ++triesWhenFinal > 4) break;
          let user: User;
          let action: CaseAction;
          let fromAllowed = false;
          if (st.legal) {
            // Ask the likely actors in turn (from a random one) until someone is offered something.
            const likely = LIKELY[cur.status];
            let allowed: CaseAction[] = [];
            user = likely[st.user % likely.length]!;
            for (let k = 0; k < likely.length && !allowed.length; k++) {
              user = likely[(st.user + k) % likely.length]!;
              const seen = await drive.raw.get(user, id);
              allowed = seen.statusCode === 200 ? seen.json().allowedActions : [];
            }
            fromAllowed = allowed.length > 0;
            // Mostly something that moves the case on, so that walks get deep into the loop.
            const onward = allowed.filter((a) => !SIDE_ACTIONS.includes(a));
            const pool = onward.length && st.action % 5 !== 0 ? onward : allowed;
            action = fromAllowed ? pool[Math.floor(st.action / 5) % pool.length]! : CASE_ACTIONS[st.action % CASE_ACTIONS.length]!;
          } else {
            user = USERS[st.user % USERS.length]!;
            action = CASE_ACTIONS[st.action % CASE_ACTIONS.length]!;
          }
          const payload = { version: cur.version, ...g(bodyArb, action, id, others) };
          const before = await fingerprint();
          const res = await call(t.app, s[user]!, { method: 'POST', url: `/api/cases/${id}/${action}`, payload });
          const code = res.statusCode;
          tally.byCode.set(code, (tally.byCode.get(code) ?? 0) + 1);
          const entry = `+${st.minutes}m ${user} ${action}${fromAllowed ? '*' : ''} ${JSON.stringify(payload)} in ${cur.status} → ${code}`;
          log.push(entry);
          const after = await caseRow(id);
          if (code === 200) {
            tally.ok++;
            assert.equal(after.version, cur.version + 1, 'a successful action bumps the version by one');
            assert.equal(res.json().version, after.version);
            assert.equal(res.json().status, after.status);
            tally.statuses.add(after.status);
            log.push(`  → ${after.status} v${after.version}`);
          } else {
            tally.refused++;
            assert.ok([400, 403, 404, 409, 422].includes(code), `unexpected ${code}: ${res.body}`);
            // An action the API itself offered may still fail a data guard (photo, unit, limit, merge target, satisfaction)
            // but never for status, role, visibility or version.
            if (fromAllowed) assert.ok(code === 400 || code === 422, `offered in allowedActions but refused with ${code}: ${res.body}`);
            assert.deepEqual(after, cur, 'a refused attempt changed the case');
            assert.equal(await fingerprint(), before, 'a refused attempt changed cases, events, steps or jobs');
            log.push(`  ✗ ${res.json().error?.code ?? code}`);
          }
        }
        assert.deepEqual(await caseInvariantViolations(t.db), []);
      } catch (err) {
        throw new Error(`${err instanceof Error ? err.message : String(err)}\n  walk:\n    ${log.join('\n    ')}`, { cause: err });
      }
    }),
    { seed: SEED, numRuns: Number(process.env.GC_FC_RUNS ?? 30), endOnFailure: true, includeErrorInReport: true },
  );
  tt.diagnostic(`${caseIds.length} cases, ${tally.ok} actions done, ${tally.refused} refused ${JSON.stringify([...tally.byCode])}; statuses reached: ${[...tally.statuses].sort().join(', ')}`);
  assert.ok(tally.ok > 50, 'the walks hardly moved: the property proves little');
});

test('ten identical concurrent requests with one version: exactly one 200, nine 409, one new event', async () => {
  const { id } = await drive.report('supervisor', { source: 'supervisor', categoryKind: 'event', categoryCode: '06010', ...GRID1_POINT, description: '并发测试' });
  // A status-changing action (only the version can stop the losers once they read the case) and a
  // status-keeping one (urge: the state check can never stop them, only compare-and-set).
  for (const [who, action, body] of [['shiftleader', 'file', {}], ['leader', 'urge', { note: '督办' }]] as const) {
    const { version } = await caseRow(id);
    const { rows: [{ n: eventsBefore }] } = await t.db.query(`SELECT count(*)::int AS n FROM case_events WHERE case_id = $1`, [id]);
    const results = await Promise.all(
      Array.from({ length: 10 }, () => call(t.app, s[who]!, { method: 'POST', url: `/api/cases/${id}/${action}`, payload: { version, ...body } })),
    );
    const codes = results.map((r) => r.statusCode).sort();
    assert.deepEqual(codes, [200, ...Array(9).fill(409)], `${action}: ${results.map((r) => r.body.slice(0, 120)).join('\n')}`);
    for (const r of results.filter((x) => x.statusCode === 409)) assert.equal(r.json().error.code, 'CASE_VERSION_CONFLICT');
    const { rows: [{ n: eventsAfter }] } = await t.db.query(`SELECT count(*)::int AS n FROM case_events WHERE case_id = $1`, [id]);
    assert.equal(eventsAfter, eventsBefore + 1, `${action}: exactly one new event`);
    assert.equal((await caseRow(id)).version, version + 1);
  }
  const { rows } = await t.db.query(`SELECT urge_count, case_no IS NOT NULL AS filed FROM cases WHERE id = $1`, [id]);
  assert.deepEqual(rows[0], { urge_count: 1, filed: true });
  assert.deepEqual(await caseInvariantViolations(t.db), []);
});
