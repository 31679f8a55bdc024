/**
 * The API's error codes: one table of code → HTTP status and message templates in zh-CN and English.
 * The server throws `DomainError(code, params)` and renders `{ error: { code, message, fields?, details? } }`;
 * the web shows the same messages. Placeholders are `{name}`; a few are rendered from vocabulary
 * (`{status}`, `{action}`, `{source}`) or from a reason table (`{reason}`), so a message never shows an
 * internal identifier to a person.
 */
import { z } from 'zod';
import { STATUS_LABELS, TRANSITIONS, type CaseAction, type CaseStatus } from '../cases/workflow.ts';
import { SOURCE_LABELS } from './vocabulary.ts';
import type { RoleConflict } from '../roles.ts';

export type Lang = 'zh-CN' | 'en';
interface ErrorSpec {
  status: number;
  zh: string;
  en: string;
}

export const ERRORS = {
  VALIDATION_FAILED: { status: 400, zh: '请求参数不正确：{fields}', en: 'Invalid request: {fields}' },
  TEXT_INVALID: { status: 400, zh: '{field} 含有无法保存的字符（空字符 U+0000 或不成对的代理字符），请删除后重试', en: '{field} contains characters that cannot be stored (U+0000 or an unpaired surrogate); remove them and retry' },
  BODY_INVALID: { status: 400, zh: '请求体为空或不是有效的 JSON', en: 'The request body is empty or not valid JSON' },
  URL_INVALID: { status: 400, zh: '请求地址的编码不正确', en: 'The request URL is not correctly encoded' },
  BAD_REQUEST: { status: 400, zh: '请求格式不正确', en: 'Malformed request' },
  MEDIA_TYPE_UNSUPPORTED: { status: 415, zh: '不支持的内容类型：{type}', en: 'Unsupported content type: {type}' },
  IDEMPOTENCY_KEY_INVALID: { status: 400, zh: 'Idempotency-Key 请求头须为 1–255 个可见 ASCII 字符', en: 'The Idempotency-Key header must be 1–255 visible ASCII characters' },
  IDEMPOTENCY_KEY_REUSED: { status: 422, zh: '该 Idempotency-Key 已用于内容不同的请求，请为新的请求换用新的键', en: 'This Idempotency-Key was used for a different request; use a new key for a new request' },
  UNAUTHENTICATED: { status: 401, zh: '请先登录', en: 'Sign-in required' },
  SESSION_EXPIRED: { status: 401, zh: '会话已过期，请重新登录', en: 'Your session has expired; please sign in again' },
  INVALID_CREDENTIALS: { status: 401, zh: '用户名或密码错误', en: 'Wrong username or password' },
  ACCOUNT_LOCKED: { status: 423, zh: '登录失败次数过多，账号已临时锁定，请于 {until} 后再试', en: 'Too many failed sign-ins; the account is locked until {until}' },
  ACCOUNT_DISABLED: { status: 403, zh: '账号已停用', en: 'This account is disabled' },
  ACCOUNT_ROLES_INCOMPATIBLE: { status: 403, zh: '该账号持有不能兼任的角色（{reason}），暂停登录，请管理员将其拆分为多个账号', en: 'This account holds roles that cannot be combined ({reason}); sign-in is suspended until an administrator splits it' },
  TOO_MANY_REQUESTS: { status: 429, zh: '请求过于频繁，请稍后再试', en: 'Too many requests; try again later' },
  CSRF_TOKEN_INVALID: { status: 403, zh: '缺少或无效的 CSRF 令牌，请刷新页面后重试', en: 'Missing or invalid CSRF token; reload and try again' },
  FORBIDDEN: { status: 403, zh: '无权执行此操作', en: 'You are not allowed to do this' },
  PASSWORD_EXPIRED: { status: 403, zh: '密码已过期，请先修改密码', en: 'Your password has expired; change it first' },
  PASSWORD_WEAK: { status: 400, zh: '密码不符合要求：{rules}', en: 'Password does not meet the policy: {rules}' },
  PASSWORD_REUSED: { status: 400, zh: '新密码不能与当前密码相同', en: 'The new password must differ from the current one' },
  NOT_FOUND: { status: 404, zh: '未找到', en: 'Not found' },
  ROUTE_NOT_FOUND: { status: 404, zh: '接口不存在：{method} {url}', en: 'No such endpoint: {method} {url}' },
  USER_NOT_FOUND: { status: 404, zh: '用户不存在：{username}', en: 'No such user: {username}' },
  USERNAME_TAKEN: { status: 409, zh: '用户名已存在：{username}', en: 'Username already taken: {username}' },
  ROLES_INCOMPATIBLE: { status: 422, zh: '这些角色不能由同一账号兼任：{reason}', en: 'One account cannot hold these roles: {reason}' },
  UNIT_REQUIRED: { status: 422, zh: '处置单位人员和执法队员须指定所属单位', en: 'Handling-unit staff and enforcement officers need a unit' },
  UNIT_LEAD_INVALID: { status: 422, zh: '只有所属单位的处置单位人员或执法队员才能设为单位负责人', en: 'Only handling-unit staff or officers with a unit can be made the unit\'s leader' },
  USER_IS_INTEGRATION: { status: 422, zh: '{username} 是集成账号：不设密码、不能登录，请为其创建接口令牌', en: '{username} is an integration account: it has no password and cannot sign in; create an API token for it' },
  API_TOKEN_INTEGRATION_ONLY: { status: 403, zh: '管理员只能为集成账号创建、查看或吊销接口令牌；个人的接口令牌只能由本人创建', en: 'Administrators create, list and revoke the API tokens of integration accounts only; a person creates their own' },
  API_TOKEN_TOO_LONG: { status: 422, zh: '接口令牌有效期最长 {max} 天', en: 'An API token lives at most {max} days' },
  UNIT_NOT_FOUND: { status: 404, zh: '单位不存在：{unit}', en: 'No such unit: {unit}' },
  UNIT_PARENT_INVALID: { status: 422, zh: '上级单位无效：{unit}（不能是本单位或其下级）', en: 'Invalid parent unit: {unit} (not the unit itself or one below it)' },
  UNIT_CODE_TAKEN: { status: 409, zh: '单位编码已存在：{code}', en: 'Unit code already taken: {code}' },
  CALENDAR_NOT_FOUND: { status: 404, zh: '工作日历不存在：{calendar}', en: 'No such calendar: {calendar}' },
  CALENDAR_CODE_TAKEN: { status: 409, zh: '日历编码已存在：{code}', en: 'Calendar code already taken: {code}' },
  DIVISION_NOT_FOUND: { status: 404, zh: '行政区划不存在：{code}', en: 'No such division: {code}' },
  GRID_NOT_FOUND: { status: 404, zh: '单元网格不存在：{code}', en: 'No such unit grid: {code}' },
  GRID_NOT_FOUND_FOR_POINT: { status: 422, zh: '该位置（{lng}, {lat}）不在任何单元网格内', en: 'The point ({lng}, {lat}) lies outside every unit grid' },
  GRID_IMPORT_INVALID: { status: 422, zh: '导入文件有 {count} 个问题，未导入任何数据', en: 'The file has {count} problem(s); nothing was imported' },
  GEO_FILE_INVALID: { status: 400, zh: '无法读取地理文件：{reason}', en: 'Cannot read the geographic file: {reason}' },
  SCOPE_INVALID: { status: 400, zh: '数据范围编码无效或超出您的范围：{code}', en: 'Scope code invalid or outside your own scope: {code}' },
  CATEGORY_NOT_FOUND: { status: 404, zh: '类别不存在：{kind} {code}', en: 'No such category: {kind} {code}' },
  CATEGORY_EXISTS: { status: 409, zh: '类别已存在：{kind} {code}', en: 'Category already exists: {kind} {code}' },
  CATEGORY_IMPORT_INVALID: { status: 422, zh: '类别文件有 {count} 个问题，未导入任何数据', en: 'The category file has {count} problem(s); nothing was imported' },
  CASE_NOT_FOUND: { status: 404, zh: '案件不存在：{id}', en: 'No such case: {id}' },
  CASE_TRANSITION_NOT_ALLOWED: { status: 409, zh: '案件当前状态为“{status}”，不能执行“{action}”', en: '"{action}" is not allowed while the case is "{status}"' },
  CASE_VERSION_CONFLICT: { status: 409, zh: '案件已被他人处理（当前版本 {current}），请刷新后重试', en: 'The case was changed by someone else (now version {current}); reload and retry' },
  CASE_AFTER_PHOTO_REQUIRED: { status: 422, zh: '该类别处置反馈须上传处置后照片', en: 'This category requires an after-photo when reporting it handled' },
  CASE_EXTENSION_LIMIT: { status: 422, zh: '延期次数已达上限（{max} 次）', en: 'The extension limit ({max}) has been reached' },
  CASE_MERGE_INVALID: { status: 422, zh: '不能合并到该案件：{reason}', en: 'Cannot merge into that case: {reason}' },
  CASE_UNIT_INVALID: { status: 422, zh: '不能派遣给该单位（{unit}）：{reason}', en: 'Cannot dispatch to unit {unit}: {reason}' },
  CASE_REPORT_NOT_ALLOWED: { status: 403, zh: '无权以“{source}”渠道上报', en: 'You may not report through the "{source}" channel' },
  CASE_SAME_PERSON: { status: 403, zh: '“{action}”须由提出申请者以外的人处理', en: '"{action}" must be decided by someone other than whoever made the request' },
  CASE_CONTACT_NONE: { status: 422, zh: '该案件没有登记报告人的姓名或电话', en: 'The case has no reporter name or phone number on record' },
  CASE_ASSIGN_NOT_LEAD: { status: 403, zh: '只有主办单位的单位负责人才能指派本案', en: 'Only a leader of the case\'s lead unit may assign it' },
  CASE_ASSIGN_NOT_OPEN: { status: 409, zh: '本案当前没有待本单位签收或处置的环节（状态“{status}”），不能指派', en: 'The case has no step open for the unit to accept or handle (it is "{status}"); it cannot be assigned' },
  CASE_ASSIGNEE_INVALID: { status: 422, zh: '不能指派给该人员（{user}）：{reason}', en: 'Cannot assign to user {user}: {reason}' },
  CASE_ALERT_NOT_ACTIVE: { status: 409, zh: '该案件当前没有待确认的紧急警报（不是紧急案件，或已办结）', en: 'The case has no emergency alert to acknowledge (it is not urgent, or it is finished)' },
  PHOTO_NOT_FOUND: { status: 422, zh: '照片不存在：{id}（请先上传照片）', en: 'No such photo: {id} (upload it first)' },
  PHOTO_FILE_MISSING: { status: 400, zh: '请求中缺少照片文件（表单字段“file”）', en: 'No photo in the request (multipart field "file")' },
  PHOTO_TYPE_UNSUPPORTED: { status: 415, zh: '文件不是支持的图片格式（仅支持 JPEG、PNG、WebP）：{reason}', en: 'Not a supported image (JPEG, PNG or WebP only): {reason}' },
  PHOTO_TOO_LARGE: { status: 413, zh: '照片超过大小上限（{maxMb} MB）', en: 'The photo exceeds the size limit ({maxMb} MB)' },
  PHOTO_CORRUPT: { status: 422, zh: '照片文件已损坏或不完整，无法解码', en: 'The photo is damaged or incomplete and cannot be decoded' },
  PHOTO_PIXELS_TOO_MANY: { status: 422, zh: '照片像素过多（{width}×{height}，上限 {maxMegapixels} 百万像素）', en: 'The photo has too many pixels ({width}×{height}; limit {maxMegapixels} megapixels)' },
  PHOTO_METADATA_TOO_LARGE: { status: 422, zh: '照片元数据过大（{bytes} 字节，上限 {max} 字节）', en: 'The photo metadata is too large ({bytes} bytes; limit {max})' },
  AUDIT_VERIFY_RUNNING: { status: 409, zh: '已有一次审计链核验正在进行（{startedAt} 开始），请等待其完成后查看结果', en: 'An audit-trail verification is already running (started {startedAt}); wait for its result' },
  CONFLICT: { status: 409, zh: '数据已被他人修改，请刷新后重试', en: 'The record was changed by someone else; reload and retry' },
  PAYLOAD_TOO_LARGE: { status: 413, zh: '上传内容过大', en: 'Payload too large' },
  SERVICE_UNAVAILABLE: { status: 503, zh: '服务暂不可用：{reason}', en: 'Service unavailable: {reason}' },
  INTERNAL: { status: 500, zh: '服务器内部错误（请求编号 {requestId}）', en: 'Internal server error (request id {requestId})' },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERRORS;
export const ERROR_CODES = Object.keys(ERRORS) as ErrorCode[];
export type ErrorParams = Record<string, unknown>;

/** Why roles cannot share one account (shared/roles.ts `roleConflict`). */
const ROLE_CONFLICT_REASONS: Record<RoleConflict, { zh: string; en: string }> = {
  admin: { zh: '系统管理员不兼任其他角色', en: 'the administrator holds no other role' },
  auditor: { zh: '审计员不兼任其他角色', en: 'the auditor holds no other role' },
  handling: { zh: '处置单位人员、执法队员不兼任监督指挥中心的角色或领导', en: 'handling-unit staff and officers hold no centre or leader role' },
  integration: { zh: '集成账号只能持有业务角色，不能是管理员或审计员', en: 'an integration account holds case-work roles only, never administrator or auditor' },
};

/** `{reason}` per code: why, in words, from a reason key the thrower gives. */
export const ERROR_REASONS: Partial<Record<ErrorCode, Record<string, { zh: string; en: string }>>> = {
  ROLES_INCOMPATIBLE: ROLE_CONFLICT_REASONS,
  ACCOUNT_ROLES_INCOMPATIBLE: ROLE_CONFLICT_REASONS,
  CASE_MERGE_INVALID: {
    sameCase: { zh: '不能与自身合并', en: 'a case cannot be merged into itself' },
    notFound: { zh: '原案件不存在或不可见', en: 'the original case does not exist or is not visible to you' },
    originalEnded: { zh: '原案件已办结、作废、不属实或已被合并，不能再合并进去', en: 'the original case is closed, voided, found not true or merged' },
    otherCategory: { zh: '两案类别不同（如确属同一问题，请注明理由后强制合并）', en: 'the cases are of different categories (if it is the same problem, override with a reason)' },
    tooFar: { zh: '两案位置相距超出合并范围（如确属同一问题，请注明理由后强制合并）', en: 'the cases are further apart than the duplicate radius (override with a reason if it is the same problem)' },
    tooOld: { zh: '两案上报时间相隔超出合并时限（如确属同一问题，请注明理由后强制合并）', en: 'the cases were reported further apart than the duplicate window (override with a reason if it is the same problem)' },
  },
  GEO_FILE_INVALID: {
    empty: { zh: '文件为空', en: 'the file is empty' },
    GEO_FILE_UNREADABLE: { zh: '文件无法解析（GeoJSON 或 Shapefile 压缩包）', en: 'the file cannot be parsed (GeoJSON or a zipped Shapefile)' },
    GEO_FILE_TYPE_UNSUPPORTED: { zh: '不支持的文件类型（仅 GeoJSON 或 Shapefile 压缩包）', en: 'unsupported file type (GeoJSON or a zipped Shapefile only)' },
    GEO_NOT_FEATURE_COLLECTION: { zh: 'GeoJSON 须为 FeatureCollection', en: 'the GeoJSON must be a FeatureCollection' },
    GEO_SHAPEFILE_PART_MISSING: { zh: 'Shapefile 压缩包缺少必需的文件（.shp、.dbf、.prj）', en: 'the zipped Shapefile lacks a required part (.shp, .dbf, .prj)' },
    GEO_CRS_UNKNOWN: { zh: '无法识别坐标系，请用 crs 参数说明（如 EPSG:4547）', en: 'unknown coordinate system; name it with the crs parameter (e.g. EPSG:4547)' },
    GEO_COORDINATES_OUT_OF_RANGE: { zh: '坐标超出范围，请检查坐标系', en: 'coordinates out of range; check the coordinate system' },
    GEO_GEOMETRY_NOT_POLYGON: { zh: '要素几何须为面（Polygon 或 MultiPolygon）', en: 'feature geometries must be polygons (Polygon or MultiPolygon)' },
    GEO_TEXT_INVALID: { zh: '属性中含有无法保存的字符（空字符或不成对的代理字符）', en: 'an attribute contains characters that cannot be stored (U+0000 or an unpaired surrogate)' },
  },
  PHOTO_TYPE_UNSUPPORTED: {
    empty: { zh: '文件为空', en: 'empty file' },
    pdf: { zh: 'PDF', en: 'PDF' },
    gif: { zh: 'GIF', en: 'GIF' },
    heic: { zh: 'HEIC/MP4', en: 'HEIC/MP4' },
    zip: { zh: 'ZIP', en: 'ZIP' },
    text: { zh: '文本文件', en: 'text' },
    unknown: { zh: '无法识别的内容', en: 'unknown content' },
    mismatch: { zh: '文件头与内容不一致', en: 'the header and the content disagree' },
    animated: { zh: '动图（多帧）', en: 'animated (several frames)' },
  },
  CASE_ASSIGNEE_INVALID: {
    notFound: { zh: '用户不存在', en: 'no such user' },
    otherUnit: { zh: '不是本单位人员', en: 'not a member of the unit' },
    disabled: { zh: '账号已停用', en: 'the account is disabled' },
    notHandler: { zh: '不是处置单位人员或执法队员', en: 'not handling-unit staff or an officer' },
  },
  CASE_UNIT_INVALID: {
    notFound: { zh: '单位不存在、已停用或不属于本区', en: 'the unit does not exist, is inactive or belongs to another district' },
    centre: { zh: '监督中心、指挥中心不是处置单位', en: 'the supervision and command centres are not handling units' },
    noMembers: { zh: '该单位没有在岗人员，案件将无人处置', en: 'the unit has no active member: nobody would handle the case' },
  },
  SERVICE_UNAVAILABLE: {
    database: { zh: '数据库无法连接', en: 'the database cannot be reached' },
  },
};

/**
 * What a citizen reads instead (the public routes: portal, tracking link, Open311): the same refusal in plain
 * words, without the platform's terms (grids, statuses, actions).
 */
export const CITIZEN_MESSAGES: Partial<Record<ErrorCode, { zh: string; en: string }>> = {
  GRID_NOT_FOUND_FOR_POINT: { zh: '所选位置不在本平台受理范围内，请确认位置，或拨打 12345 反映', en: 'That place is outside the area this service covers; check the location, or call 12345' },
  CATEGORY_NOT_FOUND: { zh: '请从列表中选择问题类型', en: 'Please choose the kind of problem from the list' },
  CASE_NOT_FOUND: { zh: '没有找到这条反映，请检查链接是否完整', en: 'We could not find this report; check that the link is complete' },
  CASE_TRANSITION_NOT_ALLOWED: { zh: '现在还不能评价：问题处理并经现场核查后，才可以评价', en: 'You cannot rate yet: a report can be rated once it has been handled and checked on site' },
  CASE_VERSION_CONFLICT: { zh: '这条反映刚刚有了新进展，请刷新后再试', en: 'This report has just been updated; reload and try again' },
  TOO_MANY_REQUESTS: { zh: '提交太频繁了，请稍后再试', en: 'Too many submissions; please try again later' },
  PHOTO_NOT_FOUND: { zh: '照片没有上传成功，请重新上传', en: 'A photo did not upload; please add it again' },
  PHOTO_TOO_LARGE: { zh: '照片太大了（上限 {maxMb} MB），请换一张', en: 'The photo is too large (limit {maxMb} MB); please choose another' },
  PHOTO_TYPE_UNSUPPORTED: { zh: '只能上传照片（JPEG、PNG 或 WebP）', en: 'Only photos can be uploaded (JPEG, PNG or WebP)' },
  PHOTO_CORRUPT: { zh: '这张照片打不开，请换一张', en: 'This photo cannot be opened; please choose another' },
};

export function errorStatus(code: ErrorCode): number {
  return ERRORS[code].status;
}

/** The message for `code` in `lang`; parameters naming a status, an action or a source are shown by their labels. */
export function renderMessage(code: ErrorCode, params: ErrorParams, lang: Lang, audience: 'staff' | 'citizen' = 'staff'): string {
  const spec = (audience === 'citizen' && CITIZEN_MESSAGES[code]) || ERRORS[code];
  const template = lang === 'en' ? spec.en : spec.zh;
  const en = lang === 'en';
  return template.replace(/\{(\w+)\}/g, (_, k: string) => {
    const v = params[k];
    if (v === undefined || v === null) return '';
    if (k === 'status' && typeof v === 'string' && v in STATUS_LABELS) return STATUS_LABELS[v as CaseStatus][en ? 'en' : 'zh'];
    if (k === 'action' && typeof v === 'string' && v in TRANSITIONS) return TRANSITIONS[v as CaseAction].label[en ? 'en' : 'zh'];
    if (k === 'source' && typeof v === 'string' && v in SOURCE_LABELS) return SOURCE_LABELS[v as keyof typeof SOURCE_LABELS][en ? 'en' : 'zh'];
    if (k === 'reason' && typeof v === 'string') {
      const r = ERROR_REASONS[code]?.[v];
      if (r) return en ? r.en : r.zh;
    }
    return Array.isArray(v) ? v.join(en ? '; ' : '；') : String(v);
  });
}

/** zh-CN unless the caller prefers English (Accept-Language, in the caller's order). */
export function pickLang(acceptLanguage: string | undefined): Lang {
  if (!acceptLanguage) return 'zh-CN';
  for (const part of acceptLanguage.split(',')) {
    const tag = part.split(';')[0]?.trim().toLowerCase() ?? '';
    if (tag.startsWith('zh')) return 'zh-CN';
    if (tag.startsWith('en')) return 'en';
  }
  return 'zh-CN';
}

/** One failing input: where (`body.categoryCode`, `query.limit`, `params.id`) and why, in the caller's language. */
export const fieldErrorSchema = z.object({ field: z.string(), message: z.string() });
export type FieldError = z.infer<typeof fieldErrorSchema>;

/** The body of every error response; `codes` lists those the operation may answer with at that status. */
export function errorBodySchema(codes: readonly [ErrorCode, ...ErrorCode[]]) {
  return z.object({
    error: z.object({
      code: z.enum(codes),
      message: z.string(),
      fields: z.array(fieldErrorSchema).optional().describe('校验失败的字段 the inputs that failed validation'),
      details: z.unknown().optional().describe('问题明细（如导入文件的逐行问题） problem details, e.g. an import file’s problems'),
    }),
  });
}
export type ErrorBody = z.input<ReturnType<typeof errorBodySchema>>;
