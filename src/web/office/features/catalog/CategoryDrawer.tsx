/**
 * Edit a category's local settings (PATCH: only what changed is sent), or add a local extension category
 * (POST; codes from major 11 up, outside the national table). Checked with the contract's schemas as the user
 * types; a refusal from the server is shown at the field it names.
 */
import { useEffect } from 'react';
import { Alert, App, Button, Drawer, Flex, Form, Input, InputNumber, Radio, Select, Switch, Typography } from 'antd';
import { categorySettingsBody, createCategoryBody } from '../../../../shared/api/categories.ts';
import { URGENCY_LABELS } from '../../../../shared/api/vocabulary.ts';
import { CLOCK_TYPES, UNIT_TYPES, URGENCIES, type CategoryKind, type ClockType, type UnitType, type Urgency } from '../../../../shared/org.ts';
import { errorText } from '../../../common/components/ApiErrorAlert.tsx';
import { useI18n } from '../../../common/i18n/i18n.tsx';
import { useCreateCategory, useSaveCategory, type Category, type CategoryPatch } from './api.ts';
import { showFieldErrors, zodRule } from './form-rules.ts';
import { clockHintKey, clockKey, clockUnitKey, isHourClock, unitTypeKey } from './labels.ts';

interface Values {
  kind: CategoryKind;
  code: string;
  majorName: string;
  name: string;
  timeLimit: number | null;
  clockType: ClockType;
  defaultUnitType: UnitType | null;
  urgency: Urgency;
  requiresAfterPhoto: boolean;
  isPublic: boolean;
  active: boolean;
  filingConditions: string;
  closingConditions: string;
}

const SETTINGS = ['name', 'timeLimit', 'clockType', 'defaultUnitType', 'urgency', 'requiresAfterPhoto', 'isPublic', 'active', 'filingConditions', 'closingConditions'] as const;

function valuesOf(c: Category | null, kind: CategoryKind): Values {
  if (!c) {
    return {
      kind, code: '', majorName: '', name: '', timeLimit: null, clockType: 'workingDays', defaultUnitType: null, urgency: 'normal',
      requiresAfterPhoto: true, isPublic: false, active: true, filingConditions: '', closingConditions: '',
    };
  }
  return {
    kind: c.kind, code: c.code, majorName: c.majorName, name: c.name, timeLimit: c.timeLimit, clockType: c.clockType, defaultUnitType: c.defaultUnitType,
    urgency: c.urgency, requiresAfterPhoto: c.requiresAfterPhoto, isPublic: c.isPublic, active: c.active, filingConditions: c.filingConditions, closingConditions: c.closingConditions,
  };
}

interface Props {
  editing: Category | 'new' | null;
  /** The kind a new category starts as (the tab the admin is on). */
  kind: CategoryKind;
  onClose(): void;
}

export function CategoryDrawer({ editing, kind, onClose }: Props) {
  const { t, label, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const save = useSaveCategory();
  const create = useCreateCategory();
  const isNew = editing === 'new';
  const current = editing && editing !== 'new' ? editing : null;
  const clockType = Form.useWatch('clockType', form) ?? 'workingDays';
  const chosenKind = Form.useWatch('kind', form) ?? kind;
  const busy = save.isPending || create.isPending;

  useEffect(() => {
    if (editing) form.setFieldsValue(valuesOf(current, kind));
    else form.resetFields();
  }, [editing, current, kind, form]);

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return; // the fields show why
    const onError = (err: unknown) => {
      if (!showFieldErrors(form, err)) message.error(errorText(err, t));
    };
    if (isNew) {
      create.mutate(
        { ...v, name: v.name.trim(), majorName: v.majorName.trim() },
        { onSuccess: (c) => { message.success(t('adminCatalog.created', { code: c.code, name: c.name })); onClose(); }, onError },
      );
      return;
    }
    if (!current) return;
    const before = valuesOf(current, current.kind);
    const patch: Record<string, unknown> = {};
    for (const k of SETTINGS) if (JSON.stringify(v[k]) !== JSON.stringify(before[k])) patch[k] = v[k];
    if (Object.keys(patch).length === 0) {
      message.info(t('adminCatalog.nothingChanged'));
      return;
    }
    save.mutate(
      { kind: current.kind, code: current.code, patch: patch as CategoryPatch },
      { onSuccess: (c) => { message.success(t('adminCatalog.saved', { code: c.code, name: c.name })); onClose(); }, onError },
    );
  };

  const shape = categorySettingsBody.shape;
  return (
    <Drawer
      open={!!editing}
      onClose={onClose}
      size={560}
      destroyOnHidden
      title={isNew ? t('adminCatalog.addLocal') : current ? t('adminCatalog.editTitle', { code: current.code, name: current.name }) : ''}
      footer={
        <Flex justify="end" gap={8}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={busy} onClick={() => void submit()}>{isNew ? t('adminCatalog.create') : t('common.save')}</Button>
        </Flex>
      }
    >
      <Form<Values> form={form} layout="vertical" disabled={busy} initialValues={valuesOf(current, kind)}>
        {current && (
          <Typography.Paragraph type="secondary">
            {current.majorCode} {current.majorName} · {current.isExtension ? t('adminCatalog.extension') : current.source}
          </Typography.Paragraph>
        )}
        {isNew && (
          <>
            <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('adminCatalog.localHint')} />
            <Form.Item name="kind" label={t('adminCatalog.kind')} required>
              <Radio.Group optionType="button" options={[{ value: 'component', label: t('adminCatalog.kindComponent') }, { value: 'event', label: t('adminCatalog.kindEvent') }]} />
            </Form.Item>
            <Flex gap={12}>
              <Form.Item name="code" label={t('adminCatalog.code')} required rules={[zodRule(createCategoryBody.shape.code, lang)]} extra={t('adminCatalog.codeHint')} style={{ width: '40%' }}>
                <Input maxLength={5} inputMode="numeric" placeholder="11007" />
              </Form.Item>
              <Form.Item name="majorName" label={t('adminCatalog.majorName')} required rules={[zodRule(createCategoryBody.shape.majorName, lang)]} style={{ width: '60%' }}>
                <Input maxLength={60} placeholder={t('adminCatalog.majorNamePlaceholder')} />
              </Form.Item>
            </Flex>
          </>
        )}
        <Form.Item name="name" label={t('adminCatalog.name')} required rules={[zodRule(createCategoryBody.shape.name, lang)]}>
          <Input maxLength={100} />
        </Form.Item>
        <Flex gap={12}>
          <Form.Item name="timeLimit" label={t('adminCatalog.timeLimit')} rules={[zodRule(shape.timeLimit, lang)]} extra={t('adminCatalog.timeLimitHint')} style={{ flex: 1 }}>
            <InputNumber<number> step={isHourClock(clockType) ? 0.5 : 1} style={{ width: '100%' }} suffix={t(clockUnitKey(clockType))} placeholder={t('adminCatalog.limitDefault')} />
          </Form.Item>
          <Form.Item name="clockType" label={t('adminCatalog.clockType')} required extra={t(clockHintKey(clockType))} style={{ flex: 1 }}>
            <Select options={CLOCK_TYPES.map((c) => ({ value: c, label: t(clockKey(c)) }))} />
          </Form.Item>
        </Flex>
        <Flex gap={12}>
          <Form.Item name="defaultUnitType" label={t('adminCatalog.defaultUnitType')} extra={t('adminCatalog.defaultUnitTypeHint')} style={{ flex: 1 }}>
            <Select allowClear placeholder={t('adminCatalog.none')} options={UNIT_TYPES.map((u) => ({ value: u, label: t(unitTypeKey(u)) }))} onClear={() => form.setFieldValue('defaultUnitType', null)} />
          </Form.Item>
          <Form.Item name="urgency" label={t('adminCatalog.urgency')} style={{ flex: 1 }}>
            <Radio.Group optionType="button" options={URGENCIES.map((u) => ({ value: u, label: label(URGENCY_LABELS[u]) }))} />
          </Form.Item>
        </Flex>
        <Flex gap={24} wrap>
          <Form.Item name="requiresAfterPhoto" label={t('adminCatalog.photoRequired')} valuePropName="checked" extra={t('adminCatalog.photoHint')}>
            <Switch />
          </Form.Item>
          <Form.Item name="isPublic" label={t('adminCatalog.isPublic')} valuePropName="checked" extra={chosenKind === 'event' ? t('adminCatalog.publicHint') : t('adminCatalog.publicComponentHint')}>
            <Switch disabled={chosenKind !== 'event'} />
          </Form.Item>
          <Form.Item name="active" label={t('adminCatalog.activeLabel')} valuePropName="checked" extra={t('adminCatalog.activeHint')}>
            <Switch />
          </Form.Item>
        </Flex>
        <Form.Item name="filingConditions" label={t('adminCatalog.filingConditions')} rules={[zodRule(shape.filingConditions, lang)]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} />
        </Form.Item>
        <Form.Item name="closingConditions" label={t('adminCatalog.closingConditions')} rules={[zodRule(shape.closingConditions, lang)]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
