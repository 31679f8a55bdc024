/**
 * Citizens report without an account (DOMAIN §4): a tracking number and a private link to follow the
 * case and rate the result. The public view shows progress only — no staff names, units or notes (PIPL).
 */
import { randomBytes } from 'node:crypto';
import type { Queryable } from '../../db/pool.ts';
import { DomainError } from '../../errors.ts';
import type { CaseStatus } from '../../../shared/cases/workflow.ts';
import { digest } from '../auth/auth.service.ts';

/** Categories a citizen picks from: the common 城管 problems, in plain words. */
const PUBLIC_CATEGORIES = ['06010', '06042', '06036', '06014', '09006', '09001', '09005', '09009', '06029', '06027', '07001', '07003', '06001', '08004', '01002', '06013'];

export async function listPublicCategories(db: Queryable): Promise<Array<{ code: string; name: string }>> {
  const { rows } = await db.query<{ code: string; name: string }>(`SELECT code, name FROM categories WHERE kind = 'event' AND active AND code = ANY($1) ORDER BY code`, [PUBLIC_CATEGORIES]);
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
  'case.notTrue': '现场核实未发现所反映的问题，案件已办结',
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
  'case.callbackUnsatisfied': '根据您的评价，已要求重新处置',
  'case.closed': '已结案',
  'case.voided': '经审核，该反映不予立案',
  'case.merged': '您反映的问题已有他人反映，合并办理',
  'case.duplicateMerged': '其他市民反映了同一问题，合并办理',
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
  /** Set when this report was merged into another: the timeline shown is the original's. */
  mergedInto: string | null;
  timeline: { at: Date; text: string }[];
  canRate: boolean;
  rating: string | null;
}

export async function caseIdForToken(db: Queryable, token: string): Promise<number> {
  if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) throw new DomainError('CASE_NOT_FOUND', { id: '—' });
  const { rows } = await db.query<{ case_id: number }>(`SELECT case_id FROM case_trackers WHERE token_hash = $1`, [digest(token)]);
  if (!rows[0]) throw new DomainError('CASE_NOT_FOUND', { id: '—' });
  return rows[0].case_id;
}

export async function publicCaseView(db: Queryable, token: string): Promise<PublicCaseView> {
  const ownId = await caseIdForToken(db, token);
  const { rows: own } = await db.query(`SELECT tracking_no, merged_into_id FROM cases WHERE id = $1`, [ownId]);
  // The reporter of a merged duplicate follows the original from then on.
  const id = (own[0].merged_into_id as number | null) ?? ownId;
  const { rows } = await db.query(
    `SELECT c.tracking_no, c.status, cat.name AS category, c.address, c.description, c.reported_at, c.closed_at, c.citizen_rating
       FROM cases c JOIN categories cat ON cat.kind = c.category_kind AND cat.code = c.category_code WHERE c.id = $1`,
    [id],
  );
  const c = rows[0];
  const { rows: events } = await db.query<{ type: string; at: Date }>(`SELECT type, at FROM case_events WHERE case_id = $1 ORDER BY seq`, [id]);
  return {
    trackingNo: own[0].tracking_no,
    status: PUBLIC_STATUS[c.status as CaseStatus] ?? '处理中',
    statusCode: c.status,
    category: c.category,
    address: c.address,
    description: c.description,
    reportedAt: c.reported_at,
    closedAt: c.closed_at,
    mergedInto: id !== ownId ? c.tracking_no : null,
    timeline: events.filter((e) => PUBLIC_STEPS[e.type]).map((e) => ({ at: e.at, text: PUBLIC_STEPS[e.type]! })),
    canRate: c.status === 'pendingCallback' && id === ownId,
    rating: c.citizen_rating,
  };
}
