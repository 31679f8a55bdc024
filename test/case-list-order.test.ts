/**
 * The case list's two orders, page by page, against the order written as one SQL ORDER BY: newest first,
 * and by deadline (the earliest open step's due_at, ties by id, cases without an open step last by id).
 * The list reads these in pieces (a capped id prefix; all the matches ordered when they are few, else
 * open steps walked in deadline order, then the rest), so every page boundary, the hand-over between
 * the parts and the total are checked here, over HTTP and with a cap of 2 that sends 7 rows the long way.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Actor } from '../src/server/modules/auth/actor.ts';
import { searchCases } from '../src/server/modules/cases/search/case-list.query.ts';
import { call, testApp, type Session, type TestApp } from './support/app.ts';
import { driver, type Driver } from './support/driver.ts';

let t: TestApp;
let drive: Driver;
let clock = new Date('2026-03-02T09:00:00+08:00');
let receiver: Session;

async function page(query: string) {
  const res = await call(t.app, receiver, { method: 'GET', url: `/api/cases?${query}` });
  assert.equal(res.statusCode, 200, res.body);
  return res.json() as { items: Array<{ id: number }>; total: number; totalExact: boolean };
}

before(async () => {
  t = await testApp({}, { now: () => clock });
  drive = driver(t);
  receiver = await drive.session('receiver');
  for (let i = 0; i < 7; i++) {
    clock = new Date(clock.getTime() + 60_000);
    await drive.report('receiver', { description: `路边有暴露垃圾 ${i}`, urgency: i === 3 ? 'urgent' : 'normal' });
  }
  const { rows } = await t.db.query<{ id: number }>(`SELECT id FROM cases ORDER BY id`);
  const [a, b, c, d] = rows.map((r) => r.id);
  // Two cases without an open step (they sort last, by id); one with two open steps, the later one's
  // deadline first in time order of writing; two cases on the same deadline (ties by id).
  await t.db.query(`UPDATE case_steps SET ended_at = started_at + interval '1 minute' WHERE case_id = ANY($1::bigint[])`, [[a, c]]);
  await t.db.query(
    `INSERT INTO case_steps (case_id, step, assignee_role, clock_type, limit_amount, limit_unit, started_at, due_at)
     SELECT case_id, 'callback', 'receiver', clock_type, 1, 'hours', started_at, started_at - interval '1 day' FROM case_steps WHERE case_id = $1`,
    [b],
  );
  await t.db.query(`UPDATE case_steps SET due_at = (SELECT min(due_at) FROM case_steps WHERE case_id = $1) WHERE case_id = $2 AND ended_at IS NULL`, [b, d]);
});
after(async () => t.close());

function receiverActor(): Actor {
  const u = t.district.users.receiver!;
  return { userId: u.id, username: 'receiver', displayName: 'receiver', unitId: null, unitLead: false, roles: ['receiver'], permissions: new Set(), scopes: ['410104'], via: 'session', passwordExpired: false };
}

async function expected(order: string): Promise<number[]> {
  const { rows } = await t.db.query<{ id: number }>(`SELECT c.id FROM cases c ORDER BY ${order}`);
  return rows.map((r) => r.id);
}

for (const [sort, order] of [
  ['reportedAt', 'c.reported_at DESC, c.id DESC'],
  ['dueAt', '(SELECT min(s.due_at) FROM case_steps s WHERE s.case_id = c.id AND s.ended_at IS NULL) ASC NULLS LAST, c.id'],
] as const) {
  test(`sort=${sort}: every page is the slice of one ORDER BY, and the total counts them all`, async () => {
    const all = await expected(order);
    assert.equal(all.length, 7);
    for (const limit of [1, 2, 3, 7]) {
      for (let offset = 0; offset <= all.length; offset++) {
        const r = await page(`sort=${sort}&limit=${limit}&offset=${offset}`);
        assert.deepEqual(r.items.map((c) => c.id), all.slice(offset, offset + limit), `limit ${limit} offset ${offset}`);
        assert.deepEqual([r.total, r.totalExact], [7, true]);
        const capped = await searchCases(t.db, receiverActor(), { sort, limit, offset }, clock, 2);
        assert.deepEqual(capped.items.map((c) => c.id), all.slice(offset, offset + limit), `cap 2: limit ${limit} offset ${offset}`);
        assert.deepEqual([capped.total, capped.totalExact], [2, false]);
      }
    }
  });
}
