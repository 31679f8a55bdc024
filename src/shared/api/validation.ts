/**
 * Validation messages in the caller's language. zod's issues are turned into `{ field, message }`
 * pairs — the server answers them in a 400, the web shows them beside the input — and never reach a
 * person in zod's own English. Schemas name a format with an '@key' message (fields.ts).
 */
import type { z } from 'zod';
import type { FieldError, Lang } from './errors.ts';

type Label = { zh: string; en: string };

/** What a well-formed value looks like, per '@key'. */
export const FORMAT_MESSAGES: Record<string, Label> = {
  text: { zh: '含有无法保存的字符（空字符或不成对的代理字符）', en: 'contains characters that cannot be stored (U+0000 or an unpaired surrogate)' },
  id: { zh: '应为正整数编号（十进制，不带前导零）', en: 'must be a positive whole number in plain decimal (no leading zeros)' },
  integer: { zh: '应为整数（十进制）', en: 'must be a whole number in plain decimal' },
  number: { zh: '应为十进制数字', en: 'must be a decimal number' },
  date: { zh: '应为日期，格式 YYYY-MM-DD', en: 'must be a date, YYYY-MM-DD' },
  dateTime: { zh: '应为带时区的 ISO 8601 时间（如 2026-05-01T08:00:00+08:00）或日期 YYYY-MM-DD', en: 'must be an ISO 8601 time with an offset (e.g. 2026-05-01T08:00:00+08:00) or a date YYYY-MM-DD' },
  districtCode: { zh: '应为 6 位区县编码', en: 'must be a 6-digit district code' },
  streetCode: { zh: '应为 9 位街道编码', en: 'must be a 9-digit street code' },
  communityCode: { zh: '应为 12 位社区编码', en: 'must be a 12-digit community code' },
  gridCode: { zh: '应为 15 位单元网格编码', en: 'must be a 15-digit unit-grid code' },
  divisionCode: { zh: '应为 6、9 或 12 位区划编码', en: 'must be a 6-, 9- or 12-digit division code' },
  anyDivisionCode: { zh: '应为 4、6、9 或 12 位区划编码', en: 'must be a 4-, 6-, 9- or 12-digit division code' },
  scopeCode: { zh: '应为 4、6、9、12 或 15 位区划或网格编码', en: 'must be a 4-, 6-, 9-, 12- or 15-digit division or grid code' },
  categoryCode: { zh: '应为 5 位类别编码（2 位大类 + 3 位小类）', en: 'must be a 5-digit category code (2-digit major + 3-digit minor)' },
  localCategoryCode: { zh: '本地扩展类别的大类编码须在 11–99 之间', en: 'a local extension category’s major code must be 11–99' },
  legacyCategoryCode: { zh: '应为 4–6 位旧版类别编码', en: 'must be a 4- to 6-digit legacy category code' },
  majorCode: { zh: '应为 2 位大类编码', en: 'must be a 2-digit major code' },
  photoId: { zh: '应为照片编号（64 位十六进制）', en: 'must be a photo id (64 hex digits)' },
  phone: { zh: '应为电话号码（5–20 位数字、+ 或 -）', en: 'must be a phone number (5–20 digits, + or -)' },
  citizenPhone: { zh: '应为手机号或固定电话', en: 'must be a mobile or landline number' },
  newUsername: { zh: '应为 3–40 位字母、数字、点、下划线或连字符，以字母或数字开头', en: 'must be 3–40 letters, digits, dots, underscores or hyphens, starting with a letter or digit' },
  code40: { zh: '应为 1–40 位字母、数字、下划线或连字符', en: 'must be 1–40 letters, digits, underscores or hyphens' },
  ipPrefix: { zh: '应为 IP 地址或其开头部分（数字、点、冒号、十六进制字母）', en: 'must be an IP address or its beginning (digits, dots, colons, hex letters)' },
  requestId: { zh: '应为 8–80 位请求编号（字母、数字、. _ : -）', en: 'must be a request id of 8–80 letters, digits or . _ : -' },
  crs: { zh: '应为 EPSG 坐标系编号（如 EPSG:4547）', en: 'must be an EPSG code (e.g. EPSG:4547)' },
  hhmm: { zh: '应为时刻 HH:MM', en: 'must be a time of day, HH:MM' },
  mmdd: { zh: '应为月日 MM-DD', en: 'must be a month and day, MM-DD' },
  periodOrder: { zh: '开始时刻须早于结束时刻', en: 'the start must be before the end' },
  periodsOverlap: { zh: '时段须按顺序且不重叠', en: 'periods must be in order and must not overlap' },
  bbox: { zh: '应为 最小经度,最小纬度,最大经度,最大纬度（WGS-84）', en: 'must be minLng,minLat,maxLng,maxLat (WGS-84)' },
  lngLatTogether: { zh: '经度和纬度须同时提供', en: 'lng and lat come together' },
  kindCodeTogether: { zh: '类别种类和编码须同时提供或同时为空', en: 'kind and code are both given or both null' },
  trackingToken: { zh: '应为跟踪链接中的令牌', en: 'must be the token from a tracking link' },
  oneFile: { zh: '每次只能上传一个文件', en: 'one file per upload' },
  tooManyFields: { zh: '表单字段过多', en: 'too many form fields' },
  urlEncoding: { zh: '百分号编码不是有效的 UTF-8', en: 'is not percent-encoded UTF-8' },
  categoryKey: { zh: '应为“种类:编码”，如“event:06010”', en: 'must be kind:code, e.g. event:06010' },
  caseNumber: { zh: '应为受理号（如 2026-T000123）或案卷号（如 2026-A000045）', en: 'must be a tracking number (e.g. 2026-T000123) or a case number (e.g. 2026-A000045)' },
  preferenceKey: { zh: '应为 1–40 位字母、数字、点、下划线或连字符，以字母开头', en: 'must be 1–40 letters, digits, dots, underscores or hyphens, starting with a letter' },
  queryKeys: { zh: '至多 30 个查询参数', en: 'must have at most 30 query parameters' },
  duplicate: { zh: '与前面的一项重复', en: 'repeats an earlier item' },
  required: { zh: '必填', en: 'is required' },
};

const TYPE_LABELS: Record<string, Label> = {
  string: { zh: '文本', en: 'text' },
  number: { zh: '数字', en: 'a number' },
  int: { zh: '整数', en: 'a whole number' },
  boolean: { zh: '布尔值（true 或 false）', en: 'true or false' },
  array: { zh: '数组', en: 'a list' },
  object: { zh: '对象', en: 'an object' },
  record: { zh: '对象', en: 'an object' },
  tuple: { zh: '数组', en: 'a list' },
  bigint: { zh: '整数', en: 'a whole number' },
  date: { zh: '日期时间', en: 'a date and time' },
  null: { zh: 'null', en: 'null' },
};

type Issue = z.core.$ZodIssue;
const list = (values: readonly unknown[], lang: Lang) => values.map((v) => JSON.stringify(v)).join(lang === 'en' ? ', ' : '、');

/** One issue in words (without the field), given whether the input was missing altogether. */
export function describeIssue(issue: Issue, lang: Lang, missing = false): string {
  const en = lang === 'en';
  const pick = (l: Label) => (en ? l.en : l.zh);
  if (issue.message?.startsWith('@')) {
    const f = FORMAT_MESSAGES[issue.message.slice(1)];
    if (f) return pick(f);
  }
  switch (issue.code) {
    case 'invalid_type':
      if (missing) return pick(FORMAT_MESSAGES.required!);
      return TYPE_LABELS[issue.expected] ? (en ? `must be ${TYPE_LABELS[issue.expected]!.en}` : `应为${TYPE_LABELS[issue.expected]!.zh}`) : en ? 'has the wrong type' : '类型不正确';
    case 'too_small': {
      const n = Number(issue.minimum);
      if (issue.origin === 'string') return n <= 1 ? (en ? 'must not be empty' : '不能为空') : en ? `must be at least ${n} characters` : `至少 ${n} 个字符`;
      if (issue.origin === 'array' || issue.origin === 'set') return en ? `must have at least ${n} item(s)` : `至少 ${n} 项`;
      return issue.inclusive ? (en ? `must be at least ${n}` : `不能小于 ${n}`) : en ? `must be greater than ${n}` : `须大于 ${n}`;
    }
    case 'too_big': {
      const n = Number(issue.maximum);
      if (issue.origin === 'string') return en ? `must be at most ${n} characters` : `最多 ${n} 个字符`;
      if (issue.origin === 'array' || issue.origin === 'set') return en ? `must have at most ${n} item(s)` : `最多 ${n} 项`;
      return issue.inclusive ? (en ? `must be at most ${n}` : `不能大于 ${n}`) : en ? `must be less than ${n}` : `须小于 ${n}`;
    }
    case 'invalid_format':
      if (issue.format === 'datetime') return pick(FORMAT_MESSAGES.dateTime!);
      if (issue.format === 'date') return pick(FORMAT_MESSAGES.date!);
      return en ? 'is not in the expected format' : '格式不正确';
    case 'invalid_value':
      return en ? `must be one of ${list(issue.values, lang)}` : `应为以下之一：${list(issue.values, lang)}`;
    case 'not_multiple_of':
      return en ? `must be a multiple of ${issue.divisor}` : `应为 ${issue.divisor} 的整数倍`;
    case 'unrecognized_keys':
      return en ? 'is not a known field' : '不是可接受的字段';
    default:
      return en ? 'is not valid' : '不正确';
  }
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let v = data;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

/**
 * zod's issues as `{ field, message }` (`field` like `body.categoryCode` or `query.status.1`). An unknown
 * key names itself. `data` is the input validated, to tell a missing field from a wrong one.
 */
export function fieldErrors(issues: readonly Issue[], lang: Lang, where: string, data?: unknown): FieldError[] {
  const out: FieldError[] = [];
  const name = (path: readonly PropertyKey[]) => [where, ...path.map(String)].filter(Boolean).join('.');
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const k of issue.keys) out.push({ field: name([...issue.path, k]), message: describeIssue(issue, lang) });
      continue;
    }
    out.push({ field: name(issue.path), message: describeIssue(issue, lang, valueAt(data, issue.path) === undefined) });
  }
  return out;
}

/** The fields in one line, as VALIDATION_FAILED's message shows them. */
export function joinFieldErrors(fields: readonly FieldError[], lang: Lang): string {
  return fields.map((f) => (lang === 'en' ? `${f.field} ${f.message}` : `${f.field}：${f.message}`)).join(lang === 'en' ? '; ' : '；');
}
