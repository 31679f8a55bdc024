/** A queue tab's label: the step, its count, and red marks for urgent and overdue tasks. */
import { Badge, Space } from 'antd';
import { STEP_LABELS } from '../../../../shared/api/vocabulary.ts';
import { useI18n } from '../../../common/i18n/i18n.tsx';
import { ALL, type QueueTab } from './api.ts';

interface Props {
  step: QueueTab;
  total: number;
  overdue: number;
  urgent: number;
}

// Solid colours dark enough for white 12 px digits (axe colour contrast).
const COUNT = '#1456c8';
const URGENT = '#b3131f';
const OVERDUE = '#7a0a14';

export function TabLabel({ step, total, overdue, urgent }: Props) {
  const { t, label } = useI18n();
  const name = step === ALL ? t('workbench.tabAll') : label(STEP_LABELS[step]);
  return (
    <Space size={6} data-testid={`tab-${step}`}>
      <span>{name}</span>
      <Badge count={total} showZero overflowCount={9999} color={total ? COUNT : '#595959'} aria-label={t('workbench.tabCount', { n: total })} />
      {urgent > 0 && <Badge count={t('workbench.badgeUrgent', { n: urgent })} color={URGENT} aria-label={t('workbench.tabUrgent', { n: urgent })} />}
      {overdue > 0 && <Badge count={t('workbench.badgeOverdue', { n: overdue })} color={OVERDUE} aria-label={t('workbench.tabOverdue', { n: overdue })} />}
    </Space>
  );
}
