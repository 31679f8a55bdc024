/**
 * 流程设置: a district's workflow settings — every step's time limit and clock, the default handling limit, how
 * many extensions, call-backs, the near-due reminder, duplicate detection, merge groups and the centre pools'
 * notices. Checked with the server's schema; saving first shows what changes, and asks.
 */
import { useEffect, useMemo, useState } from 'react';
import { App, Button, Card, Checkbox, Col, Empty, Flex, Form, InputNumber, Radio, Row, Select, Skeleton, Space, Table, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { workflowSettingsSchema, type StepLimit, type WorkflowSettings } from '../../../../shared/api/settings.ts';
import { fieldErrors } from '../../../../shared/api/validation.ts';
import { SOURCE_LABELS, STEP_LABELS } from '../../../../shared/api/vocabulary.ts';
import { CASE_SOURCES, STEP_KINDS, type StepKind } from '../../../../shared/cases/workflow.ts';
import { CLOCK_TYPES } from '../../../../shared/org.ts';
import { ApiErrorAlert, errorText } from '../../../common/components/ApiErrorAlert.tsx';
import type { MessageKey } from '../../../common/i18n/catalogue.ts';
import { useI18n } from '../../../common/i18n/i18n.tsx';
import { useCategoryCatalogue, useSaveWorkflowSettings, useWorkflowSettings } from './api.ts';
import { showFieldErrors, zodRule } from './form-rules.ts';
import { clockKey } from './labels.ts';
import { useManagedDistricts } from './useDistricts.ts';

/** The handling step's limit comes from the category (or the default handling limit below), not from this table. */
const STEPS = STEP_KINDS.filter((s) => s !== 'handle');
const shape = workflowSettingsSchema.shape;

interface Values extends Omit<WorkflowSettings, 'nearDueShare'> {
  /** Shown as a percentage. */
  nearDuePercent: number;
}
const toValues = (s: WorkflowSettings): Values => {
  const { nearDueShare, ...rest } = s;
  return { ...rest, nearDuePercent: Math.round(nearDueShare * 100) };
};
const toSettings = (v: Values, base: WorkflowSettings): WorkflowSettings => {
  const { nearDuePercent, ...rest } = v;
  return { ...base, ...rest, stepLimits: { ...base.stepLimits, ...rest.stepLimits }, nearDueShare: Math.round(nearDuePercent) / 100 };
};

export default function WorkflowPage() {
  const { t, label, lang } = useI18n();
  const { message, modal } = App.useApp();
  const { districts, query: divisions } = useManagedDistricts();
  const [district, setDistrict] = useState<string | undefined>();
  const code = district ?? districts[0]?.code;
  const settings = useWorkflowSettings(code);
  const categories = useCategoryCatalogue();
  const save = useSaveWorkflowSettings();
  const [form] = Form.useForm<Values>();

  useEffect(() => {
    if (settings.data) form.setFieldsValue(toValues(settings.data));
  }, [settings.data, form]);

  const categoryOptions = useMemo(
    () => (categories.data?.items ?? []).filter((c) => c.active).map((c) => ({ value: `${c.kind}:${c.code}`, label: `${c.code} ${c.name}（${t(c.kind === 'component' ? 'adminCatalog.kindComponent' : 'adminCatalog.kindEvent')}）` })),
    [categories.data, t],
  );
  const categoryName = useMemo(() => new Map(categoryOptions.map((o) => [o.value, o.label])), [categoryOptions]);

  const limitText = (l: StepLimit) => `${l.amount} ${t(l.unit === 'hours' ? 'adminCatalog.wfHours' : 'adminCatalog.wfDays')}（${t(clockKey(l.clockType))}）`;
  /** What a save would change, one line each, in the admin's words. */
  const changes = (before: WorkflowSettings, after: WorkflowSettings): string[] => {
    const out: string[] = [];
    const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
    for (const s of STEPS) if (!same(before.stepLimits[s], after.stepLimits[s])) out.push(`${t('adminCatalog.wfStepLimit', { step: label(STEP_LABELS[s]) })}：${limitText(before.stepLimits[s])} → ${limitText(after.stepLimits[s])}`);
    if (!same(before.defaultHandleLimit, after.defaultHandleLimit)) out.push(`${t('adminCatalog.wfDefaultHandle')}：${limitText(before.defaultHandleLimit)} → ${limitText(after.defaultHandleLimit)}`);
    if (before.maxExtensions !== after.maxExtensions) out.push(`${t('adminCatalog.wfMaxExtensions')}：${before.maxExtensions} → ${after.maxExtensions}`);
    if (!same([...before.callbackSources].sort(), [...after.callbackSources].sort())) {
      const names = (l: readonly string[]) => l.map((s) => label(SOURCE_LABELS[s as keyof typeof SOURCE_LABELS])).join('、') || t('adminCatalog.none');
      out.push(`${t('adminCatalog.wfCallbackSources')}：${names(before.callbackSources)} → ${names(after.callbackSources)}`);
    }
    if (before.unsatisfiedCallback !== after.unsatisfiedCallback) out.push(`${t('adminCatalog.wfUnsatisfied')}：${t(`adminCatalog.wfUnsatisfied_${before.unsatisfiedCallback}`)} → ${t(`adminCatalog.wfUnsatisfied_${after.unsatisfiedCallback}`)}`);
    if (before.nearDueShare !== after.nearDueShare) out.push(`${t('adminCatalog.wfNearDue')}：${Math.round(before.nearDueShare * 100)}% → ${Math.round(after.nearDueShare * 100)}%`);
    if (before.duplicateRadiusM !== after.duplicateRadiusM) out.push(`${t('adminCatalog.wfDuplicateRadius')}：${before.duplicateRadiusM} → ${after.duplicateRadiusM} m`);
    if (before.duplicateWindowHours !== after.duplicateWindowHours) out.push(`${t('adminCatalog.wfDuplicateWindow')}：${before.duplicateWindowHours} → ${after.duplicateWindowHours} h`);
    if (!same(before.mergeCompatible, after.mergeCompatible)) out.push(`${t('adminCatalog.wfMerge')}：${t('adminCatalog.wfMergeChanged', { before: before.mergeCompatible.length, after: after.mergeCompatible.length })}`);
    if (before.poolNewTasks !== after.poolNewTasks) out.push(`${t('adminCatalog.wfPool')}：${t(`adminCatalog.wfPool_${before.poolNewTasks}`)} → ${t(`adminCatalog.wfPool_${after.poolNewTasks}`)}`);
    return out;
  };

  const submit = async () => {
    if (!settings.data || !code) return;
    const v = await form.validateFields().catch(() => null);
    if (!v) return; // the fields show why
    const next = toSettings(v, settings.data);
    const checked = workflowSettingsSchema.safeParse(next);
    if (!checked.success) {
      const fields = fieldErrors(checked.error.issues, lang, '', next).map((e) => ({ name: e.field === 'nearDueShare' ? ['nearDuePercent'] : e.field.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)), errors: [e.message] }));
      form.setFields(fields as Parameters<typeof form.setFields>[0]);
      return;
    }
    const list = changes(settings.data, checked.data);
    if (!list.length) return void message.info(t('adminCatalog.nothingChanged'));
    modal.confirm({
      title: t('adminCatalog.wfConfirm', { district: districts.find((d) => d.code === code)?.name ?? code }),
      width: 640,
      content: (
        <>
          <ul style={{ paddingInlineStart: 20, margin: '8px 0' }}>{list.map((l) => <li key={l}>{l}</li>)}</ul>
          <Typography.Text type="secondary">{t('adminCatalog.wfConfirmHint')}</Typography.Text>
        </>
      ),
      okText: t('common.save'),
      cancelText: t('common.cancel'),
      onOk: () =>
        save.mutateAsync({ districtCode: code, settings: checked.data }).then(
          () => void message.success(t('adminCatalog.wfSaved')),
          (err: unknown) => {
            if (!showFieldErrors(form, err)) message.error(errorText(err, t));
          },
        ),
    });
  };

  const limitFields = (name: (string | number)[], id: string) => (
    <Space.Compact>
      <Form.Item name={[...name, 'amount']} noStyle rules={[zodRule(shape.defaultHandleLimit.shape.amount, lang)]}>
        <InputNumber<number> step={0.5} style={{ width: 110 }} aria-label={t('adminCatalog.wfAmountOf', { step: id })} />
      </Form.Item>
      <Form.Item name={[...name, 'unit']} noStyle>
        <Select style={{ width: 90 }} aria-label={t('adminCatalog.wfUnitOf', { step: id })} options={[{ value: 'hours', label: t('adminCatalog.wfHours') }, { value: 'days', label: t('adminCatalog.wfDays') }]} />
      </Form.Item>
      <Form.Item name={[...name, 'clockType']} noStyle>
        <Select style={{ width: 150 }} aria-label={t('adminCatalog.wfClockOf', { step: id })} options={CLOCK_TYPES.map((c) => ({ value: c, label: t(clockKey(c)) }))} />
      </Form.Item>
    </Space.Compact>
  );

  if (divisions.isError) return <ApiErrorAlert error={divisions.error} onRetry={() => void divisions.refetch()} />;
  if (divisions.isSuccess && !districts.length) return <Empty description={t('adminCatalog.noDistricts')} />;
  return (
    <Flex vertical gap={16} style={{ maxWidth: 1400 }}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Space>
          <Typography.Text>{t('adminCatalog.district')}</Typography.Text>
          <Select aria-label={t('adminCatalog.district')} value={code} onChange={setDistrict} style={{ width: 220 }} options={districts.map((d) => ({ value: d.code, label: `${d.name}（${d.code}）` }))} loading={divisions.isPending} />
        </Space>
        <Space>
          <Button onClick={() => settings.data && form.setFieldsValue(toValues(settings.data))} disabled={!settings.data}>{t('adminCatalog.wfRevert')}</Button>
          <Button type="primary" onClick={() => void submit()} loading={save.isPending} disabled={!settings.data}>{t('adminCatalog.wfSave')}</Button>
        </Space>
      </Flex>
      {settings.isError ? (
        <ApiErrorAlert error={settings.error} onRetry={() => void settings.refetch()} />
      ) : !settings.data ? (
        <Skeleton active paragraph={{ rows: 14 }} />
      ) : (
        <Form<Values> form={form} layout="vertical" disabled={save.isPending} data-ready="true">
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={13}>
              <Card size="small" title={t('adminCatalog.wfSteps')}>
                <Typography.Paragraph type="secondary">{t('adminCatalog.wfStepsHint')}</Typography.Paragraph>
                <Table<{ step: StepKind }>
                  size="small"
                  pagination={false}
                  rowKey="step"
                  dataSource={STEPS.map((step) => ({ step }))}
                  columns={[
                    {
                      title: t('adminCatalog.wfStep'),
                      key: 'step',
                      render: (_v, r) => (
                        <div>
                          <div>{label(STEP_LABELS[r.step])}</div>
                          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t(`adminCatalog.wfStepHint_${r.step}` as MessageKey)}</Typography.Text>
                        </div>
                      ),
                    },
                    { title: t('adminCatalog.wfLimit'), key: 'limit', width: 360, render: (_v, r) => limitFields(['stepLimits', r.step], label(STEP_LABELS[r.step])) },
                  ]}
                />
                <Form.Item label={t('adminCatalog.wfDefaultHandle')} extra={t('adminCatalog.wfDefaultHandleHint')} style={{ marginTop: 16, marginBottom: 0 }} required>
                  {limitFields(['defaultHandleLimit'], t('adminCatalog.wfDefaultHandle'))}
                </Form.Item>
              </Card>
            </Col>
            <Col xs={24} xl={11}>
              <Flex vertical gap={16}>
                <Card size="small" title={t('adminCatalog.wfPolicies')}>
                  <Form.Item name="maxExtensions" label={t('adminCatalog.wfMaxExtensions')} extra={t('adminCatalog.wfMaxExtensionsHint')} rules={[zodRule(shape.maxExtensions, lang)]}>
                    <InputNumber<number> style={{ width: 120 }} suffix={t('adminCatalog.wfTimes')} />
                  </Form.Item>
                  <Form.Item name="callbackSources" label={t('adminCatalog.wfCallbackSources')} extra={t('adminCatalog.wfCallbackSourcesHint')}>
                    <Checkbox.Group options={CASE_SOURCES.map((s) => ({ value: s, label: label(SOURCE_LABELS[s]) }))} />
                  </Form.Item>
                  <Form.Item name="unsatisfiedCallback" label={t('adminCatalog.wfUnsatisfied')} extra={t('adminCatalog.wfUnsatisfiedHint')}>
                    <Radio.Group options={[{ value: 'rework', label: t('adminCatalog.wfUnsatisfied_rework') }, { value: 'close', label: t('adminCatalog.wfUnsatisfied_close') }]} />
                  </Form.Item>
                  <Form.Item name="nearDuePercent" label={t('adminCatalog.wfNearDue')} extra={t('adminCatalog.wfNearDueHint')} rules={[{ required: true, type: 'integer', min: 10, max: 99, message: t('adminCatalog.wfNearDueRange') }]}>
                    <InputNumber<number> suffix="%" style={{ width: 120 }} />
                  </Form.Item>
                  <Form.Item name="poolNewTasks" label={t('adminCatalog.wfPool')} extra={t('adminCatalog.wfPoolHint')}>
                    <Radio.Group options={[{ value: 'urgent', label: t('adminCatalog.wfPool_urgent') }, { value: 'all', label: t('adminCatalog.wfPool_all') }]} />
                  </Form.Item>
                </Card>
                <Card size="small" title={t('adminCatalog.wfDuplicates')}>
                  <Typography.Paragraph type="secondary">{t('adminCatalog.wfDuplicatesHint')}</Typography.Paragraph>
                  <Flex gap={16} wrap>
                    <Form.Item name="duplicateRadiusM" label={t('adminCatalog.wfDuplicateRadius')} rules={[zodRule(shape.duplicateRadiusM, lang)]}>
                      <InputNumber<number> suffix={t('adminCatalog.wfMetres')} style={{ width: 150 }} />
                    </Form.Item>
                    <Form.Item name="duplicateWindowHours" label={t('adminCatalog.wfDuplicateWindow')} rules={[zodRule(shape.duplicateWindowHours, lang)]}>
                      <InputNumber<number> suffix={t('adminCatalog.wfHours')} style={{ width: 150 }} />
                    </Form.Item>
                  </Flex>
                  <Typography.Text strong>{t('adminCatalog.wfMerge')}</Typography.Text>
                  <Typography.Paragraph type="secondary">{t('adminCatalog.wfMergeHint')}</Typography.Paragraph>
                  <Form.List name="mergeCompatible">
                    {(fields, { add, remove }) => (
                      <Flex vertical gap={8}>
                        {fields.map((f, i) => (
                          <Flex key={f.key} gap={8} align="start">
                            <Form.Item name={f.name} noStyle rules={[zodRule(shape.mergeCompatible.element, lang)]}>
                              <Select
                                mode="multiple"
                                aria-label={t('adminCatalog.wfMergeGroup', { n: i + 1 })}
                                style={{ flex: 1 }}
                                options={categoryOptions}
                                showSearch={{ optionFilterProp: 'label' }}
                                placeholder={t('adminCatalog.wfMergePlaceholder')}
                                labelRender={(p) => categoryName.get(String(p.value)) ?? String(p.value)}
                              />
                            </Form.Item>
                            <Button danger icon={<DeleteOutlined aria-hidden />} onClick={() => remove(f.name)} aria-label={t('adminCatalog.wfMergeRemove', { n: i + 1 })} />
                          </Flex>
                        ))}
                        <Form.Item noStyle shouldUpdate>
                          {() => {
                            const err = form.getFieldError('mergeCompatible');
                            return err.length ? <Typography.Text type="danger">{err.join('；')}</Typography.Text> : null;
                          }}
                        </Form.Item>
                        <Button icon={<PlusOutlined aria-hidden />} onClick={() => add([])} disabled={fields.length >= 50}>{t('adminCatalog.wfMergeAdd')}</Button>
                      </Flex>
                    )}
                  </Form.List>
                </Card>
              </Flex>
            </Col>
          </Row>
        </Form>
      )}
    </Flex>
  );
}
