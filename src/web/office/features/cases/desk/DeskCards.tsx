/** The unit's figures at the top of the desk: due today, overdue, handled this week (on time / late), requests pending. */
import type { ReactNode } from 'react';
import { Card, Col, Row, Skeleton, Statistic, Typography } from 'antd';
import { CheckCircleOutlined, ClockCircleOutlined, FieldTimeOutlined, HourglassOutlined } from '@ant-design/icons';
import { inShanghai } from '../../../../common/format/datetime.ts';
import { useI18n } from '../../../../common/i18n/i18n.tsx';
import type { DeskSummary } from './api.ts';

function Figure({ title, value, icon, tone, notes, testId }: { title: string; value: number; icon: ReactNode; tone: string; notes: (string | null)[]; testId: string }) {
  return (
    <Card size="small" style={{ height: '100%' }} styles={{ body: { padding: '14px 18px' } }} data-testid={testId} data-value={value}>
      <div style={{ display: 'flex', alignItems: 'center', gap: 14 }}>
        <span aria-hidden style={{ fontSize: 22, color: tone, background: `${tone}14`, borderRadius: 8, width: 44, height: 44, display: 'inline-flex', alignItems: 'center', justifyContent: 'center', flex: 'none' }}>
          {icon}
        </span>
        <div style={{ minWidth: 0 }}>
          <Statistic title={title} value={value} styles={{ content: { color: tone, fontSize: 26, lineHeight: '32px', fontWeight: 600 } }} />
          {notes.filter(Boolean).map((n) => (
            <Typography.Text key={n} type="secondary" style={{ fontSize: 12, display: 'block', whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }} title={n!}>{n}</Typography.Text>
          ))}
        </div>
      </div>
    </Card>
  );
}

export function DeskCards({ summary, loading }: { summary: DeskSummary | undefined; loading: boolean }) {
  const { t } = useI18n();
  if (!summary) {
    return (
      <Row gutter={16}>
        {[0, 1, 2, 3].map((i) => (
          <Col span={6} key={i}><Card size="small"><Skeleton active={loading} paragraph={{ rows: 1 }} title={false} /></Card></Col>
        ))}
      </Row>
    );
  }
  const u = summary.unitCounts;
  const m = summary.mine;
  // What the leader gave the caller, said under each figure when there is any (a unit's leader sees it too).
  const mine = (n: number) => (n > 0 ? t('desk.mineLine', { n }) : null);
  const pending = u.extensionRequested + u.returnRequested + u.shelveRequested;
  return (
    <Row gutter={16} align="stretch">
      <Col span={6}>
        <Figure testId="desk-due-today" title={t('desk.cardDueToday')} value={u.dueToday} icon={<FieldTimeOutlined />} tone="#8a5300" notes={[t('desk.cardDueTodayNote'), mine(m.dueToday)]} />
      </Col>
      <Col span={6}>
        <Figure testId="desk-overdue" title={t('desk.cardOverdue')} value={u.overdue} icon={<ClockCircleOutlined />} tone={u.overdue ? '#a8071a' : '#4d4d4d'} notes={[u.overdue ? t('desk.cardOverdueNote') : t('desk.cardNoneOverdue'), mine(m.overdue)]} />
      </Col>
      <Col span={6}>
        <Figure
          testId="desk-handled"
          title={t('desk.cardHandled')}
          value={u.handledThisWeek}
          icon={<CheckCircleOutlined />}
          tone="#1f6b0f"
          notes={[t('desk.cardHandledNote', { onTime: u.handledOnTime, late: u.handledLate }), t('desk.cardWeekFrom', { from: inShanghai(summary.weekStart).format('MM-DD') }), mine(m.handledThisWeek)]}
        />
      </Col>
      <Col span={6}>
        <Figure
          testId="desk-pending"
          title={t('desk.cardPending')}
          value={pending}
          icon={<HourglassOutlined />}
          tone="#1456c8"
          notes={[t('desk.cardPendingNote', { ext: u.extensionRequested, ret: u.returnRequested, shelve: u.shelveRequested }), u.shelved ? t('desk.cardShelved', { n: u.shelved }) : null]}
        />
      </Col>
    </Row>
  );
}
