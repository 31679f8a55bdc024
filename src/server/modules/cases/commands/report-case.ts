import { DomainError } from '../../../errors.ts';
import type { CaseSource } from '../../../../shared/cases/workflow.ts';
import type { Urgency } from '../../../../shared/org.ts';
import type { Actor } from '../../auth/actor.ts';
import type { GridIndexHolder } from '../../geo/grid-index.holder.ts';
import { shanghaiYear } from '../case-numbers.ts';
import type { CaseRow, EventRow, StepRow } from '../case.queries.ts';
import type { ReportCaseBody } from '../../../../shared/api/cases.ts';
import { reportSourcesOf } from '../../../../shared/api/vocabulary.ts';
import { worksInDistrict } from '../../../../shared/scope.ts';
import { initialTransition } from '../case.workflow.ts';
import { centreAssignee, loadClockEnv, planStart } from '../step-clock.ts';
import { loadWorkflowSettings } from '../workflow-settings.ts';
import { announcedOps } from '../case-notify.ts';
import { assertPhotosExist } from '../../photos/photo.queries.ts';
import { loadCategoryRules } from '../category-rules.ts';
import { announce, handleLimitOf, type CommandContext } from './command-context.ts';
import { IntakeWriter } from './intake-writer.ts';
import type { IdempotencyClaim } from '../../idempotency/idempotency.ts';
import type { DuplicateCandidate } from '../case.duplicates.ts';

/** A report as the API takes it (shared/api/cases.ts); public intake maps the citizen's form onto it. */
export type ReportInput = ReportCaseBody;

export interface ReportedCase {
  case: CaseRow;
  steps: StepRow[];
  events: EventRow[];
  /** Possible duplicates before visibility (case.duplicates.ts visibleDuplicates decides per viewer). */
  duplicateCandidates: DuplicateCandidate[];
}

/**
 * `actor` null is a citizen reporting without an account (public intake): only the citizen channel.
 * `trackerDigest` (a citizen's private tracking token, digested) is stored in the same transaction.
 * Checks and deadlines are worked out here; the write is a group commit (intake-writer.ts).
 */
export async function reportCase(
  ctx: CommandContext & { grids: GridIndexHolder },
  actor: Actor | null,
  input: ReportInput,
  opts: { trackerDigest?: string; idempotency?: IdempotencyClaim & { secret?: string } } = {},
): Promise<ReportedCase> {
  const allowed = actor ? reportSourcesOf(actor.roles) : ['citizen'];
  if (!allowed.includes(input.source)) throw new DomainError('CASE_REPORT_NOT_ALLOWED', { source: input.source });
  if (input.selfHandle && input.source !== 'supervisor') throw new DomainError('CASE_REPORT_NOT_ALLOWED', { source: `${input.source}/selfHandle` });
  const hit = ctx.grids.locate(input.lng, input.lat);
  if (!hit) throw new DomainError('GRID_NOT_FOUND_FOR_POINT', { lng: input.lng, lat: input.lat });
  // Staff report anywhere in the district(s) they work in; the grid decides who verifies and checks.
  if (actor && !worksInDistrict(actor.scopes, hit.districtCode)) {
    throw new DomainError('GRID_NOT_FOUND_FOR_POINT', { lng: input.lng, lat: input.lat });
  }
  const caches = ctx.state?.settings;
  const category = await loadCategoryRules(ctx.db, input.categoryKind, input.categoryCode, caches);
  if (!category || !category.active) throw new DomainError('CATEGORY_NOT_FOUND', { kind: input.categoryKind, code: input.categoryCode });
  // Fixed on the spot is reported handled: the category's after-photo rule holds as it does for `handle`.
  if (input.selfHandle && category.requires_after_photo && !input.selfHandle.photoIds?.length) throw new DomainError('CASE_AFTER_PHOTO_REQUIRED');
  // Photos are uploaded first (POST /api/photos); each id must name one. Checked before anything is written.
  await assertPhotosExist(ctx.db, [...(input.photoIds ?? []), ...(input.selfHandle?.photoIds ?? [])]);

  const mayDecideUrgency = !!actor && actor.roles.some((r) => r === 'receiver' || r === 'shiftLeader');
  const urgency: Urgency = mayDecideUrgency && input.urgency ? input.urgency : (category.urgency as Urgency);
  const urgencyRequested = !mayDecideUrgency && input.urgency === 'urgent' && urgency !== 'urgent';
  const now = ctx.now();
  const [settings, env] = await Promise.all([loadWorkflowSettings(ctx.db, hit.districtCode, caches), loadClockEnv(ctx.db, hit.districtCode, caches)]);
  const t = initialTransition(input.source, !!input.selfHandle, urgency);
  const photos = [
    ...(input.photoIds ?? []).map((id) => ({ role: 'before', id })),
    ...(input.selfHandle?.photoIds ?? []).map((id) => ({ role: 'after', id })),
  ];
  const stepCtx = { settings, handleLimit: handleLimitOf(category, settings), env, now };
  const steps = t.steps.map((op) => {
    // A new case's first step is always a centre's (receiver or shift leader): no one to look up.
    const a = op.op === 'start' ? centreAssignee(op.party, env) : null;
    if (op.op !== 'start' || !a) throw new Error(`a report can only start a centre's step, not ${JSON.stringify(op)}`);
    return planStart(op.step, a, urgency, stepCtx);
  });

  // Without an app (a script), a writer of its own: the report is written at once, alone.
  const written = await (ctx.state?.intake ?? new IntakeWriter(ctx.db)).submit({
    districtCode: hit.districtCode,
    year: shanghaiYear(now),
    row: {
      source: input.source, reporterUserId: actor?.userId ?? null, reporterName: input.reporterName ?? null, reporterPhone: input.reporterPhone ?? null,
      categoryKind: input.categoryKind, categoryCode: input.categoryCode, categoryName: category.name, lng: input.lng, lat: input.lat, gridCode: hit.code,
      communityCode: hit.communityCode, streetCode: hit.streetCode, address: input.address ?? '', description: input.description, urgency,
      urgencyRequested, status: t.to, selfHandled: !!input.selfHandle, handlingResult: input.selfHandle?.result ?? null,
      publicReply: input.selfHandle?.publicReply ?? null, photos, reportedAt: now,
    },
    steps,
    event: {
      type: t.eventType,
      toStatus: t.to,
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
    },
    actorName: actor?.displayName ?? null,
    notify: announcedOps(t.notify, urgency, settings),
    trackerDigest: opts.trackerDigest,
    idempotency: opts.idempotency,
  });
  announce(ctx, { caseId: written.case.id, eventId: written.events[0]!.id, type: t.eventType, status: t.to, version: 1 }, written.jobsQueued, written.inbox);
  return { case: written.case, steps: written.steps, events: written.events, duplicateCandidates: written.duplicateCandidates };
}

function primaryRole(actor: Actor, source: CaseSource): string {
  if (source === 'supervisor') return 'supervisor';
  return actor.roles.find((r) => r === 'receiver' || r === 'shiftLeader' || r === 'leader') ?? actor.roles[0] ?? 'unknown';
}
