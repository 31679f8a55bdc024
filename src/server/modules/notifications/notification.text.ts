/**
 * What a `notify` job carries (case-notify.ts and the deadline sweep write it) and the Chinese
 * title and body a person reads. Pure: no IO.
 */
import { z } from 'zod';
import { NOTIFY_KIND_LABELS, NOTIFY_KINDS, STEP_LABELS, type NotifyKind } from '../../../shared/api/vocabulary.ts';
import type { StepKind } from '../../../shared/cases/workflow.ts';

export { NOTIFY_KINDS, type NotifyKind };


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

function shanghai(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }).formatToParts(d);
  const v = (t: string) => p.find((x) => x.type === t)?.value ?? '';
  return `${v('month')}-${v('day')} ${v('hour')}:${v('minute')}`;
}

export function notificationText(p: NotifyPayload): { title: string; body: string } {
  const no = `案件 ${p.trackingNo}`;
  const step = p.step ? `“${STEP_LABELS[p.step as StepKind]?.zh ?? p.step}”环节` : '';
  const due = p.dueAt ? `（时限 ${shanghai(p.dueAt)}）` : '';
  const urgent = p.urgent && p.kind !== 'emergency' ? '【紧急】' : '';
  const body: Record<NotifyKind, string> = {
    newTask: `${no} 有新的待办任务，请及时处理。`,
    nearDue: `${no} ${step}即将超时${due}，请抓紧处理。`,
    overdue: `${no} ${step}已超时${due}。`,
    urged: `${no} 被督办，请尽快处理并反馈。`,
    returned: p.eventType === 'case.returnDenied' ? `${no} 的回退申请未获批准，请继续处置。` : `${no} 已被回退，请查看。`,
    emergency: `${no} 为紧急案件，请立即关注。`,
    // Why it came back: the supervisor's check, or the citizen at the call-back.
    unattended: `${no} ${step}的责任方当前无人（单位无在岗人员或网格无监督员），请调整派遣或人员。`,
    rework: p.eventType === 'case.callbackUnsatisfied' ? `${no} 回访中市民对处置结果不满意，需重新处置。` : `${no} 核查未通过，需返工处置。`,
  };
  return { title: `${urgent}${NOTIFY_KIND_LABELS[p.kind].zh}`, body: body[p.kind] };
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
