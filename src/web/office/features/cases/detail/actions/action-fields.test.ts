import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ACTION_BODIES } from '../../../../../../shared/api/cases.ts';
import { CASE_ACTIONS } from '../../../../../../shared/cases/workflow.ts';
import { ACTION_ORDER, cleanValues, FIELD_ORDER, fieldsOf, orderActions, validate } from './action-fields.ts';

test('every field of every action body has an input (a new field in the contract fails here, not silently in the form)', () => {
  for (const action of CASE_ACTIONS) {
    const missing = Object.keys(ACTION_BODIES[action].shape).filter((k) => !(FIELD_ORDER as readonly string[]).includes(k));
    assert.deepEqual(missing, [], `${action} has fields without an input`);
  }
});

test('every action has a place among the buttons', () => {
  assert.deepEqual([...CASE_ACTIONS].sort(), [...ACTION_ORDER].sort());
});

test('required and optional fields are read from the contract', () => {
  assert.deepEqual(fieldsOf('requestExtension').map((f) => [f.name, f.required]), [['amount', true], ['unit', true], ['reason', true]]);
  assert.deepEqual(fieldsOf('urge').map((f) => [f.name, f.required, f.max]), [['note', true, 2000]]);
  assert.deepEqual(fieldsOf('dispatch').map((f) => [f.name, f.required]), [['leadUnitId', true], ['coUnitIds', false], ['note', false]]);
});

test('the primary button is the step that moves the case along, never a side action or a refusal', () => {
  assert.equal(orderActions(['urge', 'dispatch']).primary, 'dispatch');
  assert.equal(orderActions(['proposeVoid', 'setUrgency', 'merge', 'sendToVerify']).primary, 'sendToVerify');
  assert.equal(orderActions(['denyExtension', 'approveExtension']).primary, 'approveExtension');
  assert.equal(orderActions(['urge', 'setUrgency']).primary, null);
  assert.deepEqual(orderActions(['urge', 'setUrgency']).rest, ['urge', 'setUrgency']);
});

test('empty inputs are left out, text is trimmed, and satisfaction goes only with a reached citizen', () => {
  assert.deepEqual(cleanValues({ note: '  ', reason: ' 不属于本单位 ', coUnitIds: [], leadUnitId: 3 }), { reason: '不属于本单位', leadUnitId: 3 });
  assert.deepEqual(cleanValues({ reached: false, satisfaction: 'satisfied' }), { reached: false });
});

test('the form is validated by the contract, in the user’s language, by field', () => {
  const r = validate('requestReturn', {}, 'zh-CN');
  assert.equal(r.ok, false);
  if (!r.ok) assert.deepEqual(r.errors.map((e) => e.name), [['reason']]);
  assert.deepEqual(validate('urge', { note: '请尽快处置' }, 'en'), { ok: true, data: { note: '请尽快处置' } });
});
