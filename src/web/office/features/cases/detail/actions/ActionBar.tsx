/**
 * The buttons of the actions the server says this user may take now (`allowedActions`), the step that
 * moves the case along emphasised; each opens its form. A lost race (409) closes the form, says someone
 * else acted, and shows the case as it now is.
 */
import { useState } from 'react';
import { App, Button, Space } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { TRANSITIONS, type CaseAction } from '../../../../../../shared/cases/workflow.ts';
import type { ApiError } from '../../../../../common/api/client.ts';
import { useI18n } from '../../../../../common/i18n/i18n.tsx';
import { caseKey, type CaseDetail } from '../api.ts';
import { DANGER, orderActions } from './action-fields.ts';
import { ActionForm } from './ActionForm.tsx';

/** Says that someone else acted first, and brings the case as it now is. */
export function useConflictNotice(caseId: number) {
  const { modal } = App.useApp();
  const { t } = useI18n();
  const qc = useQueryClient();
  return (err: ApiError) => {
    void qc.invalidateQueries({ queryKey: caseKey(caseId) });
    void qc.invalidateQueries({ queryKey: ['duplicates', caseId] });
    modal.warning({
      title: t('common.conflictTitle'),
      content: (
        <>
          <p>{t('common.conflictBody')}</p>
          <p style={{ color: '#595959', fontSize: 12, marginBottom: 0 }}>{err.message}</p>
        </>
      ),
      okText: t('caseActions.conflictOk'),
    });
  };
}

export function ActionBar({ c }: { c: CaseDetail }) {
  const { label } = useI18n();
  const [open, setOpen] = useState<CaseAction | null>(null);
  const onConflict = useConflictNotice(c.id);
  const { primary, rest } = orderActions(c.allowedActions);
  const button = (a: CaseAction, isPrimary: boolean) => (
    <Button key={a} type={isPrimary ? 'primary' : 'default'} danger={DANGER.includes(a)} onClick={() => setOpen(a)} data-action={a}>
      {label(TRANSITIONS[a].label)}
    </Button>
  );
  if (!primary && rest.length === 0) return null;
  return (
    <>
      <Space wrap size={8}>
        {primary && button(primary, true)}
        {rest.map((a) => button(a, false))}
      </Space>
      {open && (
        <ActionForm
          action={open}
          current={c}
          onClose={() => setOpen(null)}
          onConflict={(err) => {
            setOpen(null);
            onConflict(err);
          }}
        />
      )}
    </>
  );
}
