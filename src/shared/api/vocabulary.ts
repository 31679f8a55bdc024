/**
 * The API's vocabulary beyond statuses and actions (cases/workflow.ts) and organisation terms (org.ts):
 * the values a client sends and receives, with their labels in zh-CN and English.
 */
import type { CaseSource, StepKind } from '../cases/workflow.ts';
import type { Urgency } from '../org.ts';
import type { Role } from '../roles.ts';

type Label = { zh: string; en: string };

/** A running step's colour (DOMAIN §5): green < 50 % of the limit used, yellow 50–80 %, red 80–100 %, overdue ≥ 100 %. */
export const COLOURS = ['green', 'yellow', 'red', 'overdue'] as const;
export type Colour = (typeof COLOURS)[number];
export const COLOUR_LABELS: Record<Colour, Label> = {
  green: { zh: '正常', en: 'On track' },
  yellow: { zh: '预警', en: 'Warning' },
  red: { zh: '临期', en: 'Near due' },
  overdue: { zh: '超期', en: 'Overdue' },
};

/** A citizen's rating of the result, at the call-back or through the private link (DOMAIN §4). */
export const SATISFACTIONS = ['satisfied', 'basicallySatisfied', 'unsatisfied'] as const;
export type Satisfaction = (typeof SATISFACTIONS)[number];
export const SATISFACTION_LABELS: Record<Satisfaction, Label> = {
  satisfied: { zh: '满意', en: 'Satisfied' },
  basicallySatisfied: { zh: '基本满意', en: 'Basically satisfied' },
  unsatisfied: { zh: '不满意', en: 'Unsatisfied' },
};

/** The unit of a time limit or an extension: working hours or days on the clock of whoever acts. */
export const LIMIT_UNITS = ['hours', 'days'] as const;
export type LimitUnit = (typeof LIMIT_UNITS)[number];

export const SOURCE_LABELS: Record<CaseSource, Label> = {
  supervisor: { zh: '监督员上报', en: 'Supervisor' },
  citizen: { zh: '市民反映', en: 'Citizen' },
  hotline: { zh: '热线电话', en: 'Hotline' },
  video: { zh: '视频监控', en: 'Video' },
  leader: { zh: '领导交办', en: 'Leader’s instruction' },
  media: { zh: '媒体曝光', en: 'Media' },
};

/**
 * The channels each role may report through: a supervisor reports what they saw; the centre registers
 * every other channel; a leader their own instructions. A citizen without an account reports as 'citizen'.
 */
export const REPORT_SOURCES_BY_ROLE: Partial<Record<Role, readonly CaseSource[]>> = {
  supervisor: ['supervisor'],
  receiver: ['citizen', 'hotline', 'video', 'media', 'leader'],
  shiftLeader: ['citizen', 'hotline', 'video', 'media', 'leader'],
  leader: ['leader'],
};
export const REPORTING_ROLES = Object.keys(REPORT_SOURCES_BY_ROLE) as Role[];

/** The sources a user with these roles may report through. */
export function reportSourcesOf(roles: readonly Role[]): CaseSource[] {
  return [...new Set(roles.flatMap((r) => REPORT_SOURCES_BY_ROLE[r] ?? []))];
}

export const URGENCY_LABELS: Record<Urgency, Label> = {
  normal: { zh: '一般', en: 'Normal' },
  urgent: { zh: '紧急', en: 'Urgent' },
};

export const STEP_LABELS: Record<StepKind, Label> = {
  sendToVerify: { zh: '受理', en: 'Intake' },
  verify: { zh: '核实', en: 'Verify' },
  file: { zh: '立案', en: 'File' },
  approveVoid: { zh: '作废审批', en: 'Approve void' },
  dispatch: { zh: '派遣', en: 'Dispatch' },
  accept: { zh: '签收', en: 'Accept' },
  handle: { zh: '处置', en: 'Handle' },
  approveRequest: { zh: '审批', en: 'Approve request' },
  sendToCheck: { zh: '核查派发', en: 'Send to check' },
  check: { zh: '核查', en: 'Check' },
  callback: { zh: '回访', en: 'Call-back' },
  close: { zh: '结案', en: 'Close' },
};

/** What an inbox message is about. */
export const NOTIFY_KINDS = ['newTask', 'urged', 'returned', 'emergency', 'overdue', 'nearDue', 'rework', 'unattended'] as const;
export type NotifyKind = (typeof NOTIFY_KINDS)[number];
export const NOTIFY_KIND_LABELS: Record<NotifyKind, Label> = {
  newTask: { zh: '新任务', en: 'New task' },
  nearDue: { zh: '即将超时', en: 'Near due' },
  overdue: { zh: '已超时', en: 'Overdue' },
  urged: { zh: '督办', en: 'Urged' },
  returned: { zh: '回退', en: 'Returned' },
  emergency: { zh: '紧急', en: 'Emergency' },
  rework: { zh: '返工', en: 'Rework' },
  unattended: { zh: '无人负责', en: 'Nobody responsible' },
};

/** The security log's record kinds (等保 audit records). */
export const SECURITY_EVENT_KINDS = [
  'login.succeeded',
  'login.failed',
  'login.locked',
  'login.rateLimited',
  'logout',
  'session.expired',
  'session.invalid',
  'csrf.rejected',
  'permission.denied',
  'password.changed',
  'password.reset',
  'user.created',
  'user.disabled',
  'user.enabled',
  'user.rolesChanged',
  'apiToken.created',
  'apiToken.revoked',
  'apiToken.invalid',
  /** A reporter's full phone number and name were shown to someone (PIPL): who, which case, why. */
  'case.contactRevealed',
  /** The auditor (or the schedule, or the CLI) verified the audit trail: the result, and the first problem found. */
  'audit.verified',
  /** The auditor exported the security log: who, with which filter. */
  'securityLog.exported',
] as const;
export type SecurityEventKind = (typeof SECURITY_EVENT_KINDS)[number];
export const SECURITY_EVENT_LABELS: Record<SecurityEventKind, Label> = {
  'login.succeeded': { zh: '登录成功', en: 'Signed in' },
  'login.failed': { zh: '登录失败', en: 'Sign-in failed' },
  'login.locked': { zh: '账号锁定', en: 'Account locked' },
  'login.rateLimited': { zh: '登录过于频繁', en: 'Sign-ins rate-limited' },
  logout: { zh: '退出登录', en: 'Signed out' },
  'session.expired': { zh: '会话过期', en: 'Session expired' },
  'session.invalid': { zh: '会话无效', en: 'Invalid session' },
  'csrf.rejected': { zh: 'CSRF 校验失败', en: 'CSRF check failed' },
  'permission.denied': { zh: '越权访问被拒', en: 'Permission denied' },
  'password.changed': { zh: '修改密码', en: 'Password changed' },
  'password.reset': { zh: '重置密码', en: 'Password reset' },
  'user.created': { zh: '创建账号', en: 'Account created' },
  'user.disabled': { zh: '停用账号', en: 'Account disabled' },
  'user.enabled': { zh: '启用账号', en: 'Account enabled' },
  'user.rolesChanged': { zh: '变更角色或范围', en: 'Roles or scope changed' },
  'apiToken.created': { zh: '创建接口令牌', en: 'API token created' },
  'apiToken.revoked': { zh: '吊销接口令牌', en: 'API token revoked' },
  'apiToken.invalid': { zh: '无效接口令牌', en: 'Invalid API token' },
  'case.contactRevealed': { zh: '查看市民联系方式', en: 'Reporter contact revealed' },
  'audit.verified': { zh: '核验审计链', en: 'Audit trail verified' },
  'securityLog.exported': { zh: '导出安全日志', en: 'Security log exported' },
};
