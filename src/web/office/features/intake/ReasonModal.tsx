/**
 * Why a call is merged into a case the rules would not match (farther than the radius, another category,
 * older than the window): the server keeps the receiver's reason with the merge (merge `override`).
 */
import { useEffect } from 'react';
import { Form, Input, Modal, Typography } from 'antd';
import { ACTION_BODIES } from '../../../../shared/api/cases.ts';
import { describeIssue } from '../../../../shared/api/validation.ts';
import { useI18n } from '../../../common/i18n/i18n.tsx';

const reasonSchema = ACTION_BODIES.merge.shape.override.unwrap().shape.reason;

interface Props {
  open: boolean;
  trackingNo?: string;
  /** Why the rules do not match, in words (distance, category). */
  why?: string;
  onCancel(): void;
  onSubmit(reason: string): void;
}

export function ReasonModal({ open, trackingNo, why, onCancel, onSubmit }: Props) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<{ reason: string }>();
  useEffect(() => {
    if (open) form.resetFields();
  }, [open, form]);
  return (
    <Modal
      open={open}
      title={t('intake.reasonTitle', { no: trackingNo ?? '' })}
      okText={t('intake.mergeWithReason')}
      cancelText={t('common.cancel')}
      onCancel={onCancel}
      onOk={() => void form.validateFields().then((v) => onSubmit(v.reason.trim()))}
      destroyOnHidden
    >
      {why && <Typography.Paragraph type="secondary">{why}</Typography.Paragraph>}
      <Form form={form} layout="vertical" requiredMark>
        <Form.Item
          name="reason"
          label={t('intake.reason')}
          rules={[
            {
              validator: async (_r, v: string | undefined) => {
                const r = reasonSchema.safeParse(v ?? '');
                if (!r.success) throw new Error(describeIssue(r.error.issues[0]!, lang, !v));
              },
            },
          ]}
          required
        >
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 6 }} maxLength={2000} placeholder={t('intake.reasonPlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
