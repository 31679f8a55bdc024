import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Role } from '../../../shared/roles.ts';
import { isAssignedTo, pickOpenStep } from './open-step.ts';

type S = Parameters<typeof pickOpenStep>[1][number] & { step: string };
let nextId = 1;
const step = (step: string, role: string, due: string, o: { unitId?: number; userIds?: number[]; suspended?: boolean; ended?: boolean } = {}): S => ({
  id: nextId++, step, assigneeRole: role, assigneeUnitId: o.unitId ?? null, assigneeUserIds: o.userIds ?? [], dueAt: new Date(due),
  suspendedAt: o.suspended ? new Date('2026-03-02T08:00+08:00') : null, endedAt: o.ended ? new Date('2026-03-02T08:30+08:00') : null,
});
const actor = (roles: Role[], unitId: number | null = null, userId = 7) => ({ userId, unitId, roles });

const accept = step('accept', 'handlingUnit', '2026-03-02T10:00+08:00', { unitId: 3 });
const handle = step('handle', 'handlingUnit', '2026-03-03T09:00+08:00', { unitId: 3 });
const handleSuspended = step('handle', 'handlingUnit', '2026-03-03T09:00+08:00', { unitId: 3, suspended: true });
const decide = step('approveRequest', 'dispatcher', '2026-03-02T12:00+08:00');
const verify = step('verify', 'supervisor', '2026-03-02T11:00+08:00', { userIds: [7, 8] });
const ended = step('dispatch', 'dispatcher', '2026-03-02T09:00+08:00', { ended: true });

describe('isAssignedTo (the queue’s rule on one step)', () => {
  const rows: [string, ReturnType<typeof actor>, S, boolean][] = [
    ['centre role by role', actor(['dispatcher']), decide, true],
    ['another centre role', actor(['receiver']), decide, false],
    ['supervisor named on the step', actor(['supervisor']), verify, true],
    ['supervisor not named', actor(['supervisor'], null, 9), verify, false],
    ['named but without the supervisor role', actor(['leader']), verify, false],
    ['handler of the unit', actor(['handler'], 3), handle, true],
    ['officer of the unit', actor(['officer'], 3), handle, true],
    ['handler of another unit', actor(['handler'], 4), handle, false],
    ['leader', actor(['leader']), handle, false],
  ];
  for (const [label, a, s, expected] of rows) it(label, () => assert.equal(isAssignedTo(a, s), expected));
});

describe('pickOpenStep', () => {
  const rows: [string, ReturnType<typeof actor>, S[], S | null][] = [
    ['none open', actor(['dispatcher']), [], null],
    ['only ended steps', actor(['dispatcher']), [ended], null],
    ['the unit signs first: earliest of its own', actor(['handler'], 3), [handle, accept, ended], accept],
    ['own running step before an earlier one of someone else', actor(['handler'], 3), [decide, handle], handle],
    ['the dispatcher’s decision for the dispatcher', actor(['dispatcher']), [handle, decide], decide],
    ['own suspended step before someone else’s running one', actor(['handler'], 3), [handleSuspended, decide], handleSuspended],
    ['not the actor’s: a running step before a suspended one', actor(['leader']), [handleSuspended, decide], decide],
    ['not the actor’s: the earliest deadline', actor(['leader']), [handle, verify, accept], accept],
  ];
  for (const [label, a, steps, expected] of rows) it(label, () => assert.equal(pickOpenStep(a, steps), expected));
});
