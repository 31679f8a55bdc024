/**
 * 受理号/案卷号 look-up: a full number that matches exactly one case opens it; several are listed; a
 * partial number or any other text becomes the list's text search (which also matches numbers).
 */
import { useState } from 'react';
import { App, Input } from 'antd';
import { useNavigate } from 'react-router';
import { errorText } from '../../../../common/components/ApiErrorAlert.tsx';
import { useI18n } from '../../../../common/i18n/i18n.tsx';
import { lookUpNumber } from './api.ts';
import { NUMBER_PATTERN } from './filters.ts';

export function NumberLookup({ onList }: { onList(f: { number?: string; q?: string }): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);

  const search = async (raw: string) => {
    const v = raw.trim().toUpperCase();
    if (!v) return;
    if (!NUMBER_PATTERN.test(v)) {
      onList({ q: raw.trim() });
      return;
    }
    setBusy(true);
    try {
      const r = await lookUpNumber(v);
      if (r.items.length === 1) navigate(`/cases/${r.items[0]!.id}`);
      else if (r.items.length === 0) void message.warning(t('caseList.lookupNone', { number: v }));
      else onList({ number: v });
    } catch (err) {
      void message.error(errorText(err, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Input.Search
      value={value}
      onChange={(e) => setValue(e.target.value)}
      onSearch={(v) => void search(v)}
      loading={busy}
      allowClear
      enterButton={t('caseList.lookupButton')}
      placeholder={t('caseList.lookupPlaceholder')}
      aria-label={t('caseList.lookupLabel')}
      style={{ width: 340 }}
      data-testid="number-lookup"
    />
  );
}
