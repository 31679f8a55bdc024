/** The original case to merge into: the possible duplicates first, or any case found by number or words. */
import { useEffect, useState } from 'react';
import { Select, Spin, Typography } from 'antd';
import { STATUS_LABELS, type CaseStatus } from '../../../../../../shared/cases/workflow.ts';
import { useI18n } from '../../../../../common/i18n/i18n.tsx';
import { searchCases, useDuplicates } from '../api.ts';

interface Option {
  id: number;
  trackingNo: string;
  status: CaseStatus;
  description: string;
}

interface Props {
  id?: string;
  caseId: number;
  value?: number;
  onChange?(id: number): void;
}

export function CasePicker({ id, caseId, value, onChange }: Props) {
  const { t, label } = useI18n();
  const dups = useDuplicates(caseId, true);
  const [q, setQ] = useState('');
  const [found, setFound] = useState<Option[]>([]);
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    if (q.trim().length < 2) {
      setFound([]);
      return;
    }
    const ctl = new AbortController();
    const timer = setTimeout(() => {
      setLoading(true);
      searchCases(q, ctl.signal)
        .then((r) => setFound(r.items.filter((c) => c.id !== caseId)))
        .catch(() => setFound([]))
        .finally(() => setLoading(false));
    }, 300);
    return () => {
      clearTimeout(timer);
      ctl.abort();
    };
  }, [q, caseId]);

  const render = (o: Option) => ({
    value: o.id,
    label: (
      <span>
        <Typography.Text strong>{o.trackingNo}</Typography.Text>
        <Typography.Text type="secondary"> · {label(STATUS_LABELS[o.status])} · {o.description.slice(0, 40)}</Typography.Text>
      </span>
    ),
    title: o.trackingNo,
  });
  const suggested = (dups.data?.items ?? []).map(render);
  const options = q.trim().length >= 2
    ? found.map(render)
    : suggested.length ? [{ label: t('caseActions.originalSuggested'), options: suggested }] : [];

  return (
    <Select<number>
      id={id}
      showSearch={{ filterOption: false, onSearch: setQ }}
      value={value}
      onChange={(v) => onChange?.(v)}
      placeholder={t('caseActions.originalPlaceholder')}
      notFoundContent={loading ? <Spin size="small" /> : undefined}
      options={options}
      style={{ width: '100%' }}
      optionLabelProp="title"
    />
  );
}
