/**
 * The reporter as the server masks them, and for those who call citizens back a reveal that says why:
 * the server records who looked and why (timeline and security log), so the reason is asked every time.
 */
import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Form, Input, Modal, Space, Typography } from 'antd';
import { EyeOutlined, PhoneOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { revealContactBody } from '../../../../../shared/api/cases.ts';
import { newIdempotencyKey } from '../../../../common/api/client.ts';
import { errorText } from '../../../../common/components/ApiErrorAlert.tsx';
import { useI18n } from '../../../../common/i18n/i18n.tsx';
import { caseKey, revealContact, type CaseDetail, type RevealedContact } from './api.ts';
import { formatTime } from './format.ts';

const PHRASES = ['caseDetail.revealPhraseCallback', 'caseDetail.revealPhraseDetail', 'caseDetail.revealPhraseSite'] as const;

function RevealModal({ c, onClose, onRevealed }: { c: CaseDetail; onClose(): void; onRevealed(r: RevealedContact): void }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ reason: string }>();
  // One key per reveal the person means: a double click or a retry is one reveal, one record.
  const [key] = useState(newIdempotencyKey);
  const reveal = useMutation({
    mutationFn: (reason: string) => revealContact(c.id, reason, key),
    onSuccess: (r) => {
      onRevealed(r);
      void qc.invalidateQueries({ queryKey: caseKey(c.id) });
      onClose();
    },
  });
  const submit = async () => {
    const { reason } = await form.validateFields();
    reveal.mutate(reason.trim());
  };
  const min = revealContactBody.shape.reason;
  return (
    <Modal
      open
      title={t('caseDetail.revealTitle')}
      okText={t('caseDetail.revealSubmit')}
      cancelText={t('common.cancel')}
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={reveal.isPending}
      destroyOnHidden
    >
      <Space vertical size={12} style={{ width: '100%' }}>
        <Alert type="info" showIcon title={t('caseDetail.revealNotice')} />
        <Form form={form} layout="vertical" requiredMark>
          <Form.Item
            name="reason"
            label={t('caseDetail.revealReason')}
            rules={[{ validator: async (_, v: string | undefined) => { if (!min.safeParse(v ?? '').success) throw new Error(t('caseDetail.revealReasonPlaceholder')); } }]}
            required
          >
            <Input.TextArea rows={2} maxLength={200} showCount placeholder={t('caseDetail.revealReasonPlaceholder')} autoFocus />
          </Form.Item>
          <Space size={[4, 4]} wrap>
            {PHRASES.map((p) => (
              <Button key={p} size="small" type="dashed" onClick={() => form.setFieldsValue({ reason: t(p) })}>{t(p)}</Button>
            ))}
          </Space>
        </Form>
        {reveal.error && <Alert type="error" showIcon title={errorText(reveal.error, t)} />}
      </Space>
    </Modal>
  );
}

export function ReporterCard({ c }: { c: CaseDetail }) {
  const { t } = useI18n();
  const [asking, setAsking] = useState(false);
  const [revealed, setRevealed] = useState<RevealedContact | null>(null);
  const none = !c.reporterName && !c.reporterPhone;
  const phone = revealed?.phone ?? c.reporterPhone;
  return (
    <Card size="small" title={t('caseDetail.reporterTitle')}>
      {none ? (
        <Typography.Text type="secondary">{t('caseDetail.reporterNone')}</Typography.Text>
      ) : (
        <Space vertical size={8} style={{ width: '100%' }}>
          <Descriptions size="small" column={1} items={[
            { key: 'name', label: t('caseDetail.reporterName'), children: revealed?.name ?? c.reporterName ?? '—' },
            {
              key: 'phone',
              label: t('caseDetail.reporterPhone'),
              children: revealed?.phone ? (
                <a href={`tel:${revealed.phone}`} aria-label={t('caseDetail.call', { phone: revealed.phone })}><PhoneOutlined aria-hidden /> {revealed.phone}</a>
              ) : (phone ?? '—'),
            },
          ]} />
          {revealed && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('caseDetail.revealedAt', { time: formatTime(revealed.revealedAt) })}</Typography.Text>}
          {c.canRevealContact && !revealed && (
            <Button size="small" icon={<EyeOutlined aria-hidden />} onClick={() => setAsking(true)}>{t('caseDetail.reveal')}</Button>
          )}
        </Space>
      )}
      {asking && <RevealModal c={c} onClose={() => setAsking(false)} onRevealed={setRevealed} />}
    </Card>
  );
}
