/**
 * 指派 (the unit's leader only: the server says so in `canAssign`): give the case to one member of the unit, or back
 * to the whole unit, after a confirmation. A refusal is shown at the control; a lost race (409) says someone else
 * acted and shows the case as it now is.
 */
import { useState } from 'react';
import { Alert, App, Button, Card, Flex, Form, Popconfirm, Select, Typography } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { ApiError, newIdempotencyKey } from '../../../../common/api/client.ts';
import { errorText } from '../../../../common/components/ApiErrorAlert.tsx';
import { useI18n } from '../../../../common/i18n/i18n.tsx';
import { useSetCase, type CaseDetail } from '../detail/api.ts';
import { useConflictNotice } from '../detail/actions/ActionBar.tsx';
import { assignCase, type DeskMember } from './api.ts';

export function AssignControl({ c, members }: { c: CaseDetail; members: readonly DeskMember[] }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const setCase = useSetCase();
  const onConflict = useConflictNotice(c.id);
  const [picked, setPicked] = useState<number | undefined>(undefined);
  // One key per intent: a new pick (or a retry after a refusal) is a new assignment.
  const [key, setKey] = useState(newIdempotencyKey);
  const nameOf = (id: number | null) => (id === null ? t('desk.wholeUnit') : members.find((m) => m.id === id)?.displayName ?? `#${id}`);
  const assign = useMutation({
    mutationFn: (userId: number | null) => assignCase(c.id, userId, c.version, key),
    onSuccess: (next, userId) => {
      setCase(next);
      setPicked(undefined);
      setKey(newIdempotencyKey());
      void message.success(userId === null ? t('desk.assignDoneWhole') : t('desk.assignDone', { name: nameOf(userId) }));
    },
    onError: (err) => {
      setKey(newIdempotencyKey());
      if (err instanceof ApiError && err.status === 409 && err.code === 'CASE_VERSION_CONFLICT') onConflict(err);
    },
  });
  const same = picked !== undefined && picked === c.assigneeUserId;
  const refused = assign.error && !(assign.error instanceof ApiError && assign.error.code === 'CASE_VERSION_CONFLICT') ? assign.error : null;
  return (
    <Card size="small" title={t('desk.assignTitle')} data-testid="desk-assign">
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('desk.assignNow', { name: nameOf(c.assigneeUserId), hint: t('desk.assignHint') })}
      </Typography.Paragraph>
      <Form layout="vertical" requiredMark={false} onFinish={() => undefined}>
        <Form.Item
          label={t('desk.assignLabel')}
          htmlFor="desk-assignee"
          validateStatus={refused || same ? 'error' : undefined}
          help={refused ? errorText(refused, t) : same ? t('desk.assignNoChange') : undefined}
          style={{ marginBottom: 8 }}
        >
          <Flex gap={8}>
            <Select
              id="desk-assignee"
              style={{ flex: 1 }}
              placeholder={t('desk.assignPlaceholder')}
              value={picked}
              onChange={(v: number) => {
                setPicked(v);
                assign.reset();
              }}
              showSearch={{ optionFilterProp: 'label' }}
              options={members.map((m) => ({ value: m.id, label: m.unitLead ? `${m.displayName}${t('desk.leadSuffix')}` : m.displayName }))}
              data-testid="desk-assignee"
            />
            <Popconfirm
              title={t('desk.assignConfirm', { name: picked !== undefined ? nameOf(picked) : '' })}
              onConfirm={() => picked !== undefined && assign.mutate(picked)}
              okText={t('desk.assignSubmit')}
              cancelText={t('caseActions.cancel')}
              disabled={picked === undefined || same}
            >
              <Button type="primary" disabled={picked === undefined || same} loading={assign.isPending && assign.variables !== null} data-testid="desk-assign-submit">
                {t('desk.assignSubmit')}
              </Button>
            </Popconfirm>
          </Flex>
        </Form.Item>
      </Form>
      {c.assigneeUserId !== null && (
        <Popconfirm title={t('desk.assignConfirmWhole')} onConfirm={() => assign.mutate(null)} okText={t('desk.assignSubmit')} cancelText={t('caseActions.cancel')}>
          <Button size="small" loading={assign.isPending && assign.variables === null}>{t('desk.assignWhole')}</Button>
        </Popconfirm>
      )}
      {assign.error && !refused && <Alert type="warning" showIcon title={errorText(assign.error, t)} />}
    </Card>
  );
}
