import assert from 'node:assert/strict';
import { test } from 'node:test';
import { announcedOps } from './case-notify.ts';
import type { NotifyOp } from './case.workflow.ts';

const ops: NotifyOp[] = [
  { kind: 'newTask', to: 'receiver' },
  { kind: 'newTask', to: 'shiftLeader' },
  { kind: 'newTask', to: 'dispatcher' },
  { kind: 'newTask', to: 'gridSupervisor' },
  { kind: 'newTask', to: 'leadUnit' },
  { kind: 'emergency', to: 'leaders' },
  { kind: 'returned', to: 'dispatcher' },
];

test('by default a centre pool hears only of urgent new tasks; named parties and other kinds always go out', () => {
  assert.deepEqual(announcedOps(ops, 'normal', { poolNewTasks: 'urgent' }), [
    { kind: 'newTask', to: 'gridSupervisor' },
    { kind: 'newTask', to: 'leadUnit' },
    { kind: 'emergency', to: 'leaders' },
    { kind: 'returned', to: 'dispatcher' },
  ]);
  assert.deepEqual(announcedOps(ops, 'urgent', { poolNewTasks: 'urgent' }), ops);
});

test("'all' announces every new task", () => {
  assert.deepEqual(announcedOps(ops, 'normal', { poolNewTasks: 'all' }), ops);
});
