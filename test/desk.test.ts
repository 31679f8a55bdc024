/**
 * The handling units' desk: a unit leader (单位负责人) gives a case to one member of the unit, after which only that
 * member and the unit's leaders act on it; everyone else is refused with a code that says why. And the unit's
 * overview counts what falls due today, what is overdue and what was handled this week, on time or late.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { deskPeriods } from '../src/server/modules/cases/desk.queries.ts';
import { testApp, type TestApp } from './support/app.ts';
import { driver, type Driver } from './support/driver.ts';
import { photoId } from './support/factories.ts';

let t: TestApp;
let drive: Driver;
const ids: Record<string, number> = {};

/** A user of the mini district: a copy of `like`'s password, with the given role and unit. */
async function addUser(username: string, role: string, unitId: number, unitLead = false): Promise<number> {
  const { rows } = await t.db.query(
    `INSERT INTO users (username, display_name, unit_id, unit_lead, password_hash) SELECT $1, $2, $3, $4, password_hash FROM users WHERE username = 'handler' RETURNING id`,
    [username, `测试${username}`, unitId, unitLead],
  );
  await t.db.query(`INSERT INTO user_roles (user_id, role) VALUES ($1, $2)`, [rows[0].id, role]);
  await t.db.query(`INSERT INTO user_scopes (user_id, scope_code) VALUES ($1, '410104001')`, [rows[0].id]);
  return rows[0].id as number;
}

before(async () => {
  t = await testApp();
  drive = driver(t);
  const u = t.district.unitIds;
  ids.lead = await addUser('lead1', 'handler', u.streetOffice, true);
  ids.member = await addUser('member2', 'handler', u.streetOffice);
  ids.squadLead = await addUser('squadlead', 'officer', u.squad, true);
  ids.handler = t.district.users.handler!.id;
  ids.officer = t.district.users.officer!.id;
});
after(async () => t.close());

const assign = (who: string, caseId: number, userId: number | null, version: number) =>
  drive.call(who, { method: 'POST', url: `/api/cases/${caseId}/assign`, payload: { userId, version } });

test('the unit leader gives a case to a member: only they and the leader may act on it, the others of the unit no longer', async () => {
  const c = await drive.caseAt('dispatched');
  const seenByLead = await drive.get('lead1', c.id);
  assert.equal(seenByLead.canAssign, true);
  assert.equal(seenByLead.assigneeUserId, null);
  assert.equal((await drive.get('handler', c.id)).canAssign, false, 'a plain member may not assign');

  const res = await assign('lead1', c.id, ids.member!, c.version);
  assert.equal(res.statusCode, 200, res.body);
  const given = res.json();
  assert.equal(given.assigneeUserId, ids.member);
  assert.equal(given.version, c.version + 1);
  const ev = given.timeline.at(-1);
  assert.equal(ev.type, 'case.assigned');
  assert.equal(ev.actorId, ids.lead);
  assert.deepEqual([ev.payload.userId, ev.payload.userName], [ids.member, '测试member2']);
  assert.ok(given.steps.filter((s: { step: string; endedAt: string | null }) => !s.endedAt && ['accept', 'handle'].includes(s.step)).every((s: { assigneeUserIds: number[] }) => s.assigneeUserIds.join() === String(ids.member)));

  // The colleague who had it before sees it, but may no longer accept it.
  const other = await drive.get('handler', c.id);
  assert.deepEqual(other.allowedActions, []);
  const refused = await drive.raw.act('handler', c.id, 'accept');
  assert.equal(refused.statusCode, 403, refused.body);
  assert.ok((await drive.get('member2', c.id)).allowedActions.includes('accept'));
  assert.ok((await drive.get('lead1', c.id)).allowedActions.includes('accept'), 'the unit leader acts on all the unit’s work');

  // The queue follows the policy: the member has it, the colleague not, the leader does.
  const queued = async (who: string) => {
    const q = await drive.call(who, { method: 'GET', url: '/api/cases/queue?step=accept&limit=200' });
    return (q.json().items as { case: { id: number } }[]).some((i) => i.case.id === c.id);
  };
  assert.deepEqual([await queued('member2'), await queued('handler'), await queued('lead1')], [true, false, true]);

  // "Mine" in the case list.
  const mine = await drive.call('member2', { method: 'GET', url: `/api/cases?unit=${t.district.unitIds.streetOffice}&mine=true&limit=500` });
  assert.ok((mine.json().items as { id: number }[]).some((x) => x.id === c.id));
  const notMine = await drive.call('handler', { method: 'GET', url: `/api/cases?unit=${t.district.unitIds.streetOffice}&mine=true&limit=500` });
  assert.ok(!(notMine.json().items as { id: number }[]).some((x) => x.id === c.id));

  // The member was told.
  const inbox = await t.db.query(`SELECT count(*)::int AS n FROM jobs WHERE kind = 'notify' AND payload->>'eventType' = 'case.assigned' AND payload->'userIds' @> $1::jsonb`, [JSON.stringify([ids.member])]);
  assert.equal(inbox.rows[0].n, 1);

  // The member accepts; the handling step stays theirs. Back to the whole unit, and the colleague may act again.
  const accepted = await drive.act('member2', c.id, 'accept');
  assert.equal(accepted.status, 'handling');
  assert.equal(accepted.assigneeUserId, ids.member);
  const back = await assign('lead1', c.id, null, accepted.version);
  assert.equal(back.statusCode, 200, back.body);
  assert.equal(back.json().assigneeUserId, null);
  assert.ok((await drive.get('handler', c.id)).allowedActions.includes('handle'));
});

test('assignment is refused to non-leaders, other units’ leaders, targets outside the unit, stale versions and cases with no unit step', async () => {
  const c = await drive.caseAt('dispatched');
  const code = (r: { statusCode: number; json(): { error: { code: string } } }) => [r.statusCode, r.json().error.code];

  assert.deepEqual(code(await assign('handler', c.id, ids.member!, c.version)), [403, 'CASE_ASSIGN_NOT_LEAD'], 'a plain member');
  // The squad's leader cannot even see a case the street office has: 404, as for any case out of sight.
  assert.deepEqual(code(await assign('squadlead', c.id, ids.officer!, c.version)), [404, 'CASE_NOT_FOUND'], 'another unit’s leader');
  assert.deepEqual(code(await assign('dispatcher', c.id, ids.member!, c.version)), [403, 'CASE_ASSIGN_NOT_LEAD'], 'the dispatcher');

  const notMember = await assign('lead1', c.id, ids.officer!, c.version);
  assert.deepEqual(code(notMember), [422, 'CASE_ASSIGNEE_INVALID']);
  assert.match(notMember.json().error.message, /不是本单位人员/);
  assert.deepEqual(code(await assign('lead1', c.id, 999_999, c.version)), [422, 'CASE_ASSIGNEE_INVALID'], 'no such user');
  const receiver = t.district.users.receiver!.id;
  assert.deepEqual(code(await assign('lead1', c.id, receiver, c.version)), [422, 'CASE_ASSIGNEE_INVALID'], 'a centre user');
  await t.db.query(`UPDATE users SET disabled_at = now() WHERE id = $1`, [ids.member]);
  try {
    assert.match((await assign('lead1', c.id, ids.member!, c.version)).json().error.message, /账号已停用/);
  } finally {
    await t.db.query(`UPDATE users SET disabled_at = NULL WHERE id = $1`, [ids.member]);
  }
  assert.deepEqual(code(await assign('lead1', c.id, ids.member!, c.version - 1)), [409, 'CASE_VERSION_CONFLICT'], 'a stale version');
  const unchanged = await drive.get('lead1', c.id);
  assert.deepEqual([unchanged.version, unchanged.assigneeUserId], [c.version, null], 'nothing refused changed the case');

  const done = await drive.caseAt('pendingCheck');
  const late = await assign('lead1', done.id, ids.member!, done.version);
  assert.deepEqual(code(late), [409, 'CASE_ASSIGN_NOT_OPEN']);
  assert.equal((await drive.get('lead1', done.id)).canAssign, false);
  const en = await drive.call('handler', { method: 'POST', url: `/api/cases/${c.id}/assign`, payload: { userId: ids.member, version: c.version }, headers: { 'accept-language': 'en' } });
  assert.equal(en.json().error.message, 'Only a leader of the case\'s lead unit may assign it');
});

test('rework goes back to the member the case was given to', async () => {
  const c = await drive.caseAt('handling');
  const given = (await assign('lead1', c.id, ids.member!, c.version)).json();
  await drive.act('member2', c.id, 'handle', { result: '已清理', photoIds: [photoId('driver-after')] });
  await drive.act('receiver', c.id, 'sendToCheck');
  const failed = await drive.act('supervisor', c.id, 'check', { passed: false, note: '未清理干净' });
  assert.equal(failed.status, 'handling');
  assert.equal(failed.assigneeUserId, ids.member);
  assert.ok(given.version < failed.version);
  assert.deepEqual((await drive.get('handler', c.id)).allowedActions, []);
});

test('the desk overview counts the unit’s day and week, the whole unit and what was given to the caller', async () => {
  const summary = async (who: string) => {
    const r = await drive.call(who, { method: 'GET', url: '/api/desk/summary' });
    assert.equal(r.statusCode, 200, r.body);
    return r.json();
  };
  const before = await summary('member2');
  assert.equal(before.unit.id, t.district.unitIds.streetOffice);
  assert.equal(before.unitLead, false);
  assert.equal((await summary('lead1')).unitLead, true);

  // One case handled on time this week by member2, one accepted and overdue, one due later today.
  const a = await drive.caseAt('handling');
  await assign('lead1', a.id, ids.member!, a.version);
  await drive.act('member2', a.id, 'handle', { result: '已处置', photoIds: [photoId('driver-after')] });
  const b = await drive.caseAt('dispatched');
  await t.db.query(`UPDATE case_steps SET due_at = now() - interval '1 hour' WHERE case_id = $1 AND ended_at IS NULL`, [b.id]);
  const c = await drive.caseAt('handling');
  const { dayEnd } = deskPeriods(new Date());
  const soon = new Date(Math.min(Date.now() + 60_000 * 30, dayEnd.getTime() - 1000));
  await t.db.query(`UPDATE case_steps SET due_at = $2 WHERE case_id = $1 AND ended_at IS NULL`, [c.id, soon]);

  const after = await summary('member2');
  const d = (k: string) => after.unitCounts[k] - before.unitCounts[k];
  assert.equal(d('handledThisWeek'), 1);
  assert.equal(d('handledOnTime'), 1);
  assert.equal(d('handledLate'), 0);
  assert.equal(d('overdue'), 1);
  assert.equal(d('dueToday'), soon.getTime() > Date.now() ? 1 : 0);
  assert.equal(d('dispatched'), 1);
  assert.equal(d('handling'), 1);
  assert.equal(after.mine.handledThisWeek - before.mine.handledThisWeek, 1, 'member2 handled it');
  assert.equal(after.mine.overdue - before.mine.overdue, 0, 'the overdue case is not theirs');
  const handlerMine = (await summary('handler')).mine;
  assert.equal(handlerMine.handledThisWeek, 0);

  // Only a handling unit has a desk.
  const r = await drive.call('dispatcher', { method: 'GET', url: '/api/desk/summary' });
  assert.equal(r.statusCode, 403);
  const members = await drive.call('lead1', { method: 'GET', url: '/api/desk/members' });
  const names = (members.json().items as { id: number; unitLead: boolean }[]);
  assert.deepEqual(names.map((m) => m.id).sort(), [ids.handler, ids.lead, ids.member].sort());
  assert.equal(names[0]!.id, ids.lead, 'leaders first');
});

test('the ISO week starts on Monday 00:00 in Shanghai and the day ends at midnight there', () => {
  // Wednesday 2026-12-02 10:00 Shanghai = 02:00 UTC.
  const p = deskPeriods(new Date('2026-12-02T02:00:00Z'));
  assert.equal(p.weekStart.toISOString(), '2026-11-29T16:00:00.000Z');
  assert.equal(p.dayEnd.toISOString(), '2026-12-02T16:00:00.000Z');
  // Monday 00:30 Shanghai is Sunday 16:30 UTC: already the new week.
  assert.equal(deskPeriods(new Date('2026-11-29T16:30:00Z')).weekStart.toISOString(), '2026-11-29T16:00:00.000Z');
  // Sunday 23:30 Shanghai belongs to the week that began six days before.
  assert.equal(deskPeriods(new Date('2026-12-06T15:30:00Z')).weekStart.toISOString(), '2026-11-29T16:00:00.000Z');
});

test('an admin makes a member the unit’s leader; a leader needs a unit and a handling role', async () => {
  const ok = await drive.call('admin', { method: 'PATCH', url: '/api/users/member2', payload: { unitLead: true } });
  assert.equal(ok.statusCode, 200, ok.body);
  assert.equal(ok.json().unitLead, true);
  const me = await drive.call('member2', { method: 'GET', url: '/api/auth/session' });
  assert.equal(me.json().user.unitLead, true);
  const back = await drive.call('admin', { method: 'PATCH', url: '/api/users/member2', payload: { unitLead: false } });
  assert.equal(back.json().unitLead, false);
  const bad = await drive.call('admin', { method: 'PATCH', url: '/api/users/receiver', payload: { unitLead: true } });
  assert.equal(bad.statusCode, 422);
  assert.equal(bad.json().error.code, 'UNIT_LEAD_INVALID');
  const byHandler = await drive.call('lead1', { method: 'PATCH', url: '/api/users/member2', payload: { unitLead: true } });
  assert.equal(byHandler.statusCode, 403);
});
