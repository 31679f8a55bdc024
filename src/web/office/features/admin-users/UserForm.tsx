/**
 * Creating or editing an account: a person (a first password, to be changed at the first sign-in) or an
 * integration account (no password: API tokens only; fixed once created). Every field is checked with the
 * contract's schema before sending; a refusal of the server is shown at the field it concerns.
 */
import { useEffect, useState } from 'react';
import { Alert, App, Button, Checkbox, Form, Input, Segmented, Select, Space, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { createUserBody } from '../../../../shared/api/users.ts';
import { needsUnit, roleConflict, type Role } from '../../../../shared/roles.ts';
import { errorText } from '../../../common/components/ApiErrorAlert.tsx';
import { useUnitList } from '../../../common/components/useReference.ts';
import { useI18n } from '../../../common/i18n/i18n.tsx';
import { temporaryPassword, useCreateUser, useUpdateUser, type UpdateUserInput, type User } from './api.ts';
import { fieldErrors } from '../../../common/components/form-errors.ts';
import { zodRule } from '../../../common/components/zod-rule.ts';
import { CONFLICT_TEXT, RoleField } from './RoleField.tsx';
import { ScopeField } from './ScopeField.tsx';
import { SecretOnce } from './SecretOnce.tsx';

type Kind = 'person' | 'integration';
interface Values {
  kind: Kind;
  username: string;
  displayName: string;
  phone?: string;
  roles: Role[];
  unitId?: number | null;
  /** 单位负责人: only with a unit and a handling role (the server refuses it otherwise: UNIT_LEAD_INVALID). */
  unitLead?: boolean;
  scopes: string[];
  password?: string;
}
const FIELDS = ['username', 'displayName', 'phone', 'roles', 'unitId', 'unitLead', 'scopes', 'password'];
const shape = createUserBody.shape;

interface Props {
  user: User | null;
  /** The admin's own scope: a new account starts with it. */
  defaultScopes: string[];
  defaultUnitId?: number | null;
  onSaved(u: User, created: boolean): void;
  onCancel(): void;
}

export function UserForm({ user, defaultScopes, defaultUnitId = null, onSaved, onCancel }: Props) {
  const { t, lang } = useI18n();
  const { modal } = App.useApp();
  const [form] = Form.useForm<Values>();
  const create = useCreateUser();
  const update = useUpdateUser();
  const units = useUnitList();
  const [alert, setAlert] = useState<string | null>(null);
  const kind = Form.useWatch('kind', form) ?? (user?.isIntegration ? 'integration' : 'person');
  const roles = Form.useWatch('roles', form) ?? [];
  const integration = kind === 'integration';
  const unitNeeded = needsUnit(roles);

  useEffect(() => {
    setAlert(null);
    form.resetFields();
    form.setFieldsValue(
      user
        ? { kind: user.isIntegration ? 'integration' : 'person', username: user.username, displayName: user.displayName, phone: user.phone ?? '', roles: user.roles, unitId: user.unitId, unitLead: user.unitLead, scopes: user.scopes }
        : { kind: 'person', username: '', displayName: '', phone: '', roles: [], unitId: defaultUnitId, unitLead: false, scopes: defaultScopes, password: temporaryPassword() },
    );
  }, [user, form, defaultScopes, defaultUnitId]);

  // Ticking roles or switching the kind re-checks the roles at once (an admin ticked, then "integration").
  useEffect(() => {
    if (form.isFieldTouched('roles') || roles.length) void form.validateFields(['roles']).catch(() => {});
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [integration, roles.join()]);

  const refused = (err: unknown) => {
    const f = fieldErrors(err, FIELDS);
    if (f.fields.length) form.setFields(f.fields as Parameters<typeof form.setFields>[0]);
    setAlert(f.placed ? null : errorText(err, t));
  };

  // A leader of a unit only while the account has a unit and a handling role: the box is hidden otherwise.
  const leadOf = (v: Values) => needsUnit(v.roles) && v.unitId != null && !!v.unitLead;

  const submit = (v: Values) => {
    setAlert(null);
    const phone = v.phone?.trim() ? v.phone.trim() : null;
    if (!user) {
      create.mutate(
        {
          username: v.username.trim(),
          displayName: v.displayName.trim(),
          phone,
          roles: v.roles,
          unitId: v.unitId ?? null,
          unitLead: leadOf(v),
          scopes: v.scopes,
          isIntegration: v.kind === 'integration',
          ...(v.kind === 'person' ? { password: v.password } : {}),
        },
        {
          onSuccess: (u) => {
            if (!u.isIntegration && v.password) {
              modal.success({
                title: t('adminUsers.createdTitle', { name: u.displayName }),
                width: 520,
                content: <SecretOnce secret={v.password} label={t('adminUsers.firstPassword')} warning={t('adminUsers.firstPasswordWarning')} testId="secret-password" />,
                okText: t('adminUsers.secretDone'),
              });
            }
            onSaved(u, true);
          },
          onError: refused,
        },
      );
      return;
    }
    const patch: UpdateUserInput = {};
    if (v.displayName.trim() !== user.displayName) patch.displayName = v.displayName.trim();
    if (phone !== user.phone) patch.phone = phone;
    if ((v.unitId ?? null) !== user.unitId) patch.unitId = v.unitId ?? null;
    if (leadOf(v) !== user.unitLead) patch.unitLead = leadOf(v);
    if ([...v.roles].sort().join() !== [...user.roles].sort().join()) patch.roles = v.roles;
    if ([...v.scopes].sort().join() !== [...user.scopes].sort().join()) patch.scopes = v.scopes;
    if (!Object.keys(patch).length) return onCancel();
    update.mutate({ username: user.username, patch }, { onSuccess: (u) => onSaved(u, false), onError: refused });
  };

  const unitOptions = (units.data ?? [])
    .filter((u) => u.active || u.id === user?.unitId)
    .map((u) => ({ value: u.id, label: u.active ? u.name : t('adminUsers.unitInactive', { name: u.name }) }));

  return (
    <Form<Values> form={form} layout="vertical" onFinish={submit} requiredMark data-testid="user-form" scrollToFirstError>
      <Form.Item name="kind" label={t('adminUsers.kind')} extra={user ? t('adminUsers.kindFixed') : integration ? t('adminUsers.kindIntegrationHint') : t('adminUsers.kindPersonHint')}>
        <Segmented<Kind>
          disabled={!!user}
          options={[{ label: t('adminUsers.kindPerson'), value: 'person' }, { label: t('adminUsers.kindIntegration'), value: 'integration' }]}
          aria-label={t('adminUsers.kind')}
        />
      </Form.Item>
      <div className="gc-user-names">
        <Form.Item name="username" label={t('adminUsers.username')} style={{ flex: 1 }} extra={user ? undefined : t('adminUsers.usernameHint')} rules={[{ required: !user, message: t('adminUsers.required') }, ...(user ? [] : [zodRule(shape.username, lang)])]}>
          <Input disabled={!!user} autoComplete="off" maxLength={40} />
        </Form.Item>
        <Form.Item name="displayName" label={t('adminUsers.displayName')} style={{ flex: 1 }} rules={[{ required: true, whitespace: true, message: t('adminUsers.required') }, zodRule(shape.displayName, lang)]}>
          <Input maxLength={50} autoComplete="off" />
        </Form.Item>
        <Form.Item name="phone" label={t('adminUsers.phone')} style={{ flex: 1 }} rules={[zodRule(shape.phone.unwrap().unwrap(), lang)]}>
          <Input maxLength={20} autoComplete="off" inputMode="tel" />
        </Form.Item>
      </div>
      <Form.Item
        name="roles"
        label={t('adminUsers.roles')}
        required
        rules={[
          {
            validator: async (_r, value: Role[] | undefined) => {
              if (!value?.length) throw new Error(t('adminUsers.rolesRequired'));
              const c = roleConflict(value, { integration });
              if (c) throw new Error(t('adminUsers.rolesRefused', { reason: t(CONFLICT_TEXT[c]) }));
            },
          },
        ]}
      >
        <RoleField integration={integration} />
      </Form.Item>
      <Form.Item
        name="unitId"
        label={t('adminUsers.unit')}
        required={unitNeeded}
        extra={unitNeeded ? t('adminUsers.unitNeeded') : t('adminUsers.unitOptional')}
        rules={[{ validator: async (_r, value: number | null | undefined) => { if (unitNeeded && value == null) throw new Error(t('adminUsers.unitRequired')); } }]}
      >
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          loading={units.isPending}
          options={unitOptions}
          placeholder={t('adminUsers.unitPlaceholder')}
          aria-label={t('adminUsers.unit')}
          notFoundContent={units.isError ? errorText(units.error, t) : undefined}
        />
      </Form.Item>
      {unitNeeded && (
        <Form.Item name="unitLead" valuePropName="checked" extra={t('adminUsers.unitLeadHint')}>
          <Checkbox data-testid="unit-lead">{t('adminUsers.unitLead')}</Checkbox>
        </Form.Item>
      )}
      <Form.Item
        name="scopes"
        label={t('adminUsers.scopes')}
        required
        extra={t('adminUsers.scopesHint')}
        rules={[{ validator: async (_r, value: string[] | undefined) => { if (!value?.length) throw new Error(t('adminUsers.scopesRequired')); } }]}
      >
        <ScopeField />
      </Form.Item>
      {!user && !integration && (
        <Form.Item label={t('adminUsers.firstPassword')} required extra={t('adminUsers.firstPasswordHint')}>
          <Space.Compact style={{ width: '100%' }}>
            <Form.Item name="password" noStyle rules={[{ required: true, message: t('adminUsers.required') }, zodRule(shape.password.unwrap(), lang)]}>
              <Input autoComplete="new-password" aria-label={t('adminUsers.firstPassword')} style={{ fontFamily: 'monospace' }} />
            </Form.Item>
            <Button icon={<ReloadOutlined aria-hidden />} onClick={() => form.setFieldsValue({ password: temporaryPassword() })}>{t('adminUsers.generate')}</Button>
          </Space.Compact>
        </Form.Item>
      )}
      {alert && <Alert type="error" showIcon title={alert} style={{ marginBottom: 16 }} />}
      <Space>
        <Button type="primary" htmlType="submit" loading={create.isPending || update.isPending} data-testid="user-save">
          {user ? t('adminUsers.save') : t('adminUsers.create')}
        </Button>
        <Button onClick={onCancel}>{t('adminUsers.cancel')}</Button>
      </Space>
      {!user && <Typography.Paragraph type="secondary" style={{ marginTop: 12, fontSize: 12 }}>{t('adminUsers.createNote')}</Typography.Paragraph>}
    </Form>
  );
}
