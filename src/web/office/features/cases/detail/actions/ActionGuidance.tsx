/**
 * What whoever decides should read first (DOMAIN §4: filing and closing conditions are guidance, shown to
 * the person deciding, not rules the browser enforces): the category's conditions, its handling limit, the
 * extension so far.
 */
import { Alert, Typography } from 'antd';
import type { CaseAction } from '../../../../../../shared/cases/workflow.ts';
import { useI18n } from '../../../../../common/i18n/i18n.tsx';
import type { CaseDetail } from '../api.ts';
import { useCategoryOf } from '../CaseFacts.tsx';
import { formatTime } from '../format.ts';
import { clockLabel } from '../labels.ts';

export function ActionGuidance({ action, c }: { action: CaseAction; c: CaseDetail }) {
  const { t } = useI18n();
  const cat = useCategoryOf(c);
  const pre = (s: string) => <Typography.Paragraph className="gc-pre" style={{ margin: 0 }}>{s}</Typography.Paragraph>;
  if (action === 'file' && cat?.filingConditions) {
    return <Alert type="info" title={t('caseActions.filingConditions')} description={pre(cat.filingConditions)} />;
  }
  if (action === 'close' && cat?.closingConditions) {
    return <Alert type="info" title={t('caseActions.closingConditions')} description={pre(cat.closingConditions)} />;
  }
  if (action === 'dispatch' && cat?.timeLimit) {
    return <Alert type="info" title={t('caseActions.handlingLimit', { amount: cat.timeLimit, clock: clockLabel(cat.clockType, t) })} />;
  }
  if (action === 'requestExtension' || action === 'approveExtension' || action === 'denyExtension') {
    const handle = c.steps.find((s) => s.step === 'handle' && !s.endedAt);
    return <Alert type="info" title={t('caseActions.extensionInfo', { n: c.extensionCount, due: formatTime(handle?.dueAt ?? c.handlingDueAt) })} />;
  }
  if (action === 'merge') return <Alert type="info" title={t('caseDetail.dupMergeBody')} />;
  return null;
}
