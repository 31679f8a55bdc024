/**
 * Citizens report without an account (DOMAIN §4): a tracking number and a private link to follow the
 * case and rate the result. The public view shows progress only — no staff names, units or notes (PIPL).
 */
import { randomBytes } from 'node:crypto';
import type { Queryable } from '../../db/pool.ts';
import { DomainError } from '../../errors.ts';
import type { CaseStatus } from '../../../shared/cases/workflow.ts';
import { digest } from '../auth/auth.service.ts';

/** Categories a citizen picks from: the events the admin marked public (by default the common 城管 problems, category.defaults.ts). */
export async function listPublicCategories(db: Queryable): Promise<Array<{ code: string; name: string }>> {
  const { rows } = await db.query<{ code: string; name: string }>(`SELECT code, name FROM categories WHERE kind = 'event' AND active AND is_public ORDER BY code`);
  return rows;
}

export async function trackingNoOf(db: Queryable, caseId: number): Promise<string> {
  const { rows } = await db.query<{ tracking_no: string }>(`SELECT tracking_no FROM cases WHERE id = $1`, [caseId]);
  if (!rows[0]) throw new DomainError('CASE_NOT_FOUND', { id: caseId });
  return rows[0].tracking_no;
}

export function newTrackingToken(): string {
  return randomBytes(24).toString('base64url');
}

/** What is stored of a private tracking token (the token itself is only ever in the citizen's link). */
export function trackerDigest(token: string): string {
  return digest(token);
}

/** Public wording of each event: what a citizen should learn, nothing internal. */
const PUBLIC_STEPS: Record<string, string> = {
  'case.reported': '已受理您的反映',
  'case.sentToVerify': '已安排监督员现场核实',
  'case.verified': '现场核实属实',
  'case.notTrue': '现场核实未发现所反映的问题，本次反映不予立案',
  'case.filed': '已立案',
  'case.dispatched': '已派遣至处置单位',
  'case.accepted': '处置单位已接收',
  'case.extensionApproved': '处置时限已依规延长',
  'case.shelved': '问题需统筹解决，已列入挂账台账',
  'case.resumed': '已恢复处置',
  'case.handled': '处置单位已反馈处置结果',
  'case.checkPassed': '现场核查通过',
  'case.checkFailed': '现场核查未通过，已要求重新处置',
  'case.callbackRecorded': '已完成回访评价',
  'case.callbackUnsatisfied': '根据评价，已要求重新处置',
  'case.closed': '已办结',
  'case.voided': '经审核，本次反映不予立案',
  'case.merged': '您反映的问题已有他人反映，合并办理，后续进度同步显示',
};

const PUBLIC_STATUS: Partial<Record<CaseStatus, string>> = {
  reported: '已受理',
  verifying: '核实中',
  pendingFiling: '核实中',
  voidPending: '审核中',
  pendingDispatch: '待派遣',
  dispatched: '处置中',
  handling: '处置中',
  extensionRequested: '处置中',
  returnRequested: '重新派遣中',
  shelveRequested: '处置中',
  shelved: '已挂账',
  pendingCheck: '待核查',
  checking: '核查中',
  pendingCallback: '待评价',
  pendingClose: '待结案',
  selfHandled: '已处理',
  closed: '已办结',
  voided: '不予立案',
  notTrue: '核实不属实',
  merged: '合并办理',
};

export interface PublicCaseView {
  trackingNo: string;
  status: string;
  statusCode: CaseStatus;
  category: string;
  address: string;
  description: string;
  reportedAt: Date;
  closedAt: Date | null;
  /** Set when this report was merged into another: from then on the timeline and status are the original's. */
  mergedInto: string | null;
  timeline: { at: Date; text: string }[];
  /** The handling unit's reply for the public (公开答复). */
  publicReply: string | null;
  /** Photos of the result, without metadata, at `url` (this link's own path). */
  photos: { url: string }[];
  canRate: boolean;
  rating: string | null;
}

export async function caseIdForToken(db: Queryable, token: string): Promise<number> {
  if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) throw new DomainError('CASE_NOT_FOUND', { id: '—' });
  const { rows } = await db.query<{ case_id: number }>(`SELECT case_id FROM case_trackers WHERE token_hash = $1`, [digest(token)]);
  if (!rows[0]) throw new DomainError('CASE_NOT_FOUND', { id: '—' });
  return rows[0].case_id;
}

interface PublicRow {
  id: number;
  tracking_no: string;
  status: CaseStatus;
  category: string;
  address: string;
  description: string;
  reported_at: Date;
  closed_at: Date | null;
  citizen_rating: string | null;
  public_reply: string | null;
  merged_into_id: number | null;
  photos: { role: string; id: string }[];
}

async function publicRows(db: Queryable, ids: number[]): Promise<Map<number, PublicRow>> {
  const { rows } = await db.query<PublicRow>(
    `SELECT c.id, c.tracking_no, c.status, cat.name AS category, c.address, c.description, c.reported_at, c.closed_at, c.citizen_rating,
            c.public_reply, c.merged_into_id, c.photos
       FROM cases c JOIN categories cat ON cat.kind = c.category_kind AND cat.code = c.category_code WHERE c.id = ANY($1::bigint[])`,
    [ids],
  );
  return new Map(rows.map((r) => [Number(r.id), r]));
}

/** The case a tracking link follows: its own, or once merged, the original it was merged into. */
async function followed(db: Queryable, token: string): Promise<{ own: PublicRow; shown: PublicRow }> {
  const ownId = await caseIdForToken(db, token);
  const first = await publicRows(db, [ownId]);
  const own = first.get(ownId)!;
  const shown = own.merged_into_id ? ((await publicRows(db, [own.merged_into_id])).get(Number(own.merged_into_id)) ?? own) : own;
  return { own, shown };
}

/**
 * What a citizen's link shows. Once a report is merged, its reporter follows the original: their own events
 * up to the merge, then the original's from then on (its other reporters' merges not shown), the original's
 * status, public reply and result photos — but always their own report's text and place.
 */
export async function publicCaseView(db: Queryable, token: string): Promise<PublicCaseView> {
  const { own, shown } = await followed(db, token);
  const { rows: events } = await db.query<{ case_id: number; type: string; at: Date }>(
    `SELECT case_id, type, at FROM case_events WHERE case_id = ANY($1::bigint[]) ORDER BY at, seq`, [[own.id, shown.id]]);
  const mergedAt = own.id !== shown.id ? events.find((e) => Number(e.case_id) === Number(own.id) && e.type === 'case.merged')?.at ?? own.reported_at : null;
  const timeline = events.filter((e) => {
    if (!PUBLIC_STEPS[e.type]) return false;
    if (Number(e.case_id) === Number(own.id)) return true;
    return mergedAt !== null && e.at > mergedAt;
  });
  return {
    trackingNo: own.tracking_no,
    status: PUBLIC_STATUS[shown.status] ?? '处理中',
    statusCode: shown.status,
    category: own.category,
    address: own.address,
    description: own.description,
    reportedAt: own.reported_at,
    closedAt: shown.closed_at,
    mergedInto: own.id !== shown.id ? shown.tracking_no : null,
    timeline: timeline.map((e) => ({ at: e.at, text: PUBLIC_STEPS[e.type]! })),
    publicReply: shown.public_reply,
    photos: shown.photos.filter((p) => p.role === 'after').map((p) => ({ url: `/api/public/track/${token}/photos/${p.id}` })),
    canRate: shown.status === 'pendingCallback' && shown.id === own.id,
    rating: shown.id === own.id ? own.citizen_rating : null,
  };
}

/** A result photo of the case this link follows (the only photos a citizen's link may fetch); undefined otherwise. */
export async function publicResultPhoto(db: Queryable, token: string, photoId: string): Promise<{ id: string; mime: string; isCitizen: boolean } | undefined> {
  const { shown } = await followed(db, token);
  if (!shown.photos.some((p) => p.role === 'after' && p.id === photoId)) return undefined;
  const { rows } = await db.query<{ id: string; mime: string; is_citizen: boolean }>(`SELECT id, mime, is_citizen FROM photos WHERE id = $1`, [photoId]);
  return rows[0] && { id: rows[0].id, mime: rows[0].mime, isCitizen: rows[0].is_citizen };
}

/** A public report may attach only photos uploaded through the public channel (stripped, no uploader). */
export async function assertCitizenPhotos(db: Queryable, ids: readonly string[]): Promise<void> {
  if (!ids.length) return;
  const { rows } = await db.query<{ id: string }>(`SELECT id FROM photos WHERE id = ANY($1::text[]) AND is_citizen`, [[...new Set(ids)]]);
  const found = new Set(rows.map((r) => r.id));
  const missing = ids.find((id) => !found.has(id));
  if (missing !== undefined) throw new DomainError('PHOTO_NOT_FOUND', { id: missing });
}

export async function isPublicCategory(db: Queryable, code: string): Promise<boolean> {
  const { rowCount } = await db.query(`SELECT 1 FROM categories WHERE kind = 'event' AND code = $1 AND active AND is_public`, [code]);
  return !!rowCount;
}
