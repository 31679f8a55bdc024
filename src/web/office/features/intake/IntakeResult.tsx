/**
 * After saving: the 受理号 to read back to the caller, then what comes next — open the case, send it to the
 * grid's supervisor to verify (派核实, when allowedActions has it), or take the next call. A call merged into
 * a known case says which (“已并入受理号 …”): its caller follows that case from now on. Duplicates the server
 * found on saving are offered here too, and a merge the rules refused can be repeated with a reason.
 */
import { useState } from 'react';
import { Alert, App, Button, Card, Result, Space, Tag, Typography } from 'antd';
import { FileSearchOutlined, PhoneOutlined, SendOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { STATUS_LABELS } from '../../../../shared/cases/workflow.ts';
import { URGENCY_LABELS } from '../../../../shared/api/vocabulary.ts';
import { api, ApiError } from '../../../common/api/client.ts';
import { ApiErrorAlert, errorText } from '../../../common/components/ApiErrorAlert.tsx';
import { useI18n } from '../../../common/i18n/i18n.tsx';
import { invalidateCase } from '../../../common/live/live.tsx';
import { mergeCase, sendToVerify, type CaseDetail, type ReportedCase } from './api.ts';
import { DuplicateList, type Candidate } from './DuplicateList.tsx';
import { OriginalCase } from './OriginalCase.tsx';
import { ReasonModal } from './ReasonModal.tsx';

export interface Outcome {
  reported: ReportedCase;
  /** The registered case as it is now (after a merge or a send to verify). */
  current: CaseDetail;
  mergedInto?: { id: number; trackingNo: string };
  mergeError?: { error: unknown; target: Candidate };
}

interface Props {
  outcome: Outcome;
  onChange(o: Outcome): void;
  onNext(): void;
  /** The page's intent keys: a merge retried here is the one the page began. */
  keyFor(request: unknown): string;
}

export function IntakeResult({ outcome, onChange, onNext, keyFor }: Props) {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [asking, setAsking] = useState<Candidate | null>(null);
  const cur = outcome.current;

  const merge = useMutation({
    mutationFn: ({ target, reason }: { target: Candidate; reason?: string }) =>
      mergeCase(cur.id, cur.version, target.id, reason, keyFor(['merge', cur.id, target.id, reason ?? null])),
    onSuccess: (c, { target }) => {
      invalidateCase(qc, c.id);
      onChange({ ...outcome, current: c, mergedInto: { id: target.id, trackingNo: target.trackingNo }, mergeError: undefined });
      message.success(t('intake.mergedInto', { no: target.trackingNo }));
    },
    onError: (error, { target }) => onChange({ ...outcome, mergeError: { error, target } }),
  });

  const verify = useMutation({
    mutationFn: () => sendToVerify(cur.id, cur.version, keyFor(['sendToVerify', cur.id, cur.version])),
    onSuccess: (c) => {
      invalidateCase(qc, c.id);
      onChange({ ...outcome, current: c });
      message.success(t('intake.sentToVerify'));
    },
    onError: async (err) => {
      // Someone else acted first: show the case as it now is.
      if (err instanceof ApiError && err.isConflict) onChange({ ...outcome, current: await api<CaseDetail>(`/api/cases/${cur.id}`) });
    },
  });

  const merged = outcome.mergedInto;
  const canVerify = !merged && cur.allowedActions.includes('sendToVerify');
  const duplicates: Candidate[] = merged || !cur.allowedActions.includes('merge') ? [] : outcome.reported.possibleDuplicates.map((d) => ({ ...d }));
  const refused = outcome.mergeError;
  const mayOverride = refused?.error instanceof ApiError && refused.error.code === 'CASE_MERGE_INVALID' && !refused.error.details?.status;

  const title = merged ? t('intake.mergedTitle', { no: merged.trackingNo }) : t('intake.savedTitle');
  const sub = merged ? (
    t('intake.mergedBody', { no: cur.trackingNo, original: merged.trackingNo })
  ) : (
    <Space orientation="vertical" size={4}>
      <span>
        {t('intake.trackingNo')}：
        <Typography.Text strong copyable style={{ fontSize: 20 }} data-testid="intake-tracking-no">{cur.trackingNo}</Typography.Text>
      </span>
      <span>
        {cur.category.name} · {cur.location.address || cur.location.gridCode} · <Tag color={cur.urgency === 'urgent' ? 'red' : 'default'}>{label(URGENCY_LABELS[cur.urgency])}</Tag>
        <Tag color="processing">{label(STATUS_LABELS[cur.status])}</Tag>
      </span>
    </Space>
  );

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="intake-result">
      <Card>
        <Result
          status="success"
          title={title}
          subTitle={sub}
          extra={[
            <Button key="open" icon={<FileSearchOutlined aria-hidden />} onClick={() => navigate(`/cases/${merged ? merged.id : cur.id}`)}>
              {merged ? t('intake.openOriginal') : t('intake.openCase')}
            </Button>,
            merged && (
              <Button key="mine" onClick={() => navigate(`/cases/${cur.id}`)}>{t('intake.openRegistered', { no: cur.trackingNo })}</Button>
            ),
            canVerify && (
              <Button key="verify" icon={<SendOutlined aria-hidden />} loading={verify.isPending} onClick={() => verify.mutate()} data-testid="intake-send-to-verify">
                {t('intake.sendToVerify')}
              </Button>
            ),
            <Button key="next" type="primary" icon={<PhoneOutlined aria-hidden />} onClick={onNext} data-testid="intake-next">
              {t('intake.nextCall')}
            </Button>,
          ]}
        />
        {verify.isError && <ApiErrorAlert error={verify.error} />}
      </Card>
      {merged && <OriginalCase id={merged.id} />}
      {refused && !merged && (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={t('intake.mergeFailed', { no: cur.trackingNo, original: refused.target.trackingNo })}
          description={errorText(refused.error, t)}
          action={
            <Space orientation="vertical">
              {mayOverride && <Button size="small" danger onClick={() => setAsking(refused.target)}>{t('intake.mergeWithReason')}</Button>}
              <Button size="small" onClick={() => merge.mutate({ target: refused.target })} loading={merge.isPending}>{t('common.retry')}</Button>
            </Space>
          }
        />
      )}
      {duplicates.length > 0 && (
        <Card size="small" title={t('intake.serverDuplicates', { n: duplicates.length })}>
          <DuplicateList items={duplicates} busyId={merge.isPending ? merge.variables?.target.id : null} onSame={(target) => merge.mutate({ target })} />
        </Card>
      )}
      <ReasonModal
        open={asking !== null}
        trackingNo={asking?.trackingNo}
        onCancel={() => setAsking(null)}
        onSubmit={(reason) => {
          const target = asking!;
          setAsking(null);
          merge.mutate({ target, reason });
        }}
      />
    </Space>
  );
}
