/** Two dispatchers dispatch the same case at once: one wins; the other is told clearly and sees the case as it now is. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiAs, BASE_URL, makeUser, newContext, signIn } from './support.ts';
import { common as zhCommon } from '../../src/web/common/i18n/zh-CN/common.ts';

test('two dispatchers race: one dispatch, one clear conflict', async () => {
  const second = await makeUser({ roles: ['dispatcher'], prefix: 'race' });
  const dispatcher = await apiAs('dispatcher');
  const queue = await dispatcher.get<{ items: Array<{ case: { id: number; status: string } }> }>('/api/cases/queue?step=dispatch&limit=5');
  const id = queue.items[0]!.case.id;
  const [a, b] = [await signIn(await newContext(), 'dispatcher'), await signIn(await newContext(), second.username, { password: second.password })];
  for (const p of [a, b]) {
    await p.goto(`${BASE_URL}/cases/${id}`);
    await p.locator('[data-action="dispatch"]').click();
    await p.getByTestId('action-submit').waitFor();
  }
  await a.getByTestId('action-submit').click();
  await a.getByTestId('action-submit').waitFor({ state: 'detached', timeout: 15_000 });
  // The loser is told, either by the 409 (the conflict dialog) or, when the live stream was quicker than
  // the click, by the form itself saying the case changed under it and the action is no longer open.
  await b.getByTestId('action-submit').click();
  await b.getByText(zhCommon.conflictTitle, { exact: true }).or(b.getByTestId('case-changed')).last().waitFor({ timeout: 15_000 });
  const now = await dispatcher.get<{ status: string; leadUnitId: number | null }>(`/api/cases/${id}`);
  assert.notEqual(now.status, 'pendingDispatch');
  assert.ok(now.leadUnitId);
  // The loser's page shows the case as it now is: no dispatch button any more.
  await b.getByRole('button', { name: /查看最新状态/ }).click().catch(() => b.keyboard.press('Escape'));
  await b.locator('[data-action="dispatch"]').waitFor({ state: 'detached', timeout: 15_000 });
});
