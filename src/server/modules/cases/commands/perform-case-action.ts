/**
 * Every case action after the report goes through here: load what the actor may see, check the
 * per-record policy, let applyTransition decide, then write the state change (compare-and-set on
 * `version`), the step clocks, the hash-chained event and the notification jobs in one transaction.
 */
import { inTransaction, type Tx } from '../../../db/pool.ts';
import { DomainError } from '../../../errors.ts';
import { TRANSITIONS } from '../../../../shared/cases/workflow.ts';
import { appendCaseEvent } from '../../audit/audit-chain.ts';
import type { Actor } from '../../auth/actor.ts';
import { recordSecurityEvent } from '../../security/security-log.ts';
import { announcedOps, enqueueNotifications } from '../case-notify.ts';
import { ensureNumberSequences, nextNumber, shanghaiYear } from '../case-numbers.ts';
import { canAct } from '../case.policy.ts';
import { assertNotOwnRequest } from './request-author.ts';
import { getCaseById, getVisibleCase, listSteps, type CaseRow, type StepRow } from '../case.queries.ts';
import type { Role } from '../../../../shared/roles.ts';
import { applyTransition, type ActionInput } from '../case.workflow.ts';
import { applyStepOps, loadClockEnv } from '../step-clock.ts';
import { loadWorkflowSettings } from '../workflow-settings.ts';
import { assertPhotosExist } from '../../photos/photo.queries.ts';
import { claimKey } from '../../idempotency/idempotency.ts';
import { loadCategoryRules } from '../category-rules.ts';
import { assertMergeable } from '../merge-rules.ts';
import { announce, handleLimitOf, type CommandContext } from './command-context.ts';

export async function performCaseAction(ctx: CommandContext, actor: Actor, caseId: number, expectedVersion: number, input: ActionInput): Promise<CaseRow> {
  const { db } = ctx;
  const c = await getVisibleCase(db, actor, caseId);
  if (c.version !== expectedVersion) throw new DomainError('CASE_VERSION_CONFLICT', { current: c.version });
  const open = await listSteps(db, caseId, true);
  if (!canAct(actor, input.action, c, open)) {
    if (!TRANSITIONS[input.action].from.includes(c.status)) throw new DomainError('CASE_TRANSITION_NOT_ALLOWED', { action: input.action, status: c.status });
    await recordSecurityEvent(db, { kind: 'permission.denied', userId: actor.userId, username: actor.username, ip: ctx.meta.ip, requestId: ctx.meta.requestId, detail: { caseId, action: input.action } });
    throw new DomainError('FORBIDDEN');
  }
  await assertNotOwnRequest(db, actor, c, input.action);
  await checkReferences(ctx, actor, c, input);

  return executeTransition(ctx, { userId: actor.userId, roles: actor.roles, eventRole: null }, c, open, input);
}

/** Who a transition is recorded as: a signed-in user, or a citizen acting through their private link. */
export interface Principal {
  userId: number | null;
  roles: readonly Role[];
  /** The role written to the event when it is not one of `roles` (e.g. 'citizen'). */
  eventRole: string | null;
}

/** Applies an authorised transition: callers have checked visibility and policy. */
export async function executeTransition(ctx: CommandContext, by: Principal, c: CaseRow, open: StepRow[], input: ActionInput): Promise<CaseRow> {
  const { db } = ctx;
  const [settings, env, category] = await Promise.all([
    loadWorkflowSettings(db, c.districtCode, ctx.state?.settings),
    loadClockEnv(db, c.districtCode, ctx.state?.settings),
    loadCategoryRules(db, c.categoryKind, c.categoryCode, ctx.state?.settings).then((r) => r!),
  ]);
  const t = applyTransition(c, input, by.roles, {
    settings,
    requiresAfterPhoto: !!category.requires_after_photo,
    openSteps: open.map((s) => s.step),
    pendingExtension: input.action === 'approveExtension' ? await pendingExtension(ctx, c.id) : undefined,
  });
  const next = { ...c, ...t.patch, status: t.to };
  const notify = announcedOps(t.notify, next.urgency, settings);
  const now = ctx.now();
  if (input.action === 'file') await ensureNumberSequences(db, c.districtCode, shanghaiYear(now));

  const ev = await inTransaction(db, async (tx) => {
    // First the key: a concurrent twin waits here for this transaction, then answers with its outcome.
    if (ctx.idempotency) await claimKey(tx, ctx.idempotency, c.id, now);
    // A merge writes to two cases: lock both rows up front, lowest id first, so no append waits mid-way.
    if (input.action === 'merge') await tx.query(`SELECT id FROM cases WHERE id = ANY($1) ORDER BY id FOR UPDATE`, [[c.id, input.originalId]]);
    const extra = await extraColumns(tx, c, input, now);
    const { rowCount } = await tx.query(
      `UPDATE cases SET status = $3, prior_status = $4, lead_unit_id = $5, co_unit_ids = $6, urgency = $7, extension_count = $8,
              rework_count = $9, urge_count = $10, case_no = COALESCE($11, case_no), filed_at = COALESCE($12, filed_at),
              closed_at = COALESCE($13, closed_at), merged_into_id = COALESCE($14, merged_into_id), citizen_rating = COALESCE($15, citizen_rating),
              handling_result = COALESCE($16, handling_result), photos = photos || $17::jsonb, version = version + 1, updated_at = $18,
              public_reply = COALESCE($19, public_reply),
              -- Made urgent again: a new alarm, which someone must acknowledge afresh.
              alert_acknowledged_at = CASE WHEN $7 = 'urgent' AND urgency <> 'urgent' THEN NULL ELSE alert_acknowledged_at END,
              alert_acknowledged_by = CASE WHEN $7 = 'urgent' AND urgency <> 'urgent' THEN NULL ELSE alert_acknowledged_by END
        WHERE id = $1 AND version = $2`,
      [c.id, c.version, next.status, next.priorStatus, next.leadUnitId, next.coUnitIds, next.urgency, next.extensionCount, next.reworkCount,
        next.urgeCount, extra.caseNo, extra.filedAt, extra.closedAt, extra.mergedIntoId, extra.rating, extra.result, JSON.stringify(extra.photos), now,
        extra.publicReply],
    );
    // Someone else moved the case since we read it: one wins, the other gets a 409 — never a double transition.
    if (!rowCount) throw new DomainError('CASE_VERSION_CONFLICT', { current: c.version + 1 });
    await applyStepOps(tx, t.steps, {
      caseRow: { id: c.id, gridCode: c.gridCode, urgency: next.urgency, leadUnitId: next.leadUnitId },
      settings,
      handleLimit: handleLimitOf(category, settings),
      env,
      now,
      actorId: by.userId,
    });
    await tx.query(
      `UPDATE cases SET handling_due_at = (SELECT due_at FROM case_steps WHERE case_id = $1 AND step = 'handle' ORDER BY id DESC LIMIT 1) WHERE id = $1`,
      [c.id],
    );
    const ev = await appendCaseEvent(tx, {
      caseId: c.id,
      type: t.eventType,
      fromStatus: c.status,
      toStatus: t.to,
      version: c.version + 1,
      actorId: by.userId,
      actorRole: by.eventRole ?? TRANSITIONS[input.action].roles.find((r) => by.roles.includes(r)) ?? null,
      at: now,
      requestId: ctx.meta.requestId,
      clientIp: ctx.meta.ip,
      payload: eventPayload(input, extra.caseNo),
    });
    await enqueueNotifications(tx, { ...c, leadUnitId: next.leadUnitId, urgency: next.urgency }, notify, { eventId: ev.id, eventType: t.eventType });
    if (input.action === 'merge') await recordMergeOnOriginal(tx, ctx, by.userId, input.originalId, c, now);
    return ev;
  });
  announce(ctx, { caseId: c.id, eventId: ev.id, type: t.eventType, status: t.to, version: c.version + 1 }, notify.length > 0);
  return (await getCaseById(db, c.id))!;
}

function eventPayload(input: ActionInput, caseNo: string | null): Record<string, unknown> {
  const { action: _action, ...rest } = input;
  return { ...rest, ...(caseNo ? { caseNo } : {}) };
}

async function extraColumns(tx: Tx, c: CaseRow, input: ActionInput, now: Date) {
  const photos: { role: string; id: string }[] = [];
  const role = input.action === 'handle' ? 'after' : input.action === 'check' ? 'check' : input.action === 'verify' ? 'verify' : null;
  if (role && 'photoIds' in input) for (const id of input.photoIds ?? []) photos.push({ role, id });
  return {
    caseNo: input.action === 'file' ? await nextNumber(tx, 'case', c.districtCode, shanghaiYear(now)) : null,
    filedAt: input.action === 'file' ? now : null,
    closedAt: input.action === 'close' ? now : null,
    mergedIntoId: input.action === 'merge' ? input.originalId : null,
    rating: input.action === 'recordCallback' ? (input.reached ? (input.satisfaction ?? null) : 'unreachable') : null,
    result: input.action === 'handle' ? input.result : null,
    publicReply: input.action === 'handle' ? (input.publicReply ?? null) : null,
    photos,
  };
}

async function checkReferences(ctx: CommandContext, actor: Actor, c: CaseRow, input: ActionInput): Promise<void> {
  if ('photoIds' in input && input.photoIds?.length) await assertPhotosExist(ctx.db, input.photoIds);
  if (input.action === 'dispatch') await assertDispatchable(ctx, c.districtCode, input.leadUnitId, input.coUnitIds ?? []);
  if (input.action === 'merge') {
    if (input.originalId === c.id) throw new DomainError('CASE_MERGE_INVALID', { reason: 'sameCase' });
    const original = await getVisibleCase(ctx.db, actor, input.originalId).catch(() => null);
    if (!original) throw new DomainError('CASE_MERGE_INVALID', { reason: 'notFound' });
    assertMergeable(c, original, await loadWorkflowSettings(ctx.db, c.districtCode, ctx.state?.settings), !!input.override);
  }
}

/**
 * A case goes only to handling units of its district: never to the supervision or command centre (they would
 * hold it with no step to work it from), and its lead unit must have an active member to act (co-handling
 * units are told and counted, not asked to act). The first unit that fails is named with the reason.
 */
async function assertDispatchable(ctx: CommandContext, districtCode: string, leadUnitId: number, coUnitIds: number[]): Promise<void> {
  const unitIds = [leadUnitId, ...coUnitIds];
  const { rows } = await ctx.db.query<{ id: number; type: string; members: number }>(
    `SELECT u.id, u.type, (SELECT count(*)::int FROM users m WHERE m.unit_id = u.id AND m.disabled_at IS NULL) AS members
       FROM units u WHERE u.id = ANY($1) AND u.district_code = $2 AND u.active`,
    [unitIds, districtCode],
  );
  const byId = new Map(rows.map((r) => [Number(r.id), r]));
  for (const id of unitIds) {
    const u = byId.get(id);
    if (!u) throw new DomainError('CASE_UNIT_INVALID', { unit: id, reason: 'notFound' });
    if (u.type === 'supervisionCenter' || u.type === 'commandCenter') throw new DomainError('CASE_UNIT_INVALID', { unit: id, reason: 'centre' });
    if (id === leadUnitId && u.members === 0) throw new DomainError('CASE_UNIT_INVALID', { unit: id, reason: 'noMembers' });
  }
}

async function pendingExtension(ctx: CommandContext, caseId: number): Promise<{ amount: number; unit: 'hours' | 'days' } | undefined> {
  const { rows } = await ctx.db.query(`SELECT payload FROM case_events WHERE case_id = $1 AND type = 'case.extensionRequested' ORDER BY seq DESC LIMIT 1`, [caseId]);
  const p = rows[0]?.payload as { amount?: number; unit?: 'hours' | 'days' } | undefined;
  return p?.amount && p.unit ? { amount: p.amount, unit: p.unit } : undefined;
}

/** The original records the duplicate in its own timeline (its reporter will follow the original). */
async function recordMergeOnOriginal(tx: Tx, ctx: CommandContext, userId: number | null, originalId: number, duplicate: CaseRow, now: Date): Promise<void> {
  const { rows } = await tx.query(`UPDATE cases SET version = version + 1, updated_at = $2 WHERE id = $1 RETURNING version, status`, [originalId, now]);
  const o = rows[0];
  await appendCaseEvent(tx, {
    caseId: originalId,
    type: 'case.duplicateMerged',
    fromStatus: o.status,
    toStatus: o.status,
    version: o.version,
    actorId: userId,
    actorRole: 'receiver',
    at: now,
    requestId: ctx.meta.requestId,
    clientIp: ctx.meta.ip,
    payload: { duplicateId: duplicate.id, duplicateTrackingNo: duplicate.trackingNo },
  });
}

