/**
 * One readable line per security-log record, from its kind and detail, in zh-CN or English: the viewer's
 * "summary" column and the export's. The full detail stays available as JSON; this only says it in words.
 * IO-free (shared by the server's CSV export and the web).
 */
import { ROLE_LABELS, isRole } from '../roles.ts';
import type { Lang } from './errors.ts';
import type { SecurityEventKind } from './vocabulary.ts';

type Label = { zh: string; en: string };

const LOGIN_REASONS: Record<string, Label> = {
  unknownUser: { zh: '用户名不存在', en: 'unknown username' },
  wrongPassword: { zh: '密码错误', en: 'wrong password' },
  integrationAccount: { zh: '集成账号不能登录', en: 'integration accounts cannot sign in' },
  locked: { zh: '账号已锁定', en: 'account locked' },
  disabled: { zh: '账号已停用', en: 'account disabled' },
  rolesIncompatible: { zh: '角色不能兼任', en: 'roles cannot be combined' },
  passwordChangeWrongCurrent: { zh: '修改密码时当前密码错误', en: 'wrong current password when changing it' },
};

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : typeof v === 'number' ? String(v) : undefined);
const list = (v: unknown): string[] | undefined => (Array.isArray(v) ? v.map(String) : undefined);

export function securityEventSummary(kind: SecurityEventKind, detail: Record<string, unknown>, lang: Lang): string {
  const en = lang === 'en';
  const l = (x: Label) => (en ? x.en : x.zh);
  const sep = en ? '; ' : '；';
  const target = str(detail.target);
  const parts: string[] = [];
  const add = (zh: string, enText: string) => parts.push(en ? enText : zh);
  switch (kind) {
    case 'login.failed':
    case 'session.invalid':
    case 'apiToken.invalid': {
      const reason = str(detail.reason);
      if (reason) add(`原因：${LOGIN_REASONS[reason] ? l(LOGIN_REASONS[reason]!) : reason}`, `reason: ${LOGIN_REASONS[reason] ? l(LOGIN_REASONS[reason]!) : reason}`);
      if (typeof detail.failures === 'number') add(`连续失败 ${detail.failures} 次`, `${detail.failures} failure(s) in a row`);
      if (str(detail.url)) add(`地址 ${str(detail.url)}`, `URL ${str(detail.url)}`);
      break;
    }
    case 'login.locked':
      if (str(detail.until)) add(`锁定至 ${str(detail.until)}`, `locked until ${str(detail.until)}`);
      break;
    case 'permission.denied':
    case 'csrf.rejected': {
      const what = [str(detail.method), str(detail.route) ?? str(detail.url)].filter(Boolean).join(' ');
      if (what) add(`请求 ${what}`, `request ${what}`);
      if (str(detail.needed)) add(`需要权限 ${str(detail.needed)}`, `needs ${str(detail.needed)}`);
      if (str(detail.action)) add(`案件 ${str(detail.caseId) ?? ''} 的操作 ${str(detail.action)}`, `action ${str(detail.action)} on case ${str(detail.caseId) ?? ''}`);
      break;
    }
    case 'user.created':
    case 'user.rolesChanged': {
      if (target) add(`账号 ${target}`, `account ${target}`);
      const roles = list(detail.roles);
      if (roles) add(`角色：${roles.map((r) => (isRole(r) ? ROLE_LABELS[r].zh : r)).join('、')}`, `roles: ${roles.map((r) => (isRole(r) ? ROLE_LABELS[r].en : r)).join(', ')}`);
      const scopes = list(detail.scopes);
      if (scopes) add(`范围：${scopes.join('、')}`, `scope: ${scopes.join(', ')}`);
      if (detail.isIntegration === true) add('集成账号', 'integration account');
      break;
    }
    case 'user.disabled':
    case 'user.enabled':
    case 'password.reset':
      if (target) add(`账号 ${target}`, `account ${target}`);
      break;
    case 'apiToken.created':
    case 'apiToken.revoked':
      if (str(detail.name)) add(`令牌“${str(detail.name)}”`, `token "${str(detail.name)}"`);
      if (target) add(`账号 ${target}`, `account ${target}`);
      if (str(detail.expiresAt)) add(`有效期至 ${str(detail.expiresAt)}`, `expires ${str(detail.expiresAt)}`);
      break;
    case 'case.contactRevealed':
      add(`案件 ${str(detail.trackingNo) ?? str(detail.caseId) ?? ''}`, `case ${str(detail.trackingNo) ?? str(detail.caseId) ?? ''}`);
      if (str(detail.reason)) add(`事由：${str(detail.reason)}`, `reason: ${str(detail.reason)}`);
      break;
    case 'audit.verified': {
      const ok = detail.ok === true;
      const n = typeof detail.problemCount === 'number' ? detail.problemCount : 0;
      if (detail.ok === undefined || detail.ok === null) add('核验未完成', 'verification did not finish');
      else add(ok ? '审计记录完整' : `发现 ${n} 个问题`, ok ? 'audit trail intact' : `${n} problem(s) found`);
      const first = detail.firstProblem as { zh?: unknown; en?: unknown } | undefined;
      if (first && str(en ? first.en : first.zh)) add(`首个问题：${str(first.zh)}`, `first: ${str(first.en)}`);
      if (typeof detail.checkedEvents === 'number') add(`核验 ${detail.checkedEvents} 条事件`, `${detail.checkedEvents} events checked`);
      break;
    }
    case 'securityLog.exported': {
      const f = (detail.filter ?? {}) as Record<string, unknown>;
      const keys = Object.keys(f);
      add(keys.length ? `筛选：${keys.map((k) => `${k}=${String(f[k])}`).join('，')}` : '全部记录', keys.length ? `filter: ${keys.map((k) => `${k}=${String(f[k])}`).join(', ')}` : 'all records');
      if (str(detail.format)) add(`格式 ${str(detail.format)!.toUpperCase()}`, `format ${str(detail.format)!.toUpperCase()}`);
      break;
    }
    case 'login.succeeded':
    case 'login.rateLimited':
    case 'logout':
    case 'session.expired':
    case 'password.changed':
      break;
  }
  return parts.join(sep);
}
