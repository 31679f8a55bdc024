/**
 * The form of one action, in a modal. It is decided on the case as it was when opened (`version`): if the
 * case changes meanwhile the form stays and says so; the server refuses a stale decision with a 409, which
 * the detail shows as "someone else acted". One Idempotency-Key per opening: a double click or a retry of
 * the same submission is one action.
 */
import { useMemo, useState } from 'react';
import { Alert, App, Button, Form, Modal, Space, Typography } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { STATUS_LABELS, TRANSITIONS, type CaseAction } from '../../../../../../shared/cases/workflow.ts';
import { ApiError, newIdempotencyKey } from '../../../../../common/api/client.ts';
import { errorText } from '../../../../../common/components/ApiErrorAlert.tsx';
import { useI18n } from '../../../../../common/i18n/i18n.tsx';
import { postAction, useSetCase, type CaseDetail } from '../api.ts';
import { cleanValues, DANGER, fieldsOf, validate } from './action-fields.ts';
import { ActionFields } from './ActionFields.tsx';
import { ActionGuidance } from './ActionGuidance.tsx';

export const CONFLICT_CODES = ['CASE_VERSION_CONFLICT', 'CASE_TRANSITION_NOT_ALLOWED'];

export function isConflict(err: unknown): boolean {
  return err instanceof ApiError && err.status === 409 && CONFLICT_CODES.includes(err.code);
}

function initialValues(action: CaseAction, c: CaseDetail): Record<string, unknown> {
  switch (action) {
    case 'dispatch':
      return { leadUnitId: c.suggestedUnit?.id };
    case 'file':
      return { urgency: c.urgency };
    case 'setUrgency':
      return { urgency: c.urgency === 'urgent' ? 'normal' : 'urgent' };
    case 'requestExtension':
      return { unit: 'days' };
    default:
      return {};
  }
}

/** Server field errors (`body.reason`) onto the form's fields. */
function serverFieldErrors(err: unknown): { name: string[]; errors: string[] }[] {
  if (!(err instanceof ApiError) || !err.fields) return [];
  const list = Array.isArray(err.fields) ? (err.fields as { field: string; message: string }[]) : Object.entries(err.fields).map(([field, message]) => ({ field, message }));
  return list.map((f) => ({ name: f.field.replace(/^body\./, '').split('.'), errors: [f.message] }));
}

interface Props {
  action: CaseAction;
  /** The case as it is now (the live cache). */
  current: CaseDetail;
  /** Values to start from (the original case a merge goes into, picked beside the duplicates). */
  initial?: Record<string, unknown>;
  onClose(): void;
  onConflict(err: ApiError): void;
}

export function ActionForm({ action, current, initial, onClose, onConflict }: Props) {
  const { t, label, lang } = useI18n();
  const { message } = App.useApp();
  const setCase = useSetCase();
  const [form] = Form.useForm();
  const [key] = useState(newIdempotencyKey);
  const [base, setBase] = useState(() => current);
  const [uploading, setUploading] = useState(false);
  const fields = useMemo(() => fieldsOf(action), [action]);
  const name = label(TRANSITIONS[action].label);
  const changed = current.version !== base.version;
  const stillAllowed = current.allowedActions.includes(action);

  const submit = useMutation({
    mutationFn: (body: Record<string, unknown>) => postAction(base.id, action, { ...body, version: base.version }, key),
    onSuccess: (c) => {
      setCase(c);
      void message.success(t('caseActions.done', { action: name }));
      onClose();
    },
    onError: (err) => {
      if (isConflict(err)) onConflict(err as ApiError);
      else form.setFields(serverFieldErrors(err));
    },
  });

  const onFinish = (raw: Record<string, unknown>) => {
    const { override, ...rest } = raw as { override?: { on?: boolean; reason?: string } } & Record<string, unknown>;
    const body = cleanValues(rest);
    if (override?.on) body.override = { reason: (override.reason ?? '').trim() };
    const r = validate(action, body, lang);
    if (!r.ok) {
      form.setFields(r.errors.map((e) => ({ name: e.name, errors: [e.message] })));
      return;
    }
    submit.mutate(r.data);
  };

  const mergeRefused = submit.error instanceof ApiError && submit.error.code === 'CASE_MERGE_INVALID';
  return (
    <Modal
      open
      width={640}
      title={<Space>{name}<Typography.Text type="secondary" style={{ fontWeight: 400 }}>{base.trackingNo}</Typography.Text></Space>}
      onCancel={onClose}
      mask={{ closable: false }}
      destroyOnHidden
      footer={[
        <Button key="cancel" onClick={onClose}>{t('caseActions.cancel')}</Button>,
        <Button
          key="submit"
          type="primary"
          danger={DANGER.includes(action)}
          loading={submit.isPending}
          disabled={uploading}
          onClick={() => form.submit()}
          data-testid="action-submit"
        >
          {name}
        </Button>,
      ]}
    >
      <Space vertical size={12} style={{ width: '100%' }}>
        {!stillAllowed ? (
          <Alert
            type="warning"
            showIcon
            title={t('caseActions.staleTitle')}
            description={
              <>
                <div>{t('caseActions.notAllowedNow')}</div>
                <Button size="small" style={{ marginTop: 8 }} onClick={onClose}>{t('caseActions.conflictOk')}</Button>
              </>
            }
            data-testid="case-changed"
          />
        ) : changed ? (
          <Alert
            type="warning"
            showIcon
            title={t('caseActions.staleTitle')}
            description={
              <>
                <div>{t('caseActions.staleBody', { status: label(STATUS_LABELS[current.status]) })}</div>
                <Button size="small" style={{ marginTop: 8 }} onClick={() => setBase(current)}>{t('caseActions.staleUseLatest')}</Button>
              </>
            }
            data-testid="case-changed"
          />
        ) : null}
        <ActionGuidance action={action} c={base} />
        <Form form={form} layout="vertical" initialValues={{ ...initialValues(action, base), ...initial }} onFinish={onFinish} requiredMark disabled={submit.isPending}>
          <ActionFields action={action} fields={fields} c={base} onUploading={setUploading} />
        </Form>
        {submit.error && !isConflict(submit.error) && (
          <Alert type="error" showIcon title={errorText(submit.error, t)} description={mergeRefused ? t('caseActions.mergeOverrideOffer') : undefined} data-testid="action-error" />
        )}
      </Space>
    </Modal>
  );
}
