/**
 * One error type for the domain. Commands throw `new DomainError('GRID_NOT_FOUND_FOR_POINT', {...})`;
 * the HTTP edge (http/errors.ts) picks the status and renders the message in the caller's language.
 */
export type ErrorParams = Record<string, unknown>;

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly params: ErrorParams;
  constructor(code: ErrorCode, params: ErrorParams = {}) {
    super(code);
    this.name = 'DomainError';
    this.code = code;
    this.params = params;
  }
}

export function isDomainError(err: unknown): err is DomainError {
  return err instanceof DomainError;
}

interface ErrorSpec {
  status: number;
  zh: string;
  en: string;
}

/** The one table: code → HTTP status and message templates ({name} placeholders). */
export const ERRORS = {
  VALIDATION_FAILED: { status: 400, zh: '请求参数不正确：{detail}', en: 'Invalid request: {detail}' },
  BAD_REQUEST: { status: 400, zh: '请求格式不正确：{detail}', en: 'Malformed request: {detail}' },
  UNAUTHENTICATED: { status: 401, zh: '请先登录', en: 'Sign-in required' },
  SESSION_EXPIRED: { status: 401, zh: '会话已过期，请重新登录', en: 'Your session has expired; please sign in again' },
  INVALID_CREDENTIALS: { status: 401, zh: '用户名或密码错误', en: 'Wrong username or password' },
  ACCOUNT_LOCKED: { status: 423, zh: '登录失败次数过多，账号已临时锁定，请于 {until} 后再试', en: 'Too many failed sign-ins; the account is locked until {until}' },
  ACCOUNT_DISABLED: { status: 403, zh: '账号已停用', en: 'This account is disabled' },
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
  UNIT_NOT_FOUND: { status: 404, zh: '单位不存在：{unit}', en: 'No such unit: {unit}' },
  UNIT_CODE_TAKEN: { status: 409, zh: '单位编码已存在：{code}', en: 'Unit code already taken: {code}' },
  CALENDAR_NOT_FOUND: { status: 404, zh: '工作日历不存在：{calendar}', en: 'No such calendar: {calendar}' },
  CALENDAR_CODE_TAKEN: { status: 409, zh: '日历编码已存在：{code}', en: 'Calendar code already taken: {code}' },
  DIVISION_NOT_FOUND: { status: 404, zh: '行政区划不存在：{code}', en: 'No such division: {code}' },
  GRID_NOT_FOUND: { status: 404, zh: '单元网格不存在：{code}', en: 'No such unit grid: {code}' },
  GRID_NOT_FOUND_FOR_POINT: { status: 422, zh: '该位置（{lng}, {lat}）不在任何单元网格内', en: 'The point ({lng}, {lat}) lies outside every unit grid' },
  GRID_IMPORT_INVALID: { status: 422, zh: '导入文件有 {count} 个问题，未导入任何数据', en: 'The file has {count} problem(s); nothing was imported' },
  GEO_FILE_INVALID: { status: 400, zh: '无法读取地理文件：{detail}', en: 'Cannot read the geographic file: {detail}' },
  SCOPE_INVALID: { status: 400, zh: '数据范围编码无效或超出您的范围：{code}', en: 'Scope code invalid or outside your own scope: {code}' },
  CATEGORY_NOT_FOUND: { status: 404, zh: '类别不存在：{kind} {code}', en: 'No such category: {kind} {code}' },
  CATEGORY_EXISTS: { status: 409, zh: '类别已存在：{kind} {code}', en: 'Category already exists: {kind} {code}' },
  CATEGORY_IMPORT_INVALID: { status: 422, zh: '类别文件有 {count} 个问题，未导入任何数据', en: 'The category file has {count} problem(s); nothing was imported' },
  CASE_NOT_FOUND: { status: 404, zh: '案件不存在：{id}', en: 'No such case: {id}' },
  CASE_TRANSITION_NOT_ALLOWED: { status: 409, zh: '案件当前状态（{status}）不能执行“{action}”', en: 'Action "{action}" is not allowed while the case is {status}' },
  CASE_VERSION_CONFLICT: { status: 409, zh: '案件已被他人处理（当前版本 {current}），请刷新后重试', en: 'The case was changed by someone else (now version {current}); reload and retry' },
  CASE_AFTER_PHOTO_REQUIRED: { status: 422, zh: '该类别处置反馈须上传处置后照片', en: 'This category requires an after-photo when reporting it handled' },
  CASE_EXTENSION_LIMIT: { status: 422, zh: '延期次数已达上限（{max} 次）', en: 'The extension limit ({max}) has been reached' },
  CASE_MERGE_INVALID: { status: 422, zh: '不能合并到该案件：{detail}', en: 'Cannot merge into that case: {detail}' },
  CASE_UNIT_INVALID: { status: 422, zh: '处置单位无效：{unit}', en: 'Invalid handling unit: {unit}' },
  CASE_REPORT_NOT_ALLOWED: { status: 403, zh: '无权以“{source}”渠道上报', en: 'You may not report through the "{source}" channel' },
  PHOTO_NOT_FOUND: { status: 422, zh: '照片不存在：{id}（请先上传照片）', en: 'No such photo: {id} (upload it first)' },
  PHOTO_FILE_MISSING: { status: 400, zh: '请求中缺少照片文件（表单字段 file）', en: 'No photo in the request (multipart field "file")' },
  PHOTO_TYPE_UNSUPPORTED: { status: 415, zh: '文件不是支持的图片格式（仅支持 JPEG、PNG、WebP）：{detail}', en: 'Not a supported image (JPEG, PNG or WebP only): {detail}' },
  PHOTO_TOO_LARGE: { status: 413, zh: '照片超过大小上限（{maxMb} MB）', en: 'The photo exceeds the size limit ({maxMb} MB)' },
  PHOTO_CORRUPT: { status: 422, zh: '照片文件已损坏或不完整，无法解码', en: 'The photo is damaged or incomplete and cannot be decoded' },
  PHOTO_PIXELS_TOO_MANY: { status: 422, zh: '照片像素过多（{width}×{height}，上限 {maxMegapixels} 百万像素）', en: 'The photo has too many pixels ({width}×{height}; limit {maxMegapixels} megapixels)' },
  PHOTO_METADATA_TOO_LARGE: { status: 422, zh: '照片元数据过大（{bytes} 字节，上限 {max} 字节）', en: 'The photo metadata is too large ({bytes} bytes; limit {max})' },
  CONFLICT: { status: 409, zh: '数据已被他人修改，请刷新后重试', en: 'The record was changed by someone else; reload and retry' },
  PAYLOAD_TOO_LARGE: { status: 413, zh: '上传内容过大', en: 'Payload too large' },
  SERVICE_UNAVAILABLE: { status: 503, zh: '服务暂不可用：{detail}', en: 'Service unavailable: {detail}' },
  INTERNAL: { status: 500, zh: '服务器内部错误（请求编号 {requestId}）', en: 'Internal server error (request id {requestId})' },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERRORS;
export type Lang = 'zh-CN' | 'en';

export function renderMessage(code: ErrorCode, params: ErrorParams, lang: Lang): string {
  const template = lang === 'en' ? ERRORS[code].en : ERRORS[code].zh;
  return template.replace(/\{(\w+)\}/g, (_, k: string) => {
    const v = params[k];
    return v === undefined || v === null ? '' : Array.isArray(v) ? v.join(lang === 'en' ? '; ' : '；') : String(v);
  });
}

/** zh-CN unless the caller prefers English (Accept-Language). */
export function pickLang(acceptLanguage: string | undefined): Lang {
  if (!acceptLanguage) return 'zh-CN';
  for (const part of acceptLanguage.split(',')) {
    const tag = part.split(';')[0]?.trim().toLowerCase() ?? '';
    if (tag.startsWith('zh')) return 'zh-CN';
    if (tag.startsWith('en')) return 'en';
  }
  return 'zh-CN';
}
