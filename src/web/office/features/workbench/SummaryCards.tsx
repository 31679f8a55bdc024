/** The four figures at the top of the workbench: my open tasks, overdue, urgent, near due. */
import { Card, Col, Row, Skeleton, Statistic, Typography } from 'antd';
import { AlertOutlined, ClockCircleOutlined, FieldTimeOutlined, InboxOutlined } from '@ant-design/icons';
import { inShanghai } from '../../../common/format/datetime.ts';
import type { ReactNode } from 'react';
import { STEP_LABELS } from '../../../../shared/api/vocabulary.ts';
import { useI18n } from '../../../common/i18n/i18n.tsx';
import type { QueueSummary } from './api.ts';

interface Props {
  summary: QueueSummary | undefined;
  nearDue: { total: number; exact: boolean } | undefined;
  loading: boolean;
}

function Figure({ title, value, icon, tone, note, testId }: { title: string; value: ReactNode; icon: ReactNode; tone: string; note?: string; testId: string }) {
  return (
    <Card size="small" styles={{ body: { padding: '14px 18px' } }} data-testid={testId}>
      <div style={{ display: 'flex', alignItems: 'center', gap: 14 }}>
        <span aria-hidden style={{ fontSize: 22, color: tone, background: `${tone}14`, borderRadius: 8, width: 44, height: 44, display: 'inline-flex', alignItems: 'center', justifyContent: 'center', flex: 'none' }}>
          {icon}
        </span>
        <div style={{ minWidth: 0 }}>
          <Statistic title={title} value={value as number} styles={{ content: { color: tone, fontSize: 26, lineHeight: '32px', fontWeight: 600 } }} />
          <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>{note ?? '\u00a0'}</Typography.Text>
        </div>
      </div>
    </Card>
  );
}

export function SummaryCards({ summary, nearDue, loading }: Props) {
  const { t, label } = useI18n();
  if (loading && !summary) {
    return (
      <Row gutter={16}>
        {[0, 1, 2, 3].map((i) => (
          <Col span={6} key={i}><Card size="small"><Skeleton active paragraph={{ rows: 1 }} title={false} /></Card></Col>
        ))}
      </Row>
    );
  }
  const s = summary ?? { steps: [], total: 0, overdue: 0, urgent: 0 };
  const earliest = [...s.steps].sort((a, b) => Date.parse(a.nextDueAt) - Date.parse(b.nextDueAt))[0];
  // The earliest deadline, said as what it is: still to come, or already passed (every task overdue).
  const earliestNote = earliest
    ? t(Date.parse(earliest.nextDueAt) < Date.now() ? 'workbench.earliestOverdue' : 'workbench.earliestDue', { at: inShanghai(earliest.nextDueAt).format('MM-DD HH:mm'), step: label(STEP_LABELS[earliest.step]) })
    : undefined;
  const nearDueValue = nearDue ? (nearDue.exact ? nearDue.total : `${nearDue.total.toLocaleString()}+`) : '—';
  return (
    <Row gutter={16}>
      <Col span={6}>
        <Figure testId="card-total" title={t('workbench.cardTotal')} value={s.total} icon={<InboxOutlined />} tone="#1456c8" note={t('workbench.cardTotalNote', { n: s.steps.length })} />
      </Col>
      <Col span={6}>
        <Figure testId="card-overdue" title={t('workbench.cardOverdue')} value={s.overdue} icon={<ClockCircleOutlined />} tone={s.overdue ? '#a8071a' : '#4d4d4d'} note={s.overdue ? t('workbench.cardOverdueNote') : t('workbench.cardNoneOverdue')} />
      </Col>
      <Col span={6}>
        <Figure testId="card-urgent" title={t('workbench.cardUrgent')} value={s.urgent} icon={<AlertOutlined />} tone={s.urgent ? '#b3131f' : '#4d4d4d'} note={t('workbench.cardUrgentNote')} />
      </Col>
      <Col span={6}>
        <Figure testId="card-near-due" title={t('workbench.cardNearDue')} value={nearDueValue} icon={<FieldTimeOutlined />} tone="#8a5300" note={earliestNote} />
      </Col>
    </Row>
  );
}
