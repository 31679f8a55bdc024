/**
 * Bulk actions on selected cases where the loop allows them (派发核实 for new reports, 督办): offered only
 * for the rows whose `allowedActions` contain the action; each case is its own POST with its own
 * Idempotency-Key (made once per confirmed intent), and each failure is shown against its row.
 */
import { useState } from 'react';
import { Alert, Button, Form, Input, List, Modal, Progress, Space, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { TRANSITIONS, type CaseAction } from '../../../shared/cases/workflow.ts';
import { api, ApiError, newIdempotencyKey } from '../api/client.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { invalidateCase } from '../live/live.tsx';
import { errorText } from './ApiErrorAlert.tsx';

export const BULK_ACTIONS = ['sendToVerify', 'urge'] as const satisfies readonly CaseAction[];
export type BulkAction = (typeof BULK_ACTIONS)[number];

export interface BulkRow {
  id: number;
  trackingNo: string;
  version: number;
  allowedActions: readonly CaseAction[];
}
export interface BulkFailure {
  id: number;
  trackingNo: string;
  message: string;
}
export interface BulkResult {
  action: BulkAction;
  succeeded: number[];
  failed: BulkFailure[];
}

/** May this row take part in any of these bulk actions? (the table's checkbox is enabled only then) */
export function canBulk(row: Pick<BulkRow, 'allowedActions'>, actions: readonly BulkAction[]): boolean {
  return actions.some((a) => row.allowedActions.includes(a));
}

const PARALLEL = 4;

async function runAll(action: BulkAction, rows: BulkRow[], note: string, onProgress: (n: number) => void, t: ReturnType<typeof useI18n>['t']) {
  const keys = new Map(rows.map((r) => [r.id, newIdempotencyKey()]));
  const succeeded: number[] = [];
  const failed: BulkFailure[] = [];
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < rows.length) {
      const r = rows[next++]!;
      const body = action === 'urge' ? { version: r.version, note } : { version: r.version, ...(note ? { note } : {}) };
      try {
        await api(`/api/cases/${r.id}/${action}`, { method: 'POST', body, idempotencyKey: keys.get(r.id) });
        succeeded.push(r.id);
      } catch (err) {
        const message = err instanceof ApiError && err.isConflict ? t('bulk.conflict') : errorText(err, t);
        failed.push({ id: r.id, trackingNo: r.trackingNo, message });
      }
      onProgress(++done);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, rows.length) }, worker));
  return { succeeded, failed };
}

interface Props {
  /** The selected rows, as the table has them now (fresh versions after each refetch). */
  selected: BulkRow[];
  actions: readonly BulkAction[];
  onClear(): void;
  onDone(result: BulkResult): void;
}

export function BulkCaseActions({ selected, actions, onClear, onDone }: Props) {
  const { t, label } = useI18n();
  const qc = useQueryClient();
  const [open, setOpen] = useState<BulkAction | null>(null);
  const [running, setRunning] = useState(false);
  const [progress, setProgress] = useState(0);
  const [result, setResult] = useState<BulkResult | null>(null);
  const [form] = Form.useForm<{ note?: string }>();

  const eligible = (a: BulkAction) => selected.filter((r) => r.allowedActions.includes(a));
  const offered = actions.filter((a) => eligible(a).length > 0);
  if (selected.length === 0) return null;

  const start = (a: BulkAction) => {
    form.resetFields();
    setResult(null);
    setProgress(0);
    setOpen(a);
  };
  const close = () => {
    if (running) return;
    setOpen(null);
    setResult(null);
  };
  const confirm = async () => {
    if (!open) return;
    const { note } = await form.validateFields();
    const rows = eligible(open);
    setRunning(true);
    try {
      const r = await runAll(open, rows, note?.trim() ?? '', setProgress, t);
      const full = { action: open, ...r };
      for (const id of r.succeeded) invalidateCase(qc, id);
      setResult(full);
      onDone(full);
    } finally {
      setRunning(false);
    }
  };

  const rows = open ? eligible(open) : [];
  const skipped = open ? selected.length - rows.length : 0;
  const actionName = open ? label(TRANSITIONS[open].label) : '';

  return (
    <>
      <Space wrap role="toolbar" aria-label={t('bulk.toolbar')}>
        <Typography.Text>{t('bulk.selected', { n: selected.length })}</Typography.Text>
        {offered.map((a) => (
          <Button key={a} type="primary" ghost onClick={() => start(a)} data-testid={`bulk-${a}`}>
            {t('bulk.actionCount', { action: label(TRANSITIONS[a].label), n: eligible(a).length })}
          </Button>
        ))}
        {offered.length === 0 && <Typography.Text type="secondary">{t('bulk.nothingAllowed')}</Typography.Text>}
        <Button type="link" onClick={onClear}>{t('bulk.clear')}</Button>
      </Space>
      <Modal
        open={open !== null}
        title={t('bulk.title', { action: actionName })}
        onCancel={close}
        mask={{ closable: !running }}
        closable={!running}
        footer={
          result
            ? [<Button key="close" type="primary" onClick={close}>{t('common.close')}</Button>]
            : [
                <Button key="cancel" onClick={close} disabled={running}>{t('common.cancel')}</Button>,
                <Button key="ok" type="primary" loading={running} onClick={() => void confirm()} data-testid="bulk-confirm">
                  {t('bulk.confirm', { action: actionName, n: rows.length })}
                </Button>,
              ]
        }
      >
        {result ? (
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Alert
              type={result.failed.length ? 'warning' : 'success'}
              showIcon
              title={t('bulk.summary', { ok: result.succeeded.length, failed: result.failed.length })}
            />
            {result.failed.length > 0 && (
              <List
                size="small"
                bordered
                header={t('bulk.failedHeader')}
                dataSource={result.failed}
                renderItem={(f) => (
                  <List.Item>
                    <Typography.Text strong>{f.trackingNo}</Typography.Text>
                    <Typography.Text type="danger">{f.message}</Typography.Text>
                  </List.Item>
                )}
              />
            )}
          </Space>
        ) : (
          <Form form={form} layout="vertical" disabled={running}>
            <Typography.Paragraph>{t('bulk.intro', { n: rows.length, action: actionName })}</Typography.Paragraph>
            {skipped > 0 && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('bulk.skipped', { n: skipped, action: actionName })} />}
            <Form.Item
              name="note"
              label={open === 'urge' ? t('bulk.urgeNote') : t('bulk.note')}
              rules={open === 'urge' ? [{ required: true, whitespace: true, message: t('bulk.urgeNoteRequired') }] : []}
            >
              <Input.TextArea rows={3} maxLength={2000} showCount placeholder={open === 'urge' ? t('bulk.urgeNotePlaceholder') : undefined} />
            </Form.Item>
            {running && <Progress percent={Math.round((progress / Math.max(1, rows.length)) * 100)} aria-label={t('bulk.progress')} />}
          </Form>
        )}
      </Modal>
    </>
  );
}
