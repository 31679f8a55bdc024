/**
 * 审计链状态: the newest signed checkpoint, the events it does not cover yet, and the last verification (intact, or
 * the first problem found, in words); “立即核验” starts one, its progress shown while it streams through the trail.
 */
import { App, Alert, Button, Card, Descriptions, Empty, Progress, Skeleton, Space, Typography } from 'antd';
import { AuditOutlined, SafetyOutlined } from '@ant-design/icons';
import { VERIFICATION_TRIGGER_LABELS } from '../../../../shared/api/audit.ts';
import { ApiError } from '../../../common/api/client.ts';
import { ApiErrorAlert, errorText } from '../../../common/components/ApiErrorAlert.tsx';
import { inShanghai } from '../../../common/format/datetime.ts';
import { useI18n } from '../../../common/i18n/i18n.tsx';
import { useAuditStatus, useVerifyNow, type AuditStatus, type Verification } from './api.ts';

const mono = { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: 12, wordBreak: 'break-all' } as const;
const at = (v: string | null | undefined) => (v ? inShanghai(v).format('YYYY-MM-DD HH:mm:ss') : '—');

export default function AuditChainPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const q = useAuditStatus();
  const verify = useVerifyNow();
  const s = q.data;
  const running = s?.running ?? null;

  const start = () =>
    verify.mutate(undefined, {
      onError: (e) => {
        if (e instanceof ApiError && e.code === 'AUDIT_VERIFY_RUNNING') void message.info(t('audit.alreadyRunning'));
        else void message.error(errorText(e, t));
      },
    });

  return (
    <Space orientation="vertical" size={16} style={{ display: 'flex', maxWidth: 1200 }}>
      <Card
        title={
          <Space>
            <AuditOutlined aria-hidden />
            <h1 style={{ fontSize: 'inherit', margin: 0, fontWeight: 'inherit' }}>{t('audit.chainTitle')}</h1>
          </Space>
        }
        extra={
          <Button type="primary" icon={<SafetyOutlined aria-hidden />} onClick={start} loading={verify.isPending || !!running} disabled={!s} data-testid="verify-now">
            {running ? t('audit.verifyRunning') : t('audit.verifyNow')}
          </Button>
        }
      >
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>{t('audit.chainIntro')}</Typography.Paragraph>
      </Card>
      {q.isPending ? (
        <Card><Skeleton active paragraph={{ rows: 8 }} /></Card>
      ) : q.isError && !s ? (
        <ApiErrorAlert error={q.error} onRetry={() => void q.refetch()} />
      ) : s ? (
        <>
          <VerificationCard status={s} running={running} />
          <CheckpointCard status={s} />
        </>
      ) : null}
    </Space>
  );
}

function VerificationCard({ status, running }: { status: AuditStatus; running: Verification | null }) {
  const { t } = useI18n();
  const v = status.lastVerification;
  return (
    <Card title={t('audit.verifyTitle')} data-testid="verification">
      {running && <RunningVerification v={running} />}
      {!v ? (
        !running && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('audit.noVerification')} />
      ) : (
        <>
          <VerificationOutcome v={v} />
          <VerificationFacts v={v} />
        </>
      )}
      <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>{t('audit.dailyVerify')}</Typography.Paragraph>
    </Card>
  );
}

function RunningVerification({ v }: { v: Verification }) {
  const { t, label } = useI18n();
  const total = v.expectedEvents ?? 0;
  const done = v.checkedEvents ?? 0;
  const percent = total > 0 ? Math.min(99, Math.floor((done / total) * 100)) : 0;
  const who = v.username ?? label(VERIFICATION_TRIGGER_LABELS[v.trigger]);
  return (
    <div role="status" aria-live="polite" style={{ marginBottom: 16 }} data-testid="verify-running">
      <Typography.Text strong>{t('audit.verifyRunning')}</Typography.Text>{' '}
      <Typography.Text type="secondary">{t('audit.verifyStartedBy', { who, at: at(v.startedAt) })}</Typography.Text>
      <Progress percent={percent} status="active" aria-label={t('audit.verifyRunning')} />
      <Typography.Text type="secondary">{t('audit.verifyProgress', { n: done, total })}</Typography.Text>
    </div>
  );
}

function VerificationOutcome({ v }: { v: Verification }) {
  const { t, label } = useI18n();
  if (v.ok === true) {
    return <Alert type="success" showIcon title={t('audit.verifyOk')} description={t('audit.verifyOkDetail', { events: v.checkedEvents ?? 0, cases: v.checkedCases ?? 0, checkpoints: v.checkpoints ?? 0 })} data-testid="verify-ok" />;
  }
  if (v.ok === false) {
    return (
      <Alert
        type="error"
        showIcon
        title={t('audit.verifyFailed', { n: v.problemCount ?? 0 })}
        description={v.firstProblem ? t('audit.verifyFirst', { text: label(v.firstProblem.description) }) : undefined}
        data-testid="verify-failed"
      />
    );
  }
  return (
    <Alert
      type="warning"
      showIcon
      title={t('audit.verifyInterrupted')}
      description={v.error === 'interrupted' || !v.error ? t('audit.verifyInterruptedDetail') : t('audit.verifyError', { error: v.error })}
    />
  );
}

function VerificationFacts({ v }: { v: Verification }) {
  const { t, label } = useI18n();
  const ms = v.durationMs;
  return (
    <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }} style={{ marginTop: 16 }}>
      <Descriptions.Item label={t('audit.vTrigger')}>{label(VERIFICATION_TRIGGER_LABELS[v.trigger])}</Descriptions.Item>
      <Descriptions.Item label={t('audit.vBy')}>{v.username ?? '—'}</Descriptions.Item>
      <Descriptions.Item label={t('audit.vStarted')}>{at(v.startedAt)}</Descriptions.Item>
      <Descriptions.Item label={t('audit.vFinished')}>{at(v.finishedAt)}</Descriptions.Item>
      <Descriptions.Item label={t('audit.vDuration')}>
        {ms === null ? '—' : ms < 10_000 ? t('audit.vDurationMs', { n: ms }) : t('audit.vDurationS', { n: Math.round(ms / 1000) })}
      </Descriptions.Item>
      <Descriptions.Item label={t('audit.vChecked')}>
        {v.checkedCases === null ? '—' : t('audit.vCheckedDetail', { events: v.checkedEvents ?? 0, cases: v.checkedCases, checkpoints: v.checkpoints ?? 0 })}
      </Descriptions.Item>
      <Descriptions.Item label={t('audit.vCovered')}>{v.coveredUpto === null ? t('audit.none') : `#${v.coveredUpto}`}</Descriptions.Item>
      <Descriptions.Item label={t('audit.vUncovered')}>{v.uncoveredEvents ?? '—'}</Descriptions.Item>
    </Descriptions>
  );
}

function CheckpointCard({ status }: { status: AuditStatus }) {
  const { t } = useI18n();
  const cp = status.lastCheckpoint;
  return (
    <Card title={t('audit.checkpointTitle')} data-testid="checkpoint">
      {status.uncovered.events > 0 ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('audit.uncoveredSome', { n: status.uncovered.events, since: at(status.uncovered.since) })}
          description={t('audit.uncoveredHint')}
        />
      ) : (
        <Alert type="success" showIcon style={{ marginBottom: 16 }} title={t('audit.uncoveredNone')} />
      )}
      {!cp ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('audit.noCheckpoint')} />
      ) : (
        <Descriptions size="small" bordered column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label={t('audit.cpId')}>#{cp.id}</Descriptions.Item>
          <Descriptions.Item label={t('audit.cpAt')}>{at(cp.at)}</Descriptions.Item>
          <Descriptions.Item label={t('audit.cpUpto')}>#{cp.uptoEvent}</Descriptions.Item>
          <Descriptions.Item label={t('audit.lastEvent')}>{status.lastEvent === null ? '—' : `#${status.lastEvent}`}</Descriptions.Item>
          <Descriptions.Item label={t('audit.cpHeads')}>{cp.headCount}</Descriptions.Item>
          <Descriptions.Item label={t('audit.cpCount')}>{status.checkpointCount}</Descriptions.Item>
          <Descriptions.Item label={t('audit.cpInterval')}>{t('audit.cpEverySeconds', { n: status.checkpointSeconds })}</Descriptions.Item>
          <Descriptions.Item label={t('audit.cpKey')}><Typography.Text style={mono} copyable>{cp.keyId}</Typography.Text></Descriptions.Item>
          <Descriptions.Item label={t('audit.cpRoot')} span={2}><Typography.Text style={mono} copyable>{cp.root}</Typography.Text></Descriptions.Item>
        </Descriptions>
      )}
    </Card>
  );
}
