/**
 * What a `notify` job carries (case-notify.ts and the deadline sweep write it) and the Chinese
 * title and body a person reads. Pure: no IO.
 */
import { z } from 'zod';

export const NOTIFY_KINDS = ['newTask', 'urged', 'returned', 'emergency', 'overdue', 'nearDue', 'rework'] as const;
export type NotifyKind = (typeof NOTIFY_KINDS)[number];

export const notifyPayloadSchema = z.object({
  caseId: z.number().int().positive(),
  trackingNo: z.string(),
  kind: z.enum(NOTIFY_KINDS),
  to: z.string(),
  userIds: z.array(z.number().int().positive()).max(10_000),
  eventId: z.number().int().positive().optional(),
  eventType: z.string().optional(),
  stepId: z.number().int().positive().optional(),
  step: z.string().optional(),
  dueAt: z.string().optional(),
  urgent: z.boolean().default(false),
});
export type NotifyPayload = z.infer<typeof notifyPayloadSchema>;

export const KIND_TITLES: Record<NotifyKind, string> = {
  newTask: '新任务',
  nearDue: '即将超时',
  overdue: '已超时',
  urged: '督办',
  returned: '回退',
  emergency: '紧急',
  rework: '返工',
};

const STEP_LABELS: Record<string, string> = {
  sendToVerify: '受理',
  verify: '核实',
  file: '立案',
  approveVoid: '作废审批',
  dispatch: '派遣',
  accept: '签收',
  handle: '处置',
  approveRequest: '审批',
  sendToCheck: '核查派发',
  check: '核查',
  callback: '回访',
  close: '结案',
};

function shanghai(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }).formatToParts(d);
  const v = (t: string) => p.find((x) => x.type === t)?.value ?? '';
  return `${v('month')}-${v('day')} ${v('hour')}:${v('minute')}`;
}

export function notificationText(p: NotifyPayload): { title: string; body: string } {
  const no = `案件 ${p.trackingNo}`;
  const step = p.step ? `“${STEP_LABELS[p.step] ?? p.step}”环节` : '';
  const due = p.dueAt ? `（时限 ${shanghai(p.dueAt)}）` : '';
  const urgent = p.urgent && p.kind !== 'emergency' ? '【紧急】' : '';
  const body: Record<NotifyKind, string> = {
    newTask: `${no} 有新的待办任务，请及时处理。`,
    nearDue: `${no} ${step}即将超时${due}，请抓紧处理。`,
    overdue: `${no} ${step}已超时${due}。`,
    urged: `${no} 被督办，请尽快处理并反馈。`,
    returned: p.eventType === 'case.returnDenied' ? `${no} 的回退申请未获批准，请继续处置。` : `${no} 已被回退，请查看。`,
    emergency: `${no} 为紧急案件，请立即关注。`,
    rework: `${no} 核查未通过，需返工处置。`,
  };
  return { title: `${urgent}${KIND_TITLES[p.kind]}`, body: body[p.kind] };
}

export interface InboxEntry {
  userId: number;
  kind: NotifyKind;
  caseId: number;
  title: string;
  body: string;
  payload: string;
}

/**
 * The inbox rows a notify payload makes, whoever writes them (the delivery worker, report intake in its
 * own transaction, the demo history): one per distinct recipient, with the same text and the payload less
 * the recipients.
 */
export function inboxEntries(p: NotifyPayload): InboxEntry[] {
  const { userIds, ...kept } = p;
  const shared = { kind: p.kind, caseId: p.caseId, ...notificationText(p), payload: JSON.stringify(kept) };
  return [...new Set(userIds)].map((userId) => ({ userId, ...shared }));
}
