/**
 * The case API: what a report and each action carry, and the case, its steps and its timeline as
 * they travel. Input types are derived from these schemas (ReportCaseBody, ActionInput).
 */
import { z } from 'zod';
import { CASE_ACTIONS, CASE_SOURCES, CASE_STATUSES, STEP_KINDS, type CaseAction } from '../cases/workflow.ts';
import { CATEGORY_KINDS, CLOCK_TYPES, URGENCIES } from '../org.ts';
import {
  boolQuery, categoryCode, communityCode, dateTimeQuery, districtCode, gridCodeFilter, idParam, idRef, intQuery, lat, limitAmount, limitQuery, listQuery, lng,
  offsetQuery, phone, photoId, streetCode, text, timestamp,
} from './fields.ts';
import { COLOURS, LIMIT_UNITS, SATISFACTIONS } from './vocabulary.ts';

const note = text(2000).optional();
const reason = text(2000, { min: 1 });
const photoIds = z.array(photoId).max(20).optional();

export const caseIdParams = z.strictObject({ id: idParam });

export const reportCaseBody = z.strictObject({
  source: z.enum(CASE_SOURCES),
  categoryKind: z.enum(CATEGORY_KINDS),
  categoryCode,
  lng,
  lat,
  address: text(200).optional(),
  description: text(4000, { min: 1 }),
  urgency: z.enum(URGENCIES).optional(),
  reporterName: text(50).optional(),
  reporterPhone: phone.optional(),
  photoIds,
  selfHandle: z.strictObject({ result: text(4000, { min: 1 }), publicReply: text(1000).optional(), photoIds }).optional(),
});
export type ReportCaseBody = z.output<typeof reportCaseBody>;

/** The body of each action besides `version`; one route per action keeps the OpenAPI document exact. */
export const ACTION_BODIES = {
  sendToVerify: z.strictObject({ note }),
  verify: z.strictObject({ isTrue: z.boolean(), note, photoIds }),
  file: z.strictObject({ note, urgency: z.enum(URGENCIES).optional() }),
  proposeVoid: z.strictObject({ reason }),
  approveVoid: z.strictObject({ note }),
  rejectVoid: z.strictObject({ note }),
  dispatch: z.strictObject({ leadUnitId: idRef, coUnitIds: z.array(idRef).max(10).optional(), note }),
  accept: z.strictObject({ note }),
  handle: z.strictObject({
    result: text(4000, { min: 1 }),
    /** What the citizen reads (公开答复); the result stays internal. */
    publicReply: text(1000).optional(),
    photoIds,
  }),
  requestReturn: z.strictObject({ reason }),
  approveReturn: z.strictObject({ note }),
  denyReturn: z.strictObject({ note }),
  requestExtension: z.strictObject({ amount: limitAmount(720), unit: z.enum(LIMIT_UNITS), reason }),
  approveExtension: z.strictObject({ note }),
  denyExtension: z.strictObject({ note }),
  requestShelve: z.strictObject({ reason }),
  approveShelve: z.strictObject({ note }),
  denyShelve: z.strictObject({ note }),
  resume: z.strictObject({ note }),
  sendToCheck: z.strictObject({ note }),
  check: z.strictObject({ passed: z.boolean(), note, photoIds }),
  recordCallback: z.strictObject({ reached: z.boolean(), satisfaction: z.enum(SATISFACTIONS).optional(), note }),
  close: z.strictObject({ note }),
  rejectSelfHandle: z.strictObject({ reason }),
  urge: z.strictObject({ note: reason }),
  setUrgency: z.strictObject({ urgency: z.enum(URGENCIES), note }),
  merge: z.strictObject({
    originalId: idRef,
    note,
    /** Merge although category, place or time differ (never into a finished case): the receiver's reason is kept. */
    override: z.strictObject({ reason }).optional(),
  }),
} as const satisfies Record<CaseAction, z.ZodObject>;

/** An action's request body: its fields and the case `version` it was decided on (compare-and-set). */
export function actionBody<A extends CaseAction>(action: A) {
  return ACTION_BODIES[action].extend({ version: z.number().int().min(1).max(2_147_483_647) });
}

const withAction = <A extends CaseAction, S extends z.core.$ZodLooseShape>(action: A, body: z.ZodObject<S, z.core.$strict>) =>
  body.extend({ action: z.literal(action) });

/** What an action carries into the workflow: its name and its fields (the route adds `action` from its path). */
export const actionInputSchema = z.discriminatedUnion('action', [
  withAction('sendToVerify', ACTION_BODIES.sendToVerify),
  withAction('verify', ACTION_BODIES.verify),
  withAction('file', ACTION_BODIES.file),
  withAction('proposeVoid', ACTION_BODIES.proposeVoid),
  withAction('approveVoid', ACTION_BODIES.approveVoid),
  withAction('rejectVoid', ACTION_BODIES.rejectVoid),
  withAction('dispatch', ACTION_BODIES.dispatch),
  withAction('accept', ACTION_BODIES.accept),
  withAction('handle', ACTION_BODIES.handle),
  withAction('requestReturn', ACTION_BODIES.requestReturn),
  withAction('approveReturn', ACTION_BODIES.approveReturn),
  withAction('denyReturn', ACTION_BODIES.denyReturn),
  withAction('requestExtension', ACTION_BODIES.requestExtension),
  withAction('approveExtension', ACTION_BODIES.approveExtension),
  withAction('denyExtension', ACTION_BODIES.denyExtension),
  withAction('requestShelve', ACTION_BODIES.requestShelve),
  withAction('approveShelve', ACTION_BODIES.approveShelve),
  withAction('denyShelve', ACTION_BODIES.denyShelve),
  withAction('resume', ACTION_BODIES.resume),
  withAction('sendToCheck', ACTION_BODIES.sendToCheck),
  withAction('check', ACTION_BODIES.check),
  withAction('recordCallback', ACTION_BODIES.recordCallback),
  withAction('close', ACTION_BODIES.close),
  withAction('rejectSelfHandle', ACTION_BODIES.rejectSelfHandle),
  withAction('urge', ACTION_BODIES.urge),
  withAction('setUrgency', ACTION_BODIES.setUrgency),
  withAction('merge', ACTION_BODIES.merge),
]);
export type ActionInput = z.output<typeof actionInputSchema>;
// Every action has its member: an action missing from the list above is a type error here, naming it.
type MissingActionInput = Exclude<CaseAction, ActionInput['action']>;
const everyAction: [MissingActionInput] extends [never] ? true : MissingActionInput = true;
void everyAction;

/** The command centre's alarm for an urgent case: it sounds until someone acknowledges it (or the case ends). */
export const caseAlertSchema = z.object({
  active: z.boolean().describe('警报响铃中：紧急、未确认、未办结 sounding: urgent, not acknowledged, not finished'),
  acknowledgedAt: timestamp.nullable(),
  acknowledgedById: z.number().nullable(),
  acknowledgedBy: z.string().nullable().describe('确认人姓名 who acknowledged it (display name)'),
  canAcknowledge: z.boolean().describe('当前用户可确认（POST /api/cases/{id}/acknowledgeAlert） the caller may acknowledge it'),
});
export type CaseAlertDto = z.input<typeof caseAlertSchema>;

/**
 * A step's time left, counted down by the browser without calendar arithmetic (server: sla/time-left.ts;
 * web: common/format/time-left.ts): subtract wall time from `seconds` while `running`, up to `changesAt`.
 */
export const timeLeftSchema = z.object({
  asOf: timestamp.describe('计算时刻（服务器时间） when the figure was taken (server time)'),
  seconds: z.number().int().describe('asOf 时剩余的计时时间（秒，按该步骤的计时方式和处理方日历扣除非工作时间和节假日）；负数为已超时多少 counting seconds left at asOf, on the step’s clock and calendar; negative: overdue by that much'),
  running: z.boolean().describe('asOf 时是否正在计时（夜间、周末、节假日或挂起时为 false） whether counting time passes at asOf (false at night, at weekends, on holidays, or while suspended)'),
  changesAt: timestamp.nullable().describe('running 下次改变的时刻（当前工作时段结束或下一时段开始）；连续计时或挂起时为 null when running next flips (the current working period ends or the next begins); null on continuous clocks or while suspended'),
});
export type TimeLeftDto = z.input<typeof timeLeftSchema>;

/** The case's current step as a list row shows it (presenter: the one the caller would act on). */
export const openStepSummarySchema = z.object({
  step: z.enum(STEP_KINDS),
  dueAt: timestamp,
  colour: z.enum(COLOURS).nullable().describe('已用时限比例；挂起时为 null share of the limit used; null while suspended'),
  timeLeft: timeLeftSchema,
});

export const caseSchema = z.object({
  id: z.number(),
  trackingNo: z.string(),
  caseNo: z.string().nullable(),
  districtCode: z.string(),
  source: z.enum(CASE_SOURCES),
  reporterName: z.string().nullable(),
  reporterPhone: z.string().nullable().describe('始终为掩码（138****5678）；完整号码经 POST /api/cases/{id}/revealContact 查看并留痕 always masked; the full number through revealContact, recorded'),
  category: z.object({ kind: z.enum(CATEGORY_KINDS), code: z.string(), name: z.string() }),
  location: z.object({ lng: z.number(), lat: z.number(), gridCode: z.string(), communityCode: z.string(), streetCode: z.string(), address: z.string() }),
  description: z.string(),
  urgency: z.enum(URGENCIES),
  urgencyRequested: z.boolean(),
  status: z.enum(CASE_STATUSES),
  statusLabel: z.string(),
  leadUnitId: z.number().nullable(),
  coUnitIds: z.array(z.number()),
  handlingDueAt: timestamp.nullable(),
  extensionCount: z.number(),
  reworkCount: z.number(),
  urgeCount: z.number(),
  mergedIntoId: z.number().nullable(),
  selfHandled: z.boolean(),
  citizenRating: z.string().nullable().describe('satisfied / basicallySatisfied / unsatisfied / unreachable'),
  handlingResult: z.string().nullable(),
  publicReply: z.string().nullable().describe('处置单位的公开答复 the unit’s reply for the public'),
  photos: z.array(z.object({
    role: z.string().describe('before / after / verify / check'),
    id: z.string(),
    url: z.string().describe('原图 the photo'),
    thumbUrl: z.string().describe('缩略图 a 320 px thumbnail without metadata'),
  })),
  version: z.number(),
  reportedAt: timestamp,
  filedAt: timestamp.nullable(),
  closedAt: timestamp.nullable(),
  updatedAt: timestamp,
  allowedActions: z.array(z.enum(CASE_ACTIONS)).describe('当前用户现在可执行的操作 what the caller may do now'),
  canRevealContact: z.boolean().describe('当前用户可查看报告人完整电话和姓名（POST /api/cases/{id}/revealContact） the caller may reveal the reporter’s contact'),
  alert: caseAlertSchema.nullable().describe('紧急警报；非紧急案件为 null the emergency alert; null unless the case is urgent'),
  assigneeUserId: z.number().nullable().describe('主办单位负责人指派的本单位人员（签收、处置环节）；null 为全单位 the member of the lead unit its leader gave the open accept/handle step to; null: the whole unit'),
  canAssign: z.boolean().describe('当前用户可指派本案（主办单位负责人，且有待签收或处置的环节） the caller may assign it (a leader of the lead unit, while a unit step is open)'),
  openStep: openStepSummarySchema.nullable().describe('当前步骤：本人须处理的未结束步骤优先（计时中先于挂起），否则最早到期者；无未结束步骤为 null the open step the caller would act on (running before suspended), else the earliest due; null when none is open'),
});
export type CaseDto = z.input<typeof caseSchema>;

export const stepSchema = z.object({
  id: z.number(),
  step: z.enum(STEP_KINDS),
  assigneeRole: z.string(),
  assigneeUnitId: z.number().nullable(),
  assigneeUserIds: z.array(z.number()),
  clockType: z.enum(CLOCK_TYPES),
  limitAmount: z.number(),
  limitUnit: z.enum(LIMIT_UNITS),
  startedAt: timestamp,
  dueAt: timestamp,
  suspended: z.boolean(),
  suspendedSeconds: z.number(),
  endedAt: timestamp.nullable(),
  outcome: z.string().nullable(),
  onTime: z.boolean().nullable(),
  colour: z.enum(COLOURS).nullable(),
  timeLeft: timeLeftSchema.nullable().describe('剩余时限（计时时间），浏览器据此倒计时；已结束步骤为 null time left in counting time, for the browser to count down; null for ended steps'),
});
export type StepDto = z.input<typeof stepSchema>;

export const eventSchema = z.object({
  seq: z.number(),
  type: z.string(),
  fromStatus: z.enum(CASE_STATUSES).nullable(),
  toStatus: z.enum(CASE_STATUSES),
  actorId: z.number().nullable(),
  actorName: z.string().nullable(),
  actorRole: z.string().nullable(),
  at: timestamp,
  payload: z.record(z.string(), z.unknown()),
});
export type EventDto = z.input<typeof eventSchema>;

export const caseDetailSchema = caseSchema.extend({
  steps: z.array(stepSchema),
  timeline: z.array(eventSchema),
  suggestedUnit: z.object({ id: z.number(), name: z.string() }).nullable().describe('建议派遣单位（按类别默认单位类型和所在区域） the unit a dispatch would likely go to'),
});
export type CaseDetailDto = z.input<typeof caseDetailSchema>;

export const duplicateSchema = z.object({ id: z.number(), trackingNo: z.string(), status: z.enum(CASE_STATUSES), description: z.string(), reportedAt: timestamp, distanceM: z.number() });
export const reportedCaseSchema = caseDetailSchema.extend({ possibleDuplicates: z.array(duplicateSchema) });
export const duplicatesResponse = z.object({ items: z.array(duplicateSchema) });

/** Filters shared by the list and the map. */
export const caseFilterQuery = z.strictObject({
  status: listQuery(CASE_STATUSES).optional(),
  step: listQuery(STEP_KINDS).optional().describe('当前未结束步骤 kind of a currently open step'),
  categoryKind: z.enum(CATEGORY_KINDS).optional(),
  categoryCode: categoryCode.optional(),
  districtCode: districtCode.optional(),
  streetCode: streetCode.optional(),
  communityCode: communityCode.optional(),
  gridCode: gridCodeFilter.optional(),
  unit: idParam.optional().describe('主办或协办单位 lead or co-handling unit id'),
  source: listQuery(CASE_SOURCES).optional(),
  urgency: z.enum(URGENCIES).optional(),
  colour: listQuery(COLOURS).optional().describe('按当前步骤已用时限比例（墙钟近似） by the share of the open step limit used (wall-clock approximation)'),
  overdue: boolQuery.optional(),
  mine: boolQuery.optional().describe('true：本单位待签收或处置的环节已指派给本人 a unit step open to accept or handle names the caller'),
  reportedFrom: dateTimeQuery.optional(),
  reportedTo: dateTimeQuery.optional(),
  filedFrom: dateTimeQuery.optional().describe('立案时间起（含） filed at or after'),
  filedTo: dateTimeQuery.optional().describe('立案时间止（不含） filed before'),
  closedFrom: dateTimeQuery.optional().describe('结案时间起（含） closed at or after'),
  closedTo: dateTimeQuery.optional().describe('结案时间止（不含） closed before'),
  q: text(100, { min: 1 }).optional().describe('描述和地址全文（两字及以上走索引），或受理号、案卷号 text in description and address, or a tracking or case number'),
  number: z.string().regex(/^\d{4}-[TAta]\d{6,}$/, '@caseNumber').optional().describe('受理号（2026-T000123）或案卷号（2026-A000045） a tracking or case number'),
});

export const caseListQuery = caseFilterQuery.extend({
  sort: z.enum(['reportedAt', 'dueAt']).default('reportedAt'),
  limit: limitQuery(500, 50),
  offset: offsetQuery,
});

export const caseListResponse = z.object({
  items: z.array(caseSchema),
  total: z.number(),
  totalExact: z.boolean().describe('false: more matches than counted (total is the cap)'),
});

export const queueQuery = z.strictObject({
  step: listQuery(STEP_KINDS).optional(),
  limit: limitQuery(200, 50),
  offset: offsetQuery,
});

export const queueResponse = z.object({
  items: z.array(z.object({ case: caseSchema, step: stepSchema, dueAt: timestamp, colour: z.enum(COLOURS).nullable() })),
  total: z.number(),
  totalExact: z.boolean(),
});

export const queueSummaryResponse = z.object({
  steps: z.array(z.object({ step: z.enum(STEP_KINDS), total: z.number(), overdue: z.number(), urgent: z.number(), nextDueAt: timestamp })),
  total: z.number(),
  overdue: z.number(),
  urgent: z.number(),
});

const bbox = z
  .string()
  .regex(/^-?\d{1,3}(\.\d{1,15})?(,-?\d{1,3}(\.\d{1,15})?){3}$/, '@bbox')
  .transform((s) => s.split(',').map(Number) as [number, number, number, number])
  .refine(([x0, y0, x1, y1]) => x0 >= -180 && x1 <= 180 && y0 >= -90 && y1 <= 90 && x0 < x1 && y0 < y1, '@bbox')
  .transform(([minLng, minLat, maxLng, maxLat]) => ({ minLng, minLat, maxLng, maxLat }));

export const mapQuery = caseFilterQuery.extend({
  bbox: bbox.describe('minLng,minLat,maxLng,maxLat (WGS-84)'),
  zoom: intQuery(0, 22).optional(),
});

export const mapResponse = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('points'),
    count: z.number(),
    points: z.array(z.object({ id: z.number(), lng: z.number(), lat: z.number(), status: z.enum(CASE_STATUSES), urgency: z.enum(URGENCIES), categoryKind: z.enum(CATEGORY_KINDS), categoryCode: z.string() })),
  }),
  z.object({
    kind: z.literal('clusters'),
    count: z.number(),
    cellDegrees: z.number(),
    clusters: z.array(z.object({ lng: z.number(), lat: z.number(), count: z.number(), maxUrgency: z.enum(URGENCIES), bounds: z.tuple([z.number(), z.number(), z.number(), z.number()]) })),
  }),
]);

/** `POST /api/cases/{id}/revealContact`: why the number is needed (recorded in the timeline and the security log). */
export const revealContactBody = z.strictObject({
  reason: text(200, { min: 2 }).describe('查看原因（2–200 字，如“回访市民”） why (2–200 characters, e.g. calling the citizen back)'),
});
export const revealedContactSchema = z.object({
  phone: z.string().nullable().describe('完整电话 the full phone number'),
  name: z.string().nullable().describe('报告人姓名 the reporter’s name'),
  revealedAt: timestamp,
});

export const acknowledgedAlertSchema = z.object({
  caseId: z.number(),
  trackingNo: z.string(),
  acknowledgedAt: timestamp,
  acknowledgedById: z.number().nullable(),
  acknowledgedBy: z.string().nullable().describe('确认人姓名 who acknowledged it'),
  first: z.boolean().describe('true：本次请求确认了警报；false：此前已有人确认（返回那次确认） true: this request acknowledged it; false: it was already, and that acknowledgement is returned'),
});

export const alertListResponse = z.object({
  items: z.array(caseSchema).describe('未确认的紧急案件，最新上报在前 unacknowledged urgent cases, newest first'),
  total: z.number(),
});
