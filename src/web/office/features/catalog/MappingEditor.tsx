/**
 * Legacy category codes (CJ/T 214-2007, GB/T 30428.2-2013) → today's categories: what old data and old
 * systems send is read through this table. The 2013 events come pre-filled (the majors shifted); the admin adds
 * or corrects the rest (components have no reliable mapping: DOMAIN §3).
 */
import { useMemo, useState } from 'react';
import { App, Button, Empty, Flex, Form, Input, Modal, Radio, Select, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { LEGACY_SCHEMES, setMappingBody } from '../../../../shared/api/categories.ts';
import type { CategoryKind } from '../../../../shared/org.ts';
import { ApiErrorAlert, errorText } from '../../../common/components/ApiErrorAlert.tsx';
import type { MessageKey } from '../../../common/i18n/catalogue.ts';
import { useI18n } from '../../../common/i18n/i18n.tsx';
import './catalog.css';
import { useCategoryCatalogue, useMappings, useSaveMapping, type LegacyScheme, type Mapping } from './api.ts';
import { showFieldErrors, zodRule } from './form-rules.ts';

interface Values {
  scheme: LegacyScheme;
  legacyKind: CategoryKind;
  legacyCode: string;
  legacyName: string;
  /** `kind:code`, or '' for “no counterpart”. */
  target: string;
}

const kindKey = (k: string): MessageKey => (k === 'component' ? 'adminCatalog.kindComponent' : 'adminCatalog.kindEvent');

export function MappingEditor() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const mappings = useMappings();
  const categories = useCategoryCatalogue();
  const save = useSaveMapping();
  const [scheme, setScheme] = useState<LegacyScheme | 'all'>('all');
  const [q, setQ] = useState('');
  const [unmappedOnly, setUnmappedOnly] = useState(false);
  const [editing, setEditing] = useState<Mapping | 'new' | null>(null);
  const [form] = Form.useForm<Values>();

  const names = useMemo(() => new Map((categories.data?.items ?? []).map((c) => [`${c.kind}:${c.code}`, c.name])), [categories.data]);
  const targetOptions = useMemo(
    () => [
      { value: '', label: t('adminCatalog.mapNone') },
      ...(categories.data?.items ?? []).map((c) => ({ value: `${c.kind}:${c.code}`, label: `${c.code} ${c.name}（${t(kindKey(c.kind))}）` })),
    ],
    [categories.data, t],
  );
  const rows = useMemo(() => {
    const s = q.trim();
    return (mappings.data ?? []).filter(
      (m) => (scheme === 'all' || m.scheme === scheme) && (!unmappedOnly || !m.code) && (!s || m.legacyCode.startsWith(s) || m.legacyName.includes(s) || (m.code ?? '').startsWith(s)),
    );
  }, [mappings.data, scheme, q, unmappedOnly]);

  const open = (m: Mapping | 'new') => {
    setEditing(m);
    form.setFieldsValue(
      m === 'new'
        ? { scheme: scheme === 'all' ? 'CJ/T 214-2007' : scheme, legacyKind: 'event', legacyCode: '', legacyName: '', target: '' }
        : { scheme: m.scheme as LegacyScheme, legacyKind: m.legacyKind as CategoryKind, legacyCode: m.legacyCode, legacyName: m.legacyName, target: m.kind && m.code ? `${m.kind}:${m.code}` : '' },
    );
  };
  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return; // the fields show why
    const [kind, code] = v.target ? (v.target.split(':') as [CategoryKind, string]) : [null, null];
    save.mutate(
      { scheme: v.scheme, legacyKind: v.legacyKind, legacyCode: v.legacyCode.trim(), legacyName: v.legacyName.trim(), kind, code },
      {
        onSuccess: () => {
          message.success(t('adminCatalog.mapSaved', { code: v.legacyCode }));
          setEditing(null);
        },
        onError: (err) => {
          if (!showFieldErrors(form, err)) message.error(errorText(err, t));
        },
      },
    );
  };

  const columns: ColumnsType<Mapping> = [
    { title: t('adminCatalog.mapScheme'), dataIndex: 'scheme', width: 160, sorter: (a, b) => a.scheme.localeCompare(b.scheme) },
    { title: t('adminCatalog.mapLegacyKind'), dataIndex: 'legacyKind', width: 90, render: (k: string) => t(kindKey(k)) },
    { title: t('adminCatalog.mapLegacyCode'), dataIndex: 'legacyCode', width: 120, sorter: (a, b) => a.legacyCode.localeCompare(b.legacyCode), defaultSortOrder: 'ascend', render: (c: string) => <Typography.Text code>{c}</Typography.Text> },
    { title: t('adminCatalog.mapLegacyName'), dataIndex: 'legacyName', sorter: (a, b) => a.legacyName.localeCompare(b.legacyName, 'zh-CN') },
    {
      title: t('adminCatalog.mapTarget'),
      key: 'target',
      sorter: (a, b) => (a.code ?? '').localeCompare(b.code ?? ''),
      render: (_v, m) =>
        m.kind && m.code ? (
          <span><Typography.Text code>{m.code}</Typography.Text> {names.get(`${m.kind}:${m.code}`) ?? ''}</span>
        ) : (
          <Tag className="gc-tag-warn">{t('adminCatalog.mapNone')}</Tag>
        ),
    },
    {
      title: t('adminCatalog.mapMethod'),
      dataIndex: 'method',
      width: 120,
      filters: ['majorShift', 'manual', 'unmapped'].map((v) => ({ text: t(`adminCatalog.method_${v}` as 'adminCatalog.method_manual'), value: v })),
      onFilter: (v, m) => m.method === v,
      render: (m: string) => <Tag color={m === 'manual' ? 'blue' : undefined} className={m === 'unmapped' ? 'gc-tag-warn' : undefined}>{t(`adminCatalog.method_${m}` as 'adminCatalog.method_manual')}</Tag>,
    },
    {
      title: t('adminCatalog.colActions'),
      key: 'actions',
      width: 90,
      render: (_v, m) => (
        <Button size="small" icon={<EditOutlined aria-hidden />} onClick={() => open(m)} aria-label={t('adminCatalog.mapEditN', { code: m.legacyCode })}>{t('adminCatalog.edit')}</Button>
      ),
    },
  ];

  if (mappings.isError) return <ApiErrorAlert error={mappings.error} onRetry={() => void mappings.refetch()} />;
  return (
    <Flex vertical gap={12}>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>{t('adminCatalog.mapIntro')}</Typography.Paragraph>
      <Flex wrap gap={8} align="center">
        <Select<LegacyScheme | 'all'>
          aria-label={t('adminCatalog.mapScheme')}
          value={scheme}
          onChange={setScheme}
          style={{ width: 200 }}
          options={[{ value: 'all', label: t('adminCatalog.mapAllSchemes') }, ...LEGACY_SCHEMES.map((s) => ({ value: s, label: s }))]}
        />
        <Input.Search allowClear aria-label={t('adminCatalog.search')} placeholder={t('adminCatalog.mapSearch')} value={q} onChange={(e) => setQ(e.target.value)} style={{ width: 300 }} />
        <Radio.Group
          optionType="button"
          aria-label={t('adminCatalog.mapShow')}
          value={unmappedOnly ? 'unmapped' : 'all'}
          onChange={(e) => setUnmappedOnly(e.target.value === 'unmapped')}
          options={[{ value: 'all', label: t('adminCatalog.mapShowAll') }, { value: 'unmapped', label: t('adminCatalog.mapShowUnmapped') }]}
        />
        <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => open('new')} style={{ marginInlineStart: 'auto' }}>{t('adminCatalog.mapAdd')}</Button>
      </Flex>
      <Table<Mapping>
        size="small"
        rowKey={(m) => `${m.scheme}|${m.legacyKind}|${m.legacyCode}`}
        loading={mappings.isPending}
        columns={columns}
        dataSource={rows}
        pagination={{ pageSize: 20, showSizeChanger: false, showTotal: (n) => t('adminCatalog.total', { n }) }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('adminCatalog.mapEmpty')} /> }}
      />
      <Modal
        open={!!editing}
        title={editing === 'new' ? t('adminCatalog.mapAdd') : t('adminCatalog.mapEditTitle')}
        onCancel={() => setEditing(null)}
        onOk={() => void submit()}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        confirmLoading={save.isPending}
        destroyOnHidden
        forceRender
      >
        <Form<Values> form={form} layout="vertical">
          <Flex gap={12}>
            <Form.Item name="scheme" label={t('adminCatalog.mapScheme')} required style={{ width: '55%' }}>
              <Select disabled={editing !== 'new'} options={LEGACY_SCHEMES.map((s) => ({ value: s, label: s }))} />
            </Form.Item>
            <Form.Item name="legacyKind" label={t('adminCatalog.mapLegacyKind')} required style={{ width: '45%' }}>
              <Radio.Group disabled={editing !== 'new'} optionType="button" options={[{ value: 'component', label: t('adminCatalog.kindComponent') }, { value: 'event', label: t('adminCatalog.kindEvent') }]} />
            </Form.Item>
          </Flex>
          <Flex gap={12}>
            <Form.Item name="legacyCode" label={t('adminCatalog.mapLegacyCode')} required rules={[zodRule(setMappingBody.shape.legacyCode, lang)]} extra={t('adminCatalog.mapLegacyCodeHint')} style={{ width: '40%' }}>
              <Input disabled={editing !== 'new'} maxLength={6} inputMode="numeric" />
            </Form.Item>
            <Form.Item name="legacyName" label={t('adminCatalog.mapLegacyName')} required rules={[zodRule(setMappingBody.shape.legacyName, lang)]} style={{ width: '60%' }}>
              <Input maxLength={100} />
            </Form.Item>
          </Flex>
          <Form.Item name="target" label={t('adminCatalog.mapTarget')} extra={t('adminCatalog.mapTargetHint')}>
            <Select showSearch={{ optionFilterProp: 'label' }} options={targetOptions} loading={categories.isPending} />
          </Form.Item>
        </Form>
      </Modal>
    </Flex>
  );
}
