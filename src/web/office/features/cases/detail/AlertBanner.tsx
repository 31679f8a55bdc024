/** An urgent case's alarm, sounding until someone in the centre acknowledges it (recorded on the case). */
import { useState } from 'react';
import { Alert, App, Button } from 'antd';
import { AlertFilled } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { newIdempotencyKey } from '../../../../common/api/client.ts';
import { errorText } from '../../../../common/components/ApiErrorAlert.tsx';
import { useI18n } from '../../../../common/i18n/i18n.tsx';
import { acknowledgeAlert, caseKey, type CaseDetail } from './api.ts';
import { formatTime } from './format.ts';

export function AlertBanner({ c }: { c: CaseDetail }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [key] = useState(newIdempotencyKey);
  const ack = useMutation({
    mutationFn: () => acknowledgeAlert(c.id, key),
    onSuccess: () => {
      void message.success(t('caseDetail.alertAckDone'));
      void qc.invalidateQueries({ queryKey: caseKey(c.id) });
      void qc.invalidateQueries({ queryKey: ['alerts'] });
    },
  });
  const alert = c.alert;
  if (!alert) return null;
  if (!alert.active) {
    if (!alert.acknowledgedAt) return null;
    return <Alert type="warning" showIcon title={t('caseDetail.alertAcked', { name: alert.acknowledgedBy ?? '—', time: formatTime(alert.acknowledgedAt) })} />;
  }
  return (
    <Alert
      type="error"
      showIcon
      icon={<AlertFilled aria-hidden />}
      className="gc-case-alarm"
      role="alert"
      title={t('caseDetail.alertTitle')}
      description={ack.error ? `${t('caseDetail.alertBody')} ${errorText(ack.error, t)}` : t('caseDetail.alertBody')}
      action={alert.canAcknowledge ? (
        <Button danger type="primary" loading={ack.isPending} onClick={() => ack.mutate()}>{t('caseDetail.alertAck')}</Button>
      ) : undefined}
    />
  );
}
