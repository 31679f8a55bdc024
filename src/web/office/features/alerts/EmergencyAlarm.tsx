/**
 * The centre's emergency alarm. While an urgent case nobody has acknowledged is open (GET /api/cases/alerts,
 * refreshed by the live stream on every case change), a modal alert dialog lists them with “确认收到” each
 * (POST /api/cases/{id}/acknowledgeAlert — the server records who and when), a two-tone beep repeats every
 * 2 s and the page title flashes. It ends when all are acknowledged, by anyone: the stream's refresh shows it.
 * The receiver may set the dialog aside to look at a case (a pulsing pill stays, and the sound) or mute the
 * sound; a new emergency brings both back. Nothing is recorded in the browser.
 */
import { useCallback, useState } from 'react';
import { App, Button, ConfigProvider, Modal, Space, Tag, Typography } from 'antd';
import { AlertOutlined, CheckOutlined, SoundOutlined, MutedOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { inShanghai } from '../../../common/format/datetime.ts';
import { useDivisionNames } from '../../../common/components/useReference.ts';
import { useNavigate } from 'react-router';
import type { z } from 'zod';
import type { acknowledgedAlertSchema, alertListResponse } from '../../../../shared/api/cases.ts';
import { api, ApiError, newIdempotencyKey } from '../../../common/api/client.ts';
import { errorText } from '../../../common/components/ApiErrorAlert.tsx';
import { useI18n } from '../../../common/i18n/i18n.tsx';
import { can, useMe } from '../../../common/session/session.tsx';
import { useAlarmSound, useTitleFlash } from './alarm-sound.ts';
import './alarm.css';

type AlertList = z.input<typeof alertListResponse>;
type Acknowledged = z.input<typeof acknowledgedAlertSchema>;
type AlertCase = AlertList['items'][number];

export function EmergencyAlarm() {
  const me = useMe();
  return can(me, 'cases.acknowledgeAlert') ? <Alarm /> : null;
}

/** antd's default red carries white text at only 3.3:1; the alarm's buttons use a darker one (5.6:1, WCAG AA). */
const ALARM_THEME = { token: { colorError: '#cf1322', colorErrorHover: '#a8071a', colorErrorActive: '#820014' } };

/** One key per case: acknowledging twice (a double click, a retry) is one acknowledgement. */
const ackKeys = new Map<number, string>();
const ackKey = (id: number) => ackKeys.get(id) ?? ackKeys.set(id, newIdempotencyKey()).get(id)!;

function Alarm() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const names = useDivisionNames();
  const alerts = useQuery({
    queryKey: ['alerts'],
    queryFn: () => api<AlertList>('/api/cases/alerts', { background: true }),
    // The stream refreshes it on every change; this only covers a stream that is down.
    refetchInterval: 60_000,
    staleTime: 0,
  });
  const active = (alerts.data?.items ?? []).filter((c) => c.alert?.active && c.alert.canAcknowledge);
  // Set aside and muted for the cases shown then: a new emergency opens and sounds again.
  const [asideFor, setAsideFor] = useState<ReadonlySet<number>>(new Set());
  const [mutedFor, setMutedFor] = useState<ReadonlySet<number>>(new Set());
  const open = active.some((c) => !asideFor.has(c.id));
  const sounding = active.some((c) => !mutedFor.has(c.id));
  const sound = useAlarmSound(sounding);
  useTitleFlash(active.length ? t('alarm.titleFlash', { n: active.length }) : null);

  const ack = useMutation({
    mutationFn: (c: AlertCase) => api<Acknowledged>(`/api/cases/${c.id}/acknowledgeAlert`, { method: 'POST', idempotencyKey: ackKey(c.id) }),
    onSuccess: (r) => {
      ackKeys.delete(r.caseId);
      if (r.first) message.success(t('alarm.acknowledged', { no: r.trackingNo }));
      else message.info(t('alarm.alreadyAcknowledged', { no: r.trackingNo, who: r.acknowledgedBy ?? '—' }));
    },
    onError: (err, c) => {
      // Finished or acknowledged meanwhile: the refresh below shows it gone; anything else is said.
      if (err instanceof ApiError && err.status === 409) ackKeys.delete(c.id);
      else message.error(errorText(err, t));
    },
    onSettled: (_r, _e, c) => {
      void qc.invalidateQueries({ queryKey: ['alerts'] });
      void qc.invalidateQueries({ queryKey: ['case', c.id] });
    },
  });

  const setAside = useCallback(() => setAsideFor(new Set(active.map((c) => c.id))), [active]);
  const muted = !sounding && active.length > 0;
  // The dialog's own element is the alert dialog (antd renders it as role=dialog).
  const asAlertDialog = useCallback((el: HTMLDivElement | null) => {
    const dialog = el?.closest('[role="dialog"]');
    if (dialog) {
      dialog.setAttribute('role', 'alertdialog');
      dialog.setAttribute('data-testid', 'emergency-alarm');
    }
  }, []);

  if (!active.length) return null;

  const soundButtons = (size?: 'small') => (
    <>
      {sound.blocked && !muted && (
        <Button size={size} icon={<SoundOutlined aria-hidden />} onClick={sound.unlock} data-testid="alarm-unlock-sound">{t('alarm.enableSound')}</Button>
      )}
      <Button
        size={size}
        icon={muted ? <SoundOutlined aria-hidden /> : <MutedOutlined aria-hidden />}
        onClick={() => setMutedFor(muted ? new Set() : new Set(active.map((c) => c.id)))}
        aria-pressed={muted}
      >
        {muted ? t('alarm.unmute') : t('alarm.mute')}
      </Button>
    </>
  );

  return (
    <ConfigProvider theme={ALARM_THEME}>
      <Modal
        open={open}
        className="gc-alarm gc-no-print"
        wrapClassName="gc-no-print"
        width={720}
        centered
        mask={{ closable: false }}
        onCancel={setAside}
        closable={{ 'aria-label': t('alarm.setAside') }}
        title={
          <Space>
            <AlertOutlined aria-hidden style={{ color: '#cf1322' }} />
            <span>{t('alarm.title', { n: active.length })}</span>
          </Space>
        }
        footer={
          <Space wrap>
            {soundButtons()}
            <Button onClick={setAside}>{t('alarm.setAside')}</Button>
          </Space>
        }
      >
        <div ref={asAlertDialog}>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 4 }}>{t('alarm.body')}</Typography.Paragraph>
          {sound.unsupported && <Typography.Paragraph type="warning">{t('alarm.noSound')}</Typography.Paragraph>}
          <ul style={{ listStyle: 'none', margin: 0, padding: 0, maxHeight: '55vh', overflowY: 'auto' }}>
            {active.map((c) => (
              <li key={c.id} className="gc-alarm-row" data-case-id={c.id}>
                <div>
                  <Space size={8} wrap>
                    <Typography.Link
                      strong
                      onClick={() => {
                        setAside();
                        navigate(`/cases/${c.id}`);
                      }}
                    >
                      {c.trackingNo}
                    </Typography.Link>
                    <Tag color="red" style={{ marginInlineEnd: 0 }}>{c.category.name}</Tag>
                    <Typography.Text type="secondary">{t('alarm.reportedAt', { at: inShanghai(c.reportedAt).format('MM-DD HH:mm:ss') })}</Typography.Text>
                  </Space>
                  <div>
                    <Typography.Text>{[names.get(c.location.streetCode), names.get(c.location.communityCode), c.location.address].filter(Boolean).join(' · ') || c.location.gridCode}</Typography.Text>
                  </div>
                  <Typography.Paragraph type="secondary" ellipsis={{ rows: 1, tooltip: c.description }} style={{ margin: 0 }}>{c.description}</Typography.Paragraph>
                </div>
                <Button
                  type="primary"
                  danger
                  icon={<CheckOutlined aria-hidden />}
                  loading={ack.isPending && ack.variables?.id === c.id}
                  onClick={() => ack.mutate(c)}
                  aria-label={t('alarm.acknowledgeFor', { no: c.trackingNo })}
                  data-testid="alarm-acknowledge"
                >
                  {t('alarm.acknowledge')}
                </Button>
              </li>
            ))}
          </ul>
        </div>
      </Modal>
      {!open && (
        <div className="gc-alarm-pill gc-no-print" role="status" data-testid="emergency-alarm-pill">
          <AlertOutlined aria-hidden />
          <span>{t('alarm.pill', { n: active.length })}</span>
          {soundButtons('small')}
          <Button size="small" type="primary" onClick={() => setAsideFor(new Set())}>{t('alarm.show')}</Button>
        </div>
      )}
    </ConfigProvider>
  );
}
