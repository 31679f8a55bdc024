/**
 * The case list's filters: every one GET /api/cases takes, the common ones on the first row and the rest
 * behind 展开. 查询 writes them to the URL (the list follows the URL); the form follows the URL back when
 * the user walks history or picks a saved filter.
 */
import { useEffect, useMemo, useState } from 'react';
import { Button, Col, DatePicker, Form, Input, Row, Select, Space } from 'antd';
import { DownOutlined, SearchOutlined, UpOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { CASE_SOURCES, CASE_STATUSES, STATUS_LABELS, STEP_KINDS } from '../../../../../shared/cases/workflow.ts';
import { COLOUR_LABELS, COLOURS, SOURCE_LABELS, STEP_LABELS, URGENCY_LABELS } from '../../../../../shared/api/vocabulary.ts';
import { CATEGORY_KINDS, URGENCIES } from '../../../../../shared/org.ts';
import { useAllCategories, useAllDivisions, useUnitList } from '../../../../common/components/useReference.ts';
import { useI18n } from '../../../../common/i18n/i18n.tsx';
import type { CaseFilters } from './filters.ts';

interface Values {
  q?: string;
  status?: CaseFilters['status'];
  step?: CaseFilters['step'];
  urgency?: CaseFilters['urgency'];
  source?: CaseFilters['source'];
  categoryKind?: CaseFilters['categoryKind'];
  category?: string;
  districtCode?: string;
  streetCode?: string;
  communityCode?: string;
  gridCode?: string;
  unit?: number;
  colour?: CaseFilters['colour'];
  overdue?: 'true' | 'false';
  reported?: [Dayjs | null, Dayjs | null] | null;
  filed?: [Dayjs | null, Dayjs | null] | null;
  closed?: [Dayjs | null, Dayjs | null] | null;
}

type Range = [Dayjs | null, Dayjs | null] | null;
const range = (from?: string, to?: string): Range => (from || to ? [from ? dayjs(from) : null, to ? dayjs(to) : null] : null);

function toValues(f: CaseFilters): Values {
  return {
    ...f,
    category: f.categoryKind && f.categoryCode ? `${f.categoryKind}:${f.categoryCode}` : undefined,
    overdue: f.overdue === undefined ? undefined : f.overdue ? 'true' : 'false',
    reported: range(f.reportedFrom, f.reportedTo),
    filed: range(f.filedFrom, f.filedTo),
    closed: range(f.closedFrom, f.closedTo),
  };
}

function fromValues(v: Values, keep: CaseFilters): CaseFilters {
  const [kind, code] = v.category ? (v.category.split(':') as [CaseFilters['categoryKind'], string]) : [v.categoryKind, undefined];
  const f: CaseFilters = {
    q: v.q?.trim() || undefined,
    status: v.status?.length ? v.status : undefined,
    step: v.step?.length ? v.step : undefined,
    urgency: v.urgency,
    source: v.source?.length ? v.source : undefined,
    categoryKind: kind,
    categoryCode: code,
    districtCode: v.districtCode,
    streetCode: v.streetCode,
    communityCode: v.communityCode,
    gridCode: v.gridCode?.trim() || undefined,
    unit: v.unit,
    colour: v.colour?.length ? v.colour : undefined,
    overdue: v.overdue === undefined ? undefined : v.overdue === 'true',
    reportedFrom: v.reported?.[0]?.format('YYYY-MM-DD'),
    reportedTo: v.reported?.[1]?.format('YYYY-MM-DD'),
    filedFrom: v.filed?.[0]?.format('YYYY-MM-DD'),
    filedTo: v.filed?.[1]?.format('YYYY-MM-DD'),
    closedFrom: v.closed?.[0]?.format('YYYY-MM-DD'),
    closedTo: v.closed?.[1]?.format('YYYY-MM-DD'),
    // The number look-up is not a form field: it stays until reset.
    number: keep.number,
  };
  return Object.fromEntries(Object.entries(f).filter(([, x]) => x !== undefined)) as CaseFilters;
}

const MORE: (keyof CaseFilters)[] = [
  'urgency', 'source', 'categoryKind', 'categoryCode', 'districtCode', 'streetCode', 'communityCode', 'gridCode', 'unit', 'colour', 'overdue',
  'reportedFrom', 'reportedTo', 'filedFrom', 'filedTo', 'closedFrom', 'closedTo',
];

export function FilterForm({ filters, onApply }: { filters: CaseFilters; onApply(f: CaseFilters): void }) {
  const { t, label } = useI18n();
  const [form] = Form.useForm<Values>();
  const [expanded, setExpanded] = useState(() => MORE.some((k) => filters[k] !== undefined));
  const categories = useAllCategories();
  const divisions = useAllDivisions();
  const units = useUnitList();
  const kind = Form.useWatch('categoryKind', form);
  const street = Form.useWatch('streetCode', form);
  const district = Form.useWatch('districtCode', form);

  useEffect(() => {
    form.resetFields();
    form.setFieldsValue(toValues(filters));
    if (MORE.some((k) => filters[k] !== undefined)) setExpanded(true);
  }, [filters, form]);

  const opts = <T extends string>(values: readonly T[], labels: Record<T, { zh: string; en: string }>) => values.map((v) => ({ value: v, label: label(labels[v]) }));
  const categoryOptions = useMemo(() => {
    const groups = new Map<string, { label: string; options: { value: string; label: string }[] }>();
    for (const c of categories.data ?? []) {
      if (kind && c.kind !== kind) continue;
      const g = `${c.kind}:${c.majorCode}`;
      if (!groups.has(g)) groups.set(g, { label: `${t(c.kind === 'component' ? 'caseList.kindComponent' : 'caseList.kindEvent')} · ${c.majorName}`, options: [] });
      groups.get(g)!.options.push({ value: `${c.kind}:${c.code}`, label: `${c.code} ${c.name}` });
    }
    return [...groups.values()];
  }, [categories.data, kind, t]);
  const districts = (divisions.data ?? []).filter((d) => d.level === 'district').map((d) => ({ value: d.code, label: d.name }));
  const streets = (divisions.data ?? []).filter((d) => d.level === 'street' && (!district || d.parentCode === district)).map((d) => ({ value: d.code, label: d.name }));
  const communities = (divisions.data ?? []).filter((d) => d.level === 'community' && (!street || d.parentCode === street)).map((d) => ({ value: d.code, label: d.name }));
  const unitOptions = (units.data ?? []).filter((u) => u.type !== 'commandCenter').map((u) => ({ value: u.id, label: u.name }));
  const search = { showSearch: { optionFilterProp: 'label' as const }, allowClear: true };

  const item = (name: keyof Values, text: string, node: React.ReactNode) => (
    <Col xs={24} md={12} xl={6} key={name}>
      <Form.Item name={name} label={text}>{node}</Form.Item>
    </Col>
  );

  return (
    <Form<Values>
      form={form}
      labelCol={{ flex: '88px' }}
      wrapperCol={{ flex: '1 1 0', style: { minWidth: 0 } }}
      labelWrap
      onFinish={(v) => onApply(fromValues(v, filters))}
      onValuesChange={(changed: Partial<Values>) => {
        if ('categoryKind' in changed) form.setFieldValue('category', undefined);
        if ('districtCode' in changed) form.setFieldsValue({ streetCode: undefined, communityCode: undefined });
        if ('streetCode' in changed) form.setFieldValue('communityCode', undefined);
      }}
      data-testid="case-filters"
    >
      <Row gutter={16}>
        {item('q', t('caseList.fQ'), <Input allowClear maxLength={100} placeholder={t('caseList.fQPlaceholder')} />)}
        {item('status', t('caseList.fStatus'), <Select mode="multiple" maxTagCount="responsive" options={opts(CASE_STATUSES, STATUS_LABELS)} placeholder={t('caseList.any')} {...search} />)}
        {item('step', t('caseList.fStep'), <Select mode="multiple" maxTagCount="responsive" options={opts(STEP_KINDS, STEP_LABELS)} placeholder={t('caseList.any')} {...search} />)}
        {expanded && (
          <>
            {item('urgency', t('caseList.fUrgency'), <Select options={opts(URGENCIES, URGENCY_LABELS)} placeholder={t('caseList.any')} allowClear />)}
            {item('source', t('caseList.fSource'), <Select mode="multiple" maxTagCount="responsive" options={opts(CASE_SOURCES, SOURCE_LABELS)} placeholder={t('caseList.any')} {...search} />)}
            {item('categoryKind', t('caseList.fKind'), <Select options={CATEGORY_KINDS.map((k) => ({ value: k, label: t(k === 'component' ? 'caseList.kindComponent' : 'caseList.kindEvent') }))} placeholder={t('caseList.any')} allowClear />)}
            {item('category', t('caseList.fCategory'), <Select options={categoryOptions} loading={categories.isPending} placeholder={t('caseList.fCategoryPlaceholder')} popupMatchSelectWidth={360} {...search} />)}
            {(districts.length > 1 || filters.districtCode) && item('districtCode', t('caseList.fDistrict'), <Select options={districts} loading={divisions.isPending} placeholder={t('caseList.any')} {...search} />)}
            {item('streetCode', t('caseList.fStreet'), <Select options={streets} loading={divisions.isPending} placeholder={t('caseList.any')} {...search} />)}
            {item('communityCode', t('caseList.fCommunity'), <Select options={communities} loading={divisions.isPending} placeholder={t('caseList.any')} {...search} />)}
            <Col xs={24} md={12} xl={6}>
              <Form.Item name="gridCode" label={t('caseList.fGrid')} rules={[{ pattern: /^\d{14,15}$/, message: t('caseList.fGridInvalid') }]}>
                <Input allowClear inputMode="numeric" maxLength={15} placeholder={t('caseList.fGridPlaceholder')} />
              </Form.Item>
            </Col>
            {item('unit', t('caseList.fUnit'), <Select options={unitOptions} loading={units.isPending} placeholder={t('caseList.any')} popupMatchSelectWidth={300} {...search} />)}
            {item('colour', t('caseList.fColour'), <Select mode="multiple" maxTagCount="responsive" options={opts(COLOURS, COLOUR_LABELS)} placeholder={t('caseList.any')} allowClear />)}
            {item('overdue', t('caseList.fOverdue'), <Select options={[{ value: 'true', label: t('caseList.overdueYes') }, { value: 'false', label: t('caseList.overdueNo') }]} placeholder={t('caseList.any')} allowClear />)}
            <Col xs={24} md={24} xl={12}>
              <Form.Item name="reported" label={t('caseList.fReported')}>
                <DatePicker.RangePicker allowEmpty={[true, true]} style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs().endOf('day'))} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={9}>
              <Form.Item name="filed" label={t('caseList.fFiled')}>
                <DatePicker.RangePicker allowEmpty={[true, true]} style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs().endOf('day'))} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={9}>
              <Form.Item name="closed" label={t('caseList.fClosed')}>
                <DatePicker.RangePicker allowEmpty={[true, true]} style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs().endOf('day'))} />
              </Form.Item>
            </Col>
          </>
        )}
        <Col xs={24} md={expanded ? 24 : 12} xl={expanded ? 6 : 6} style={{ marginBottom: 24 }}>
          <Space style={{ display: 'flex', justifyContent: 'flex-end' }}>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="filters-apply">{t('caseList.apply')}</Button>
            <Button onClick={() => onApply({})} data-testid="filters-reset">{t('common.reset')}</Button>
            <Button type="link" onClick={() => setExpanded((x) => !x)} aria-expanded={expanded} icon={expanded ? <UpOutlined /> : <DownOutlined />} iconPlacement="end">
              {expanded ? t('caseList.collapse') : t('caseList.expand')}
            </Button>
          </Space>
        </Col>
      </Row>
    </Form>
  );
}
