/** Human-readable audit reports in Chinese and English, rendered from the structured problems. */
import type { Lang } from '../../errors.ts';
import type { AuditProblem, AuditReport } from './audit.types.ts';

type Fields = Omit<AuditProblem, 'detail'>;

function ev(p: Fields, lang: Lang): string {
  const id = p.eventId !== undefined ? (lang === 'en' ? ` (id ${p.eventId})` : `（id ${p.eventId}）`) : '';
  return lang === 'en' ? `case ${p.caseId} event #${p.seq}${id}` : `案件 ${p.caseId} 的第 ${p.seq} 条事件${id}`;
}

export function describeProblem(p: Fields, lang: Lang): string {
  const en = lang === 'en';
  const cp = `#${p.checkpointId}`;
  switch (p.reason) {
    case 'content':
      return en ? `${ev(p, lang)} was altered (it no longer matches its hash)` : `${ev(p, lang)}被篡改（内容与哈希不符）`;
    case 'rehashed':
      return en ? `${ev(p, lang)} was altered and re-hashed (the next event still links to the original)` : `${ev(p, lang)}被篡改并重新计算了哈希（下一条事件仍指向原哈希）`;
    case 'link':
      return en ? `${ev(p, lang)} does not start the chain (earlier events were removed or it was altered)` : `${ev(p, lang)}不是链的起点（前面的事件被删除或该事件被篡改）`;
    case 'gap':
      return p.fromSeq === p.toSeq
        ? en ? `case ${p.caseId}: event #${p.fromSeq} was removed` : `案件 ${p.caseId}：第 ${p.fromSeq} 条事件被删除`
        : en ? `case ${p.caseId}: events #${p.fromSeq}–#${p.toSeq} were removed` : `案件 ${p.caseId}：第 ${p.fromSeq}–${p.toSeq} 条事件被删除`;
    case 'tail':
      return en
        ? `case ${p.caseId}: events after seq ${p.seq} were removed (checkpoint ${cp} saw up to seq ${p.toSeq})`
        : `案件 ${p.caseId}：第 ${p.seq} 条之后的事件被删除（检查点 ${cp} 记录到第 ${p.toSeq} 条）`;
    case 'entirely':
      return en ? `case ${p.caseId} was removed entirely (checkpoint ${cp} recorded it at seq ${p.toSeq})` : `案件 ${p.caseId} 被整体删除（检查点 ${cp} 记录其已有 ${p.toSeq} 条事件）`;
    case 'events':
      return en ? `case ${p.caseId}: all its events were removed (checkpoint ${cp} recorded seq ${p.toSeq})` : `案件 ${p.caseId}：全部事件被删除（检查点 ${cp} 记录到第 ${p.toSeq} 条）`;
    case 'row':
      return en ? `case ${p.caseId}: the case row was removed but its events remain` : `案件 ${p.caseId}：案件记录被删除，但事件仍在`;
    case 'head':
      return en
        ? `case ${p.caseId} event #${p.seq}: the chain was rewritten (hash differs from checkpoint ${cp})`
        : `案件 ${p.caseId} 第 ${p.seq} 条事件：事件链被改写（哈希与检查点 ${cp} 不符）`;
    case 'outOfOrder':
      return en
        ? `${ev(p, lang)} was added out of order (global #${p.globalSeq} lies inside checkpoint ${cp}, which did not include it)`
        : `${ev(p, lang)}为事后插入（全局序号 ${p.globalSeq} 属于检查点 ${cp} 的范围，但该检查点未包含它）`;
    case 'state':
      return en
        ? `case ${p.caseId}: the case row says ${p.found} but its last event says ${p.expected} (changed without an event)`
        : `案件 ${p.caseId}：案件记录为 ${p.found}，但最后一条事件为 ${p.expected}（未经事件被修改）`;
    case 'noEvents':
      return en ? `case ${p.caseId} has no events (created or kept without the audit trail)` : `案件 ${p.caseId} 没有任何事件（绕过审计记录创建或其事件被删除）`;
    case 'hmac':
      return en ? `checkpoint ${cp}: the signature does not match (root or HMAC forged)` : `检查点 ${cp}：签名不符（根哈希或 HMAC 被伪造）`;
    case 'key':
      return en ? `checkpoint ${cp} is signed with key ${p.found}, not the key given (${p.expected})` : `检查点 ${cp} 使用密钥 ${p.found} 签名，而非当前密钥 ${p.expected}`;
    case 'root':
      return en ? `checkpoint ${cp}: the root does not follow from its fields` : `检查点 ${cp}：根哈希与其字段不符`;
    case 'delta':
      return en ? `checkpoint ${cp}: its stored chain heads were altered (${p.found})` : `检查点 ${cp}：其记录的链头被篡改（${p.found}）`;
    case 'prevLink':
      return en ? `checkpoint ${cp} does not link to the one before it (a checkpoint was removed or replaced)` : `检查点 ${cp} 与前一个检查点不衔接（有检查点被删除或替换）`;
    case 'upto':
      return en ? `checkpoint ${cp} does not cover more than the one before it` : `检查点 ${cp} 的覆盖范围未超过前一个检查点`;
    case 'missing':
      return en ? `checkpoint ${cp} from the exported copy is missing from the database` : `导出副本中的检查点 ${cp} 在数据库中缺失`;
    case 'exportDiffers':
      return en ? `checkpoint ${cp} differs from the exported copy (${p.found})` : `检查点 ${cp} 与导出副本不一致（${p.found}）`;
  }
}

export function formatReport(report: AuditReport, lang: Lang): string {
  const en = lang === 'en';
  const lines: string[] = [];
  const covered = report.coveredUpto === null ? (en ? 'none' : '无') : `#${report.coveredUpto}`;
  const at = report.lastCheckpointAt?.toISOString() ?? (en ? 'never' : '无');
  if (report.ok) lines.push(en ? 'Audit trail intact.' : '审计记录完整。');
  else lines.push(en ? `Audit trail TAMPERED: ${report.problemCount} problem(s).` : `审计记录被篡改：共 ${report.problemCount} 个问题。`);
  if (report.firstProblem) lines.push(`${en ? 'First: ' : '首个问题：'}${describeProblem(report.firstProblem, lang)}`);
  for (const p of report.problems.slice(1, 20)) lines.push(`  - ${describeProblem(p, lang)}`);
  if (report.problemCount > 20) lines.push(en ? `  … and ${report.problemCount - 20} more` : `  … 另有 ${report.problemCount - 20} 个`);
  lines.push(en
    ? `Checked ${report.checkedEvents} events in ${report.checkedCases} cases and ${report.checkpoints} checkpoints in ${report.durationMs} ms; covered up to global ${covered} (last checkpoint ${at}).`
    : `已核验 ${report.checkpoints} 个检查点、${report.checkedCases} 个案件的 ${report.checkedEvents} 条事件，用时 ${report.durationMs} 毫秒；已覆盖至全局序号 ${covered}（最近检查点 ${at}）。`);
  if (report.uncovered.events > 0) {
    const since = report.uncovered.since?.toISOString() ?? '';
    lines.push(en
      ? `Not yet covered by a checkpoint: ${report.uncovered.events} event(s) since ${since}.`
      : `尚未被检查点覆盖：自 ${since} 起的 ${report.uncovered.events} 条事件。`);
  }
  return lines.join('\n');
}
