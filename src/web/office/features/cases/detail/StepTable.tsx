/** The case's step records: each step's limit, when it ran, how long it took, its colour and whether it was on time. */
import { Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { COLOUR_LABELS, STEP_LABELS, type Colour } from '../../../../../shared/api/vocabulary.ts';
import { COLOUR_STYLE, TimeLeft, useNow } from '../../../../common/components/TimeLeft.tsx';
import { formatDuration } from '../../../../common/format/time-left-text.ts';
import { useI18n } from '../../../../common/i18n/i18n.tsx';
import type { CaseStep } from './api.ts';
import { useUnitName } from './CaseFacts.tsx';
import { elapsedSeconds, formatShort, formatTime } from './format.ts';
import { amountLabel, clockLabel, outcomeLabel, roleLabel } from './labels.ts';

export function ColourTag({ colour }: { colour: Colour | null }) {
  const { label } = useI18n();
  if (!colour) return <>—</>;
  const s = COLOUR_STYLE[colour];
  return <Tag style={{ color: s.color, background: s.background, borderColor: s.border, marginInlineEnd: 0 }}>{label(COLOUR_LABELS[colour])}</Tag>;
}

/** What an open step shows as its time left: the live countdown when the server sent one, else when it is due. */
export function StepTimeLeft({ step }: { step: CaseStep }) {
  const { t } = useI18n();
  if (step.endedAt) return <>—</>;
  if (step.suspended) return <Tag>{t('caseTimeline.suspended')}</Tag>;
  if (step.timeLeft) return <TimeLeft timeLeft={step.timeLeft} colour={step.colour} />;
  return <>{formatTime(step.dueAt)}</>;
}

export function useAssigneeText() {
  const i18n = useI18n();
  const unitName = useUnitName();
  return (s: CaseStep) => (s.assigneeUnitId ? (unitName(s.assigneeUnitId) ?? roleLabel(s.assigneeRole, i18n)) : roleLabel(s.assigneeRole, i18n));
}

export function StepTable({ steps, compact = false }: { steps: readonly CaseStep[]; compact?: boolean }) {
  const { t, label } = useI18n();
  const now = useNow();
  const assignee = useAssigneeText();
  const columns: TableColumnsType<CaseStep> = [
    { key: 'step', title: t('caseTimeline.colStep'), render: (_, s) => <Typography.Text strong>{label(STEP_LABELS[s.step])}</Typography.Text>, width: 88, fixed: compact ? undefined : 'left' },
    { key: 'assignee', title: t('caseTimeline.colAssignee'), render: (_, s) => assignee(s), ellipsis: { showTitle: true } },
    { key: 'clock', title: t('caseTimeline.colClock'), render: (_, s) => clockLabel(s.clockType, t), width: 96 },
    { key: 'limit', title: t('caseTimeline.colLimit'), render: (_, s) => amountLabel(s.limitAmount, s.limitUnit, t), width: 76 },
    { key: 'started', title: t('caseTimeline.colStarted'), render: (_, s) => <span title={formatTime(s.startedAt)}>{formatShort(s.startedAt)}</span>, width: 104 },
    { key: 'due', title: t('caseTimeline.colDue'), render: (_, s) => <span title={formatTime(s.dueAt)}>{formatShort(s.dueAt)}</span>, width: 104 },
    {
      key: 'ended',
      title: t('caseTimeline.colEnded'),
      render: (_, s) => (s.endedAt ? <span title={formatTime(s.endedAt)}>{formatShort(s.endedAt)}</span> : <Tag color="processing">{t('caseTimeline.running')}</Tag>),
      width: 104,
    },
    { key: 'elapsed', title: t('caseTimeline.colElapsed'), render: (_, s) => formatDuration(elapsedSeconds(s, now), t), width: 100 },
    { key: 'outcome', title: t('caseTimeline.colOutcome'), render: (_, s) => outcomeLabel(s.outcome, t), width: 84 },
    { key: 'colour', title: t('caseTimeline.colColour'), render: (_, s) => <ColourTag colour={s.colour} />, width: 84 },
    {
      key: 'onTime',
      title: t('caseTimeline.colOnTime'),
      render: (_, s) => (s.onTime === null ? '—' : s.onTime ? t('common.yes') : <Typography.Text type="danger" strong>{t('common.no')}</Typography.Text>),
      width: 60,
    },
    { key: 'timeLeft', title: t('caseTimeline.colTimeLeft'), render: (_, s) => <StepTimeLeft step={s} />, width: 140 },
  ];
  return (
    <>
      <Table<CaseStep>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={[...steps]}
        pagination={false}
        scroll={compact ? undefined : { x: 1160 }}
        locale={{ emptyText: t('caseTimeline.stepsEmpty') }}
        rowClassName={(s) => (s.endedAt ? '' : 'gc-step-open')}
      />
      <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block', marginTop: 8 }}>{t('caseTimeline.elapsedHint')}</Typography.Text>
    </>
  );
}
