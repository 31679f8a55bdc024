import { inTransaction, type Tx } from '../../../db/pool.ts';
import { DomainError } from '../../../errors.ts';
import type { CaseSource } from '../../../../shared/cases/workflow.ts';
import type { Urgency } from '../../../../shared/org.ts';
import { appendCaseEvent } from '../../audit/audit-chain.ts';
import type { Actor } from '../../auth/auth.service.ts';
import type { GridIndexHolder } from '../../geo/grid-index.holder.ts';
import { enqueueNotifications } from '../case-notify.ts';
import { ensureNumberSequences, nextNumber, shanghaiYear } from '../case-numbers.ts';
import { getCaseById, type CaseRow } from '../case.queries.ts';
import { initialTransition } from '../case.workflow.ts';
import { applyStepOps, loadClockEnv } from '../step-clock.ts';
import { loadWorkflowSettings } from '../workflow-settings.ts';
import { assertPhotosExist } from '../../photos/photo.queries.ts';
import { loadCategoryRules } from '../category-rules.ts';
import { announce, handleLimitOf, type CommandContext } from './command-context.ts';

export interface ReportInput {
  source: CaseSource;
  categoryKind: 'component' | 'event';
  categoryCode: string;
  lng: number;
  lat: number;
  address?: string;
  description: string;
  /** Receiver or shift leader setting urgency at intake; anyone else's wish is recorded as a request. */
  urgency?: Urgency;
  reporterName?: string;
  reporterPhone?: string;
  photoIds?: string[];
  /** A supervisor who fixed it on the spot (自处理): the result, for the shift leader's light audit. */
  selfHandle?: { result: string; photoIds?: string[] };
}

const CHANNELS_BY_ROLE: Record<string, CaseSource[]> = {
  supervisor: ['supervisor'],
  receiver: ['citizen', 'hotline', 'video', 'media', 'leader'],
  shiftLeader: ['citizen', 'hotline', 'video', 'media', 'leader'],
  leader: ['leader'],
};

/**
 * `actor` null is a citizen reporting without an account (public intake): only the citizen channel.
 * `within` runs inside the report's transaction (e.g. the citizen's tracking link), so both commit or neither.
 */
export async function reportCase(
  ctx: CommandContext & { grids: GridIndexHolder },
  actor: Actor | null,
  input: ReportInput,
  within?: (tx: Tx, caseId: number) => Promise<void>,
): Promise<CaseRow> {
  const allowed = actor ? actor.roles.flatMap((r) => CHANNELS_BY_ROLE[r] ?? []) : ['citizen'];
  if (!allowed.includes(input.source)) throw new DomainError('CASE_REPORT_NOT_ALLOWED', { source: input.source });
  if (input.selfHandle && input.source !== 'supervisor') throw new DomainError('CASE_REPORT_NOT_ALLOWED', { source: `${input.source}/selfHandle` });
  const hit = ctx.grids.locate(input.lng, input.lat);
  if (!hit) throw new DomainError('GRID_NOT_FOUND_FOR_POINT', { lng: input.lng, lat: input.lat });
  // Staff report anywhere in the district(s) they work in; the grid decides who verifies and checks.
  if (actor && !actor.scopes.some((s) => hit.districtCode.startsWith(s.slice(0, 6)) || s.startsWith(hit.districtCode))) {
    throw new DomainError('GRID_NOT_FOUND_FOR_POINT', { lng: input.lng, lat: input.lat });
  }
  const category = await loadCategoryRules(ctx.db, input.categoryKind, input.categoryCode);
  if (!category || !category.active) throw new DomainError('CATEGORY_NOT_FOUND', { kind: input.categoryKind, code: input.categoryCode });
  // Photos are uploaded first (POST /api/photos); each id must name one. Checked before anything is written.
  await assertPhotosExist(ctx.db, [...(input.photoIds ?? []), ...(input.selfHandle?.photoIds ?? [])]);

  const mayDecideUrgency = !!actor && actor.roles.some((r) => r === 'receiver' || r === 'shiftLeader');
  const urgency: Urgency = mayDecideUrgency && input.urgency ? input.urgency : (category.urgency as Urgency);
  const urgencyRequested = !mayDecideUrgency && input.urgency === 'urgent' && urgency !== 'urgent';
  const now = ctx.now();
  const year = shanghaiYear(now);
  await ensureNumberSequences(ctx.db, hit.districtCode, year);
  const [settings, env] = await Promise.all([loadWorkflowSettings(ctx.db, hit.districtCode), loadClockEnv(ctx.db, hit.districtCode)]);
  const t = initialTransition(input.source, !!input.selfHandle, urgency);
  const photos = [
    ...(input.photoIds ?? []).map((id) => ({ role: 'before', id })),
    ...(input.selfHandle?.photoIds ?? []).map((id) => ({ role: 'after', id })),
  ];

  const id = await inTransaction(ctx.db, async (tx) => {
    const trackingNo = await nextNumber(tx, 'tracking', hit.districtCode, year);
    const { rows } = await tx.query(
      `INSERT INTO cases (district_code, tracking_no, source, reporter_user_id, reporter_name, reporter_phone, category_kind, category_code,
                          lng, lat, grid_code, community_code, street_code, address, description, urgency, urgency_requested, status,
                          self_handled, handling_result, photos, reported_at, updated_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$22) RETURNING id`,
      [hit.districtCode, trackingNo, input.source, actor?.userId ?? null, input.reporterName ?? null, input.reporterPhone ?? null,
        input.categoryKind, input.categoryCode, input.lng, input.lat, hit.code, hit.communityCode, hit.streetCode, input.address ?? '',
        input.description, urgency, urgencyRequested, t.to, !!input.selfHandle, input.selfHandle?.result ?? null, JSON.stringify(photos), now],
    );
    const caseId = rows[0].id as number;
    const caseRow = { id: caseId, gridCode: hit.code, urgency, leadUnitId: null, trackingNo };
    await applyStepOps(tx, t.steps, { caseRow, settings, handleLimit: handleLimitOf(category, settings), env, now, actorId: actor?.userId ?? null });
    const ev = await appendCaseEvent(tx, {
      caseId,
      type: t.eventType,
      fromStatus: null,
      toStatus: t.to,
      version: 1,
      actorId: actor?.userId ?? null,
      actorRole: actor ? primaryRole(actor, input.source) : 'citizen',
      at: now,
      requestId: ctx.meta.requestId,
      clientIp: ctx.meta.ip,
      payload: {
        source: input.source,
        category: `${input.categoryKind}:${input.categoryCode}`,
        grid: hit.code,
        urgency,
        ...(urgencyRequested ? { urgencyRequested: true } : {}),
        ...(photos.length ? { photos } : {}),
        ...(input.selfHandle ? { selfHandleResult: input.selfHandle.result } : {}),
      },
    });
    await enqueueNotifications(tx, caseRow, t.notify, { eventId: ev.id, eventType: t.eventType });
    await within?.(tx, caseId);
    return { caseId, eventId: ev.id };
  });
  announce(ctx, { caseId: id.caseId, eventId: id.eventId, type: t.eventType, status: t.to, version: 1 }, t.notify.length > 0);
  return (await getCaseById(ctx.db, id.caseId))!;
}

function primaryRole(actor: Actor, source: CaseSource): string {
  if (source === 'supervisor') return 'supervisor';
  return actor.roles.find((r) => r === 'receiver' || r === 'shiftLeader' || r === 'leader') ?? actor.roles[0] ?? 'unknown';
}
