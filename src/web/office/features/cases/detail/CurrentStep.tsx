/** The open step(s): what the case waits for, who owns it, and the time left counted down live. */
import { Card, Flex, Space, Typography } from 'antd';
import { STEP_LABELS } from '../../../../../shared/api/vocabulary.ts';
import { useI18n } from '../../../../common/i18n/i18n.tsx';
import type { CaseDetail } from './api.ts';
import { formatTime } from './format.ts';
import { amountLabel, clockLabel } from './labels.ts';
import { ColourTag, StepTimeLeft, useAssigneeText } from './StepTable.tsx';

export function CurrentStep({ c }: { c: CaseDetail }) {
  const { t, label } = useI18n();
  const assignee = useAssigneeText();
  const open = c.steps.filter((s) => !s.endedAt);
  return (
    <Card size="small" title={t('caseDetail.currentStep')}>
      {open.length === 0 ? (
        <Typography.Text type="secondary">{t('caseDetail.noOpenStep')}</Typography.Text>
      ) : (
        <Space vertical size={12} style={{ width: '100%' }}>
          {open.map((s) => (
            <div key={s.id} data-step={s.step}>
              <Flex justify="space-between" align="center" gap={8} wrap>
                <Space size={8}>
                  <Typography.Text strong style={{ fontSize: 16 }}>{label(STEP_LABELS[s.step])}</Typography.Text>
                  <ColourTag colour={s.colour} />
                </Space>
                <StepTimeLeft step={s} />
              </Flex>
              <Typography.Text type="secondary" style={{ display: 'block', marginTop: 4 }}>
                {assignee(s)} · {amountLabel(s.limitAmount, s.limitUnit, t)} {clockLabel(s.clockType, t)}
              </Typography.Text>
              <Typography.Text type="secondary" style={{ display: 'block' }}>
                {s.suspended ? t('caseDetail.suspended') : t('caseDetail.stepDue', { time: formatTime(s.dueAt) })}
              </Typography.Text>
            </div>
          ))}
        </Space>
      )}
    </Card>
  );
}
