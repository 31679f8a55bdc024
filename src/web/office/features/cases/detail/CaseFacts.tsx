import { useMemo } from 'react';
import { Card, Descriptions, Space, Tag, Typography } from 'antd';
import type { DescriptionsProps } from 'antd';
import { Link } from 'react-router';
import { SATISFACTION_LABELS, SOURCE_LABELS, type Satisfaction } from '../../../../../shared/api/vocabulary.ts';
import { useI18n } from '../../../../common/i18n/i18n.tsx';
import { useAllCategories, useDivisionNames, useUnitList } from '../../../../common/components/useReference.ts';
import { useGrid, type CaseDetail } from './api.ts';
import { formatTime } from './format.ts';
import { CaseStatusTag, UrgencyTag } from '../../../../common/components/CaseStatusTag.tsx';

/** Names of the case's places, from the grid, or from the divisions while it loads or if it is not readable. */
export function usePlaceNames(c: CaseDetail) {
  const grid = useGrid(c.location.gridCode);
  const names = useDivisionNames();
  return {
    grid: grid.data,
    street: grid.data?.streetName ?? names.get(c.location.streetCode) ?? c.location.streetCode,
    community: grid.data?.communityName ?? names.get(c.location.communityCode) ?? c.location.communityCode,
  };
}

export function useUnitName() {
  const units = useUnitList();
  const byId = useMemo(() => new Map((units.data ?? []).map((u) => [u.id, u.name])), [units.data]);
  return (id: number | null | undefined) => (id == null ? null : (byId.get(id) ?? `#${id}`));
}

export function useCategoryOf(c: Pick<CaseDetail, 'category'>) {
  const all = useAllCategories();
  return all.data?.find((x) => x.kind === c.category.kind && x.code === c.category.code);
}

export function CategoryText({ c }: { c: CaseDetail }) {
  const { t } = useI18n();
  const cat = useCategoryOf(c);
  const kind = t(c.category.kind === 'component' ? 'caseDetail.kindComponent' : 'caseDetail.kindEvent');
  return <>{t('caseDetail.categoryPath', { kind, major: cat?.majorName ?? c.category.code.slice(0, 2), minor: c.category.name })}</>;
}

function Rating({ value }: { value: string | null }) {
  const { t, label } = useI18n();
  if (!value) return <>—</>;
  if (value === 'unreachable') return <>{t('caseDetail.ratingUnreachable')}</>;
  return <>{label(SATISFACTION_LABELS[value as Satisfaction]) || value}</>;
}

export function CaseFacts({ c }: { c: CaseDetail }) {
  const { t, label } = useI18n();
  const places = usePlaceNames(c);
  const unitName = useUnitName();
  const text = (v: string | null | undefined) => (v ? <Typography.Paragraph className="gc-pre" style={{ margin: 0 }}>{v}</Typography.Paragraph> : '—');
  const muted = (k: Parameters<typeof t>[0]) => <Typography.Text type="secondary">{t(k)}</Typography.Text>;
  // Two columns, in pairs; the optional facts close their row ('filled'), the long texts take a row each.
  const optional: NonNullable<DescriptionsProps['items']> = [
    { key: 'rating', label: t('caseDetail.rating'), children: <Rating value={c.citizenRating} /> },
    ...(c.selfHandled ? [{ key: 'selfHandled', label: t('caseDetail.selfHandled'), children: t('common.yes') }] : []),
    ...(c.mergedIntoId ? [{ key: 'merged', label: t('caseDetail.mergedInto'), children: <Link to={`/cases/${c.mergedIntoId}`}>{t('caseDetail.openCase', { no: `#${c.mergedIntoId}` })}</Link> }] : []),
  ];
  optional[optional.length - 1]!.span = 'filled';
  const items: DescriptionsProps['items'] = [
    { key: 'trackingNo', label: t('caseDetail.trackingNo'), children: <Typography.Text copyable>{c.trackingNo}</Typography.Text> },
    { key: 'caseNo', label: t('caseDetail.caseNo'), children: c.caseNo ? <Typography.Text copyable>{c.caseNo}</Typography.Text> : muted('caseDetail.notFiled') },
    { key: 'status', label: t('caseDetail.status'), children: <CaseStatusTag status={c.status} /> },
    {
      key: 'urgency',
      label: t('caseDetail.urgency'),
      children: (
        <Space size={4}>
          <UrgencyTag urgency={c.urgency} />
          {c.urgencyRequested && c.urgency !== 'urgent' && <Tag>{t('caseDetail.urgencyRequested')}</Tag>}
        </Space>
      ),
    },
    { key: 'category', label: t('caseDetail.category'), children: <CategoryText c={c} /> },
    { key: 'source', label: t('caseDetail.source'), children: label(SOURCE_LABELS[c.source]) },
    { key: 'reportedAt', label: t('caseDetail.reportedAt'), children: formatTime(c.reportedAt) },
    { key: 'filedAt', label: t('caseDetail.filedAt'), children: formatTime(c.filedAt) },
    { key: 'closedAt', label: t('caseDetail.closedAt'), children: formatTime(c.closedAt) },
    { key: 'counts', label: t('caseDetail.counts'), children: t('caseDetail.countsValue', { ext: c.extensionCount, rework: c.reworkCount, urge: c.urgeCount }) },
    { key: 'address', label: t('caseDetail.address'), children: c.location.address || muted('caseDetail.noAddress'), span: 'filled' },
    { key: 'street', label: t('caseDetail.street'), children: places.street },
    { key: 'community', label: t('caseDetail.community'), children: places.community },
    { key: 'grid', label: t('caseDetail.grid'), children: c.location.gridCode },
    { key: 'handlingDue', label: t('caseDetail.handlingDue'), children: formatTime(c.handlingDueAt) },
    { key: 'leadUnit', label: t('caseDetail.leadUnit'), children: unitName(c.leadUnitId) ?? muted('caseDetail.notDispatched') },
    { key: 'coUnits', label: t('caseDetail.coUnits'), children: c.coUnitIds.length ? c.coUnitIds.map((u) => unitName(u)).join(t('caseDetail.listSep')) : '—' },
    ...optional,
    { key: 'description', label: t('caseDetail.description'), children: text(c.description), span: 'filled' },
    { key: 'result', label: t('caseDetail.handlingResult'), children: text(c.handlingResult), span: 'filled' },
    { key: 'publicReply', label: t('caseDetail.publicReply'), children: text(c.publicReply), span: 'filled' },
  ];
  return (
    <Card title={t('caseDetail.factsTitle')} size="small">
      <Descriptions bordered size="small" column={{ xs: 1, sm: 1, md: 2 }} items={items} styles={{ label: { width: 128, whiteSpace: 'nowrap' } }} />
    </Card>
  );
}
