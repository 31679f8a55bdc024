/**
 * Creating or editing a unit: its code (fixed once created), name, type, the area it serves, its working
 * calendar (or a new one, made here), the unit above it and a duty phone; deactivating asks first. Below the
 * form, its members: the accounts of this unit, each a link to edit it, and a button to add one.
 */
import { useEffect, useState } from 'react';
import { Alert, App, Button, Col, Divider, Drawer, Empty, Form, Input, Row, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { PlusOutlined, UserAddOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { createUnitBody } from '../../../../shared/api/org.ts';
import { UNIT_TYPES, type UnitType } from '../../../../shared/org.ts';
import { ROLE_LABELS } from '../../../../shared/roles.ts';
import { ApiErrorAlert, errorText } from '../../../common/components/ApiErrorAlert.tsx';
import { useUnitList } from '../../../common/components/useReference.ts';
import { useI18n } from '../../../common/i18n/i18n.tsx';
import { fieldErrors } from '../../../common/components/form-errors.ts';
import { zodRule } from '../../../common/components/zod-rule.ts';
import { DivisionTreeSelect } from '../../../common/components/DivisionTreeSelect.tsx';
import { useCalendars, useSaveUnit, useUnitMembers, type Unit } from './api.ts';
import { CalendarDrawer } from './CalendarDrawer.tsx';
import { useUnitTypeLabel } from './labels.ts';

interface Values {
  code: string;
  name: string;
  type: UnitType;
  areaCode: string;
  calendarId: number;
  parentId?: number | null;
  phone?: string;
  active: boolean;
}
const FIELDS = ['code', 'name', 'type', 'areaCode', 'calendarId', 'parentId', 'phone', 'active'];
const shape = createUnitBody.shape;

export function UnitDrawer({ open, unit, onClose, onSaved }: { open: boolean; unit: Unit | null; onClose(): void; onSaved(u: Unit): void }) {
  const { t, lang } = useI18n();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const save = useSaveUnit();
  const units = useUnitList();
  const calendars = useCalendars();
  const typeLabel = useUnitTypeLabel();
  const [alert, setAlert] = useState<string | null>(null);
  const [newCalendar, setNewCalendar] = useState(false);
  const area = Form.useWatch('areaCode', form);
  const district = (area ?? unit?.areaCode ?? '').slice(0, 6);

  useEffect(() => {
    if (!open) return;
    setAlert(null);
    form.resetFields();
    form.setFieldsValue(
      unit
        ? { code: unit.code, name: unit.name, type: unit.type, areaCode: unit.areaCode, calendarId: unit.calendarId, parentId: unit.parentId, phone: unit.phone ?? '', active: unit.active }
        : { code: '', name: '', phone: '', parentId: null, active: true },
    );
  }, [open, unit, form]);

  const send = (v: Values) => {
    const phone = v.phone?.trim() ? v.phone.trim() : null;
    const done = {
      onSuccess: (u: Unit) => {
        message.success(t(unit ? 'adminUnits.unitSaved' : 'adminUnits.unitCreated', { name: u.name }));
        onSaved(u);
      },
      onError: (e: unknown) => {
        const f = fieldErrors(e, FIELDS, unit ? { UNIT_NOT_FOUND: 'parentId' } : { UNIT_NOT_FOUND: 'parentId', SCOPE_INVALID: 'areaCode' });
        if (f.fields.length) form.setFields(f.fields as Parameters<typeof form.setFields>[0]);
        setAlert(f.placed ? null : errorText(e, t));
      },
    };
    if (!unit) {
      save.mutate({ create: { code: v.code.trim(), name: v.name.trim(), type: v.type, areaCode: v.areaCode, calendarId: v.calendarId, parentId: v.parentId ?? null, phone } }, done);
      return;
    }
    save.mutate(
      {
        id: unit.id,
        patch: {
          ...(v.name.trim() !== unit.name ? { name: v.name.trim() } : {}),
          ...(v.type !== unit.type ? { type: v.type } : {}),
          ...(v.areaCode !== unit.areaCode ? { areaCode: v.areaCode } : {}),
          ...(v.calendarId !== unit.calendarId ? { calendarId: v.calendarId } : {}),
          ...((v.parentId ?? null) !== unit.parentId ? { parentId: v.parentId ?? null } : {}),
          ...(phone !== unit.phone ? { phone } : {}),
          ...(v.active !== unit.active ? { active: v.active } : {}),
        },
      },
      done,
    );
  };

  const submit = (v: Values) => {
    setAlert(null);
    if (unit && unit.active && !v.active) {
      modal.confirm({
        title: t('adminUnits.deactivateConfirm', { name: unit.name }),
        content: t('adminUnits.deactivateNote', { n: unit.staffCount }),
        okText: t('adminUnits.deactivate'),
        okButtonProps: { danger: true },
        cancelText: t('adminUnits.cancel'),
        onOk: () => send(v),
      });
      return;
    }
    send(v);
  };

  const parents = (units.data ?? []).filter((u) => u.id !== unit?.id && (!district || u.districtCode === district));
  const calendarOptions = (calendars.data ?? []).filter((c) => !district || c.districtCode === district).map((c) => ({ value: c.id, label: `${c.name}（${c.code}）` }));

  return (
    <Drawer open={open} onClose={onClose} size={760} destroyOnHidden title={unit ? t('adminUnits.unitEditTitle', { name: unit.name }) : t('adminUnits.unitNewTitle')} data-testid="unit-drawer">
      <Form<Values> form={form} layout="vertical" onFinish={submit} data-testid="unit-form" scrollToFirstError>
        <Row gutter={12}>
          <Col span={8}>
            <Form.Item name="code" label={t('adminUnits.code')} extra={unit ? t('adminUnits.codeFixed') : t('adminUnits.codeHint')} rules={[{ required: !unit, message: t('adminUnits.required') }, ...(unit ? [] : [zodRule(shape.code, lang)])]}>
              <Input disabled={!!unit} maxLength={40} />
            </Form.Item>
          </Col>
          <Col span={16}>
            <Form.Item name="name" label={t('adminUnits.name')} rules={[{ required: true, whitespace: true, message: t('adminUnits.required') }, zodRule(shape.name, lang)]}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={12}>
          <Col span={8}>
            <Form.Item name="type" label={t('adminUnits.type')} rules={[{ required: true, message: t('adminUnits.required') }]}>
              <Select options={UNIT_TYPES.map((ty) => ({ value: ty, label: typeLabel(ty) }))} aria-label={t('adminUnits.type')} />
            </Form.Item>
          </Col>
          <Col span={16}>
            <Form.Item name="areaCode" label={t('adminUnits.area')} extra={t('adminUnits.areaHint')} rules={[{ required: true, message: t('adminUnits.required') }, zodRule(shape.areaCode, lang)]}>
              <DivisionTreeSelect aria-label={t('adminUnits.area')} placeholder={t('adminUnits.areaPlaceholder')} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item label={t('adminUnits.calendar')} required extra={t('adminUnits.calendarHint')}>
          <Space.Compact style={{ width: '100%' }}>
            <Form.Item name="calendarId" noStyle rules={[{ required: true, message: t('adminUnits.calendarRequired') }]}>
              <Select showSearch={{ optionFilterProp: 'label' }} options={calendarOptions} loading={calendars.isPending} placeholder={district ? t('adminUnits.calendarPlaceholder') : t('adminUnits.calendarPickAreaFirst')} aria-label={t('adminUnits.calendar')} style={{ flex: 1 }} />
            </Form.Item>
            <Button icon={<PlusOutlined aria-hidden />} onClick={() => setNewCalendar(true)} data-testid="unit-new-calendar">{t('adminUnits.calendarNew')}</Button>
          </Space.Compact>
        </Form.Item>
        <Row gutter={12}>
          <Col span={14}>
            <Form.Item name="parentId" label={t('adminUnits.parent')} extra={t('adminUnits.parentHint')}>
              <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={parents.map((u) => ({ value: u.id, label: u.name }))} placeholder={t('adminUnits.parentNone')} aria-label={t('adminUnits.parent')} />
            </Form.Item>
          </Col>
          <Col span={10}>
            <Form.Item name="phone" label={t('adminUnits.phone')} rules={[zodRule(shape.phone.unwrap().unwrap(), lang)]}>
              <Input maxLength={20} inputMode="tel" />
            </Form.Item>
          </Col>
        </Row>
        {unit && (
          <Form.Item name="active" label={t('adminUnits.active')} valuePropName="checked" extra={t('adminUnits.activeHint')}>
            <Switch aria-label={t('adminUnits.active')} />
          </Form.Item>
        )}
        {alert && <Alert type="error" showIcon title={alert} style={{ marginBottom: 16 }} />}
        <Space>
          <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="unit-save">{unit ? t('adminUnits.save') : t('adminUnits.create')}</Button>
          <Button onClick={onClose}>{t('adminUnits.cancel')}</Button>
        </Space>
      </Form>
      {unit && (
        <>
          <Divider titlePlacement="start">{t('adminUnits.members')}</Divider>
          <Members unit={unit} onAdd={() => navigate(`/admin/users?new=1&unit=${unit.id}`)} onEdit={(username) => navigate(`/admin/users?user=${encodeURIComponent(username)}`)} />
        </>
      )}
      <CalendarDrawer open={newCalendar} calendar={null} defaultDistrict={district || undefined} onClose={() => setNewCalendar(false)} onSaved={(c) => form.setFieldsValue({ calendarId: c.id })} />
    </Drawer>
  );
}

function Members({ unit, onAdd, onEdit }: { unit: Unit; onAdd(): void; onEdit(username: string): void }) {
  const { t, label } = useI18n();
  const members = useUnitMembers(unit.id);
  if (members.isError) return <ApiErrorAlert error={members.error} onRetry={() => void members.refetch()} />;
  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Text type="secondary">{t('adminUnits.membersHint', { n: unit.staffCount })}</Typography.Text>
        <Button icon={<UserAddOutlined aria-hidden />} onClick={onAdd} data-testid="unit-add-member">{t('adminUnits.memberAdd')}</Button>
      </Space>
      <Table
        size="small"
        rowKey="id"
        loading={members.isPending}
        dataSource={members.data?.items ?? []}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        data-testid="unit-members"
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('adminUnits.membersEmpty')} /> }}
        columns={[
          { key: 'name', title: t('adminUnits.memberName'), render: (_, u) => <Button type="link" size="small" className="gc-name-link" onClick={() => onEdit(u.username)}>{u.displayName}</Button> },
          { key: 'username', title: t('adminUnits.memberUsername'), dataIndex: 'username' },
          { key: 'roles', title: t('adminUnits.memberRoles'), render: (_, u) => <Space size={4} wrap>{u.roles.map((r) => <Tag key={r} style={{ marginInlineEnd: 0 }}>{label(ROLE_LABELS[r])}</Tag>)}</Space> },
          { key: 'status', title: t('adminUnits.memberStatus'), render: (_, u) => (u.disabled ? <Tag color="red">{t('adminUnits.memberDisabled')}</Tag> : <Tag color="green" className="gc-tag-dark">{t('adminUnits.memberActive')}</Tag>) },
        ]}
      />
    </Space>
  );
}
