/**
 * An integration account's API tokens: minted here by the admin (the secret shown once, with a copy button),
 * listed by name and prefix, revoked after a confirmation. A disabled account gets no new token.
 */
import { useState } from 'react';
import { Alert, App, Button, Empty, Form, Input, InputNumber, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { createTokenBody } from '../../../../shared/api/auth.ts';
import { ApiErrorAlert, errorText } from '../../../common/components/ApiErrorAlert.tsx';
import { inShanghai } from '../../../common/format/datetime.ts';
import { useI18n } from '../../../common/i18n/i18n.tsx';
import { useMintToken, useRevokeToken, useTokens, type Token, type User } from './api.ts';
import { fieldErrors } from '../../../common/components/form-errors.ts';
import { zodRule } from '../../../common/components/zod-rule.ts';
import { SecretOnce } from './SecretOnce.tsx';

export function TokensPanel({ user }: { user: User }) {
  const { t, lang } = useI18n();
  const { message, modal } = App.useApp();
  const tokens = useTokens(user.username);
  const mint = useMintToken(user.username);
  const revoke = useRevokeToken(user.username);
  const [form] = Form.useForm<{ name: string; expiresInDays?: number | null }>();
  const [alert, setAlert] = useState<string | null>(null);

  const submit = (v: { name: string; expiresInDays?: number | null }) => {
    setAlert(null);
    mint.mutate(
      { name: v.name.trim(), ...(v.expiresInDays ? { expiresInDays: v.expiresInDays } : {}) },
      {
        onSuccess: (tok) => {
          form.resetFields();
          modal.success({
            title: t('adminUsers.tokenCreatedTitle', { name: v.name.trim() }),
            width: 600,
            content: <SecretOnce secret={tok.token} label={t('adminUsers.tokenSecret')} warning={t('adminUsers.tokenWarning')} testId="secret-token" />,
            okText: t('adminUsers.secretDone'),
          });
        },
        onError: (e) => {
          const f = fieldErrors(e, ['name', 'expiresInDays'], { API_TOKEN_TOO_LONG: 'expiresInDays' });
          if (f.fields.length) form.setFields(f.fields as Parameters<typeof form.setFields>[0]);
          setAlert(f.placed ? null : errorText(e, t));
        },
      },
    );
  };

  const when = (v: string | null) => (v ? inShanghai(v).format('YYYY-MM-DD HH:mm') : '—');
  const expired = (tok: Token) => new Date(tok.expiresAt).getTime() <= Date.now();
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>{t('adminUsers.tokensHint')}</Typography.Paragraph>
      {user.disabled ? (
        <Alert type="info" showIcon title={t('adminUsers.tokensDisabledAccount')} />
      ) : (
        <Form form={form} layout="inline" onFinish={submit} data-testid="token-form" style={{ rowGap: 8 }}>
          <Form.Item name="name" label={t('adminUsers.tokenName')} rules={[{ required: true, whitespace: true, message: t('adminUsers.required') }, zodRule(createTokenBody.shape.name, lang)]}>
            <Input maxLength={60} placeholder={t('adminUsers.tokenNamePlaceholder')} style={{ width: 220 }} />
          </Form.Item>
          <Form.Item name="expiresInDays" label={t('adminUsers.tokenDays')} rules={[zodRule(createTokenBody.shape.expiresInDays.unwrap(), lang)]}>
            <InputNumber min={1} max={3650} precision={0} placeholder={t('adminUsers.tokenDaysPlaceholder')} style={{ width: 140 }} />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" icon={<PlusOutlined aria-hidden />} loading={mint.isPending} data-testid="token-mint">{t('adminUsers.tokenMint')}</Button>
          </Form.Item>
        </Form>
      )}
      {alert && <Alert type="error" showIcon title={alert} />}
      {tokens.isError ? (
        <ApiErrorAlert error={tokens.error} onRetry={() => void tokens.refetch()} />
      ) : (
        <Table<Token>
          size="small"
          rowKey="id"
          loading={tokens.isPending}
          dataSource={tokens.data ?? []}
          pagination={false}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('adminUsers.tokensEmpty')} /> }}
          data-testid="token-table"
          columns={[
            { key: 'name', title: t('adminUsers.tokenName'), dataIndex: 'name' },
            { key: 'prefix', title: t('adminUsers.tokenPrefix'), render: (_, tok) => <Typography.Text code>{tok.prefix}…</Typography.Text> },
            { key: 'expires', title: t('adminUsers.tokenExpires'), render: (_, tok) => (expired(tok) ? <Tag color="default">{t('adminUsers.tokenExpired')}</Tag> : when(tok.expiresAt)) },
            { key: 'used', title: t('adminUsers.tokenLastUsed'), render: (_, tok) => when(tok.lastUsedAt) },
            { key: 'by', title: t('adminUsers.tokenCreatedBy'), render: (_, tok) => tok.createdBy ?? '—' },
            {
              key: 'revoke',
              title: t('adminUsers.actions'),
              render: (_, tok) => (
                <Popconfirm
                  title={t('adminUsers.tokenRevokeConfirm', { name: tok.name })}
                  description={t('adminUsers.tokenRevokeNote')}
                  okText={t('adminUsers.tokenRevoke')}
                  okButtonProps={{ danger: true }}
                  cancelText={t('adminUsers.cancel')}
                  onConfirm={() => revoke.mutate(tok.id, { onSuccess: () => message.success(t('adminUsers.tokenRevoked', { name: tok.name })), onError: (e) => message.error(errorText(e, t)) })}
                >
                  <Button size="small" danger icon={<DeleteOutlined aria-hidden />} aria-label={t('adminUsers.tokenRevokeN', { name: tok.name })} data-testid={`token-revoke-${tok.id}`}>
                    {t('adminUsers.tokenRevoke')}
                  </Button>
                </Popconfirm>
              ),
            },
          ]}
        />
      )}
    </Space>
  );
}
