/**
 * Live, without a reload: a report made elsewhere reaches an open workbench; an urgent one raises the
 * emergency alarm in every centre desk, and one desk's acknowledgement (recorded by the server) silences it
 * in the others.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { apiAs, newContext, problemsOf, signIn, waitForContent } from './support.ts';

interface CaseRow {
  id: number;
  trackingNo: string;
  category: { kind: string; code: string };
  location: { lng: number; lat: number };
  alert: { active: boolean; acknowledgedBy: string | null } | null;
}

const alarmRow = (p: Page, id: number) => p.getByTestId('emergency-alarm').locator(`li[data-case-id="${id}"]`);

test('a new report reaches an open workbench, and an emergency alarm is acknowledged once for all desks', async () => {
  const receiver = await apiAs('receiver');
  const sample = (await receiver.get<{ items: CaseRow[] }>('/api/cases?limit=1&source=hotline')).items[0]!;
  const report = (urgency: 'normal' | 'urgent', description: string) =>
    receiver.post<CaseRow>('/api/cases', { source: 'hotline', categoryKind: sample.category.kind, categoryCode: sample.category.code, lng: sample.location.lng, lat: sample.location.lat, description, urgency });

  const receiverPage = await signIn(await newContext(), 'receiver');
  const shiftPage = await signIn(await newContext(), 'shiftleader');
  for (const p of [receiverPage, shiftPage]) await waitForContent(p);
  // Emergencies already sounding in the demo are set aside so the new one is seen arriving.
  const before = await receiver.get<{ total: number }>('/api/cases/alerts');

  const ordinary = await report('normal', '实时测试：普通来电');
  await receiverPage.getByText(ordinary.trackingNo).first().waitFor({ timeout: 20_000 });

  // A receiver's "urgent" is a request; the shift leader makes it urgent (the alarm sounds from then on).
  let urgent = await report('urgent', '实时测试：燃气井盖缺失，有行人跌落危险');
  const shiftLeader = await apiAs('shiftleader');
  if ((urgent as unknown as { urgency: string }).urgency !== 'urgent') {
    const cur = await shiftLeader.get<CaseRow & { version: number }>(`/api/cases/${urgent.id}`);
    urgent = await shiftLeader.post<CaseRow>(`/api/cases/${urgent.id}/setUrgency`, { urgency: 'urgent', note: '确认紧急', version: cur.version });
  }
  for (const p of [receiverPage, shiftPage]) {
    await p.getByTestId('emergency-alarm').waitFor({ timeout: 20_000 });
    await alarmRow(p, urgent.id).waitFor({ timeout: 20_000 });
  }
  await alarmRow(receiverPage, urgent.id).getByTestId('alarm-acknowledge').click();
  // The other desk stops sounding for it without doing anything.
  await alarmRow(shiftPage, urgent.id).waitFor({ state: 'detached', timeout: 20_000 });
  await alarmRow(receiverPage, urgent.id).waitFor({ state: 'detached', timeout: 20_000 });

  const acknowledged = await receiver.get<CaseRow>(`/api/cases/${urgent.id}`);
  assert.equal(acknowledged.alert?.active, false);
  assert.equal(acknowledged.alert?.acknowledgedBy, receiver.me.displayName, 'the acknowledgement is recorded with who made it');
  assert.equal((await receiver.get<{ total: number }>('/api/cases/alerts')).total, before.total, 'only the new one was acknowledged');
  for (const p of [receiverPage, shiftPage]) assert.deepEqual(problemsOf(p).csp, []);
});
