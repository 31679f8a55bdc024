/**
 * An account's state and the admin's two irreversible actions on it, each confirmed first: disabling (its
 * sessions and tokens end; enabling again does not bring them back) and resetting a person's password (a new
 * one that works once, shown here once; the person's sessions end).
 */
import { App, Button, Descriptions, Popconfirm, Space, Tag, Typography } from 'antd';
import { KeyOutlined, StopOutlined, CheckCircleOutlined } from '@ant-design/icons';
import { errorText } from '../../../common/components/ApiErrorAlert.tsx';
import { inShanghai } from '../../../common/format/datetime.ts';
import { useI18n } from '../../../common/i18n/i18n.tsx';
import { temporaryPassword, useResetPassword, useSetDisabled, type User } from './api.ts';
import { SecretOnce } from './SecretOnce.tsx';
import { StatusTags } from './StatusTags.tsx';

export function AccountPanel({ user }: { user: User }) {
  const { t } = useI18n();
  const { message, modal } = App.useApp();
  const setDisabled = useSetDisabled();
  const reset = useResetPassword();

  const toggle = () =>
    setDisabled.mutate(
      { username: user.username, disabled: !user.disabled },
      {
        onSuccess: (u) => message.success(t(u.disabled ? 'adminUsers.disabledDone' : 'adminUsers.enabledDone', { name: u.displayName })),
        onError: (e) => message.error(errorText(e, t)),
      },
    );

  const resetPassword = () => {
    const password = temporaryPassword();
    reset.mutate(
      { username: user.username, password },
      {
        onSuccess: () =>
          modal.success({
            title: t('adminUsers.resetDoneTitle', { name: user.displayName }),
            width: 520,
            content: <SecretOnce secret={password} label={t('adminUsers.newPassword')} warning={t('adminUsers.resetWarning')} testId="secret-password" />,
            okText: t('adminUsers.secretDone'),
          }),
        onError: (e) => message.error(errorText(e, t)),
      },
    );
  };

  const when = (v: string | null) => (v ? inShanghai(v).format('YYYY-MM-DD HH:mm') : t('adminUsers.never'));
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Descriptions
        size="small"
        column={2}
        items={[
          { key: 'status', label: t('adminUsers.status'), children: <StatusTags user={user} /> },
          { key: 'kind', label: t('adminUsers.kind'), children: <Tag>{t(user.isIntegration ? 'adminUsers.kindIntegration' : 'adminUsers.kindPerson')}</Tag> },
          { key: 'last', label: t('adminUsers.lastLogin'), children: user.isIntegration ? t('adminUsers.tokenOnly') : when(user.lastLoginAt) },
          { key: 'created', label: t('adminUsers.createdAt'), children: when(user.createdAt) },
        ]}
      />
      <Space wrap>
        {user.disabled ? (
          <Popconfirm title={t('adminUsers.enableConfirm', { name: user.displayName })} okText={t('adminUsers.enable')} cancelText={t('adminUsers.cancel')} onConfirm={toggle}>
            <Button icon={<CheckCircleOutlined aria-hidden />} loading={setDisabled.isPending} data-testid="user-enable">{t('adminUsers.enable')}</Button>
          </Popconfirm>
        ) : (
          <Popconfirm
            title={t('adminUsers.disableConfirm', { name: user.displayName })}
            description={<Typography.Text style={{ maxWidth: 320, display: 'block' }}>{t(user.isIntegration ? 'adminUsers.disableIntegrationNote' : 'adminUsers.disableNote')}</Typography.Text>}
            okText={t('adminUsers.disable')}
            okButtonProps={{ danger: true }}
            cancelText={t('adminUsers.cancel')}
            onConfirm={toggle}
          >
            <Button danger icon={<StopOutlined aria-hidden />} loading={setDisabled.isPending} data-testid="user-disable">{t('adminUsers.disable')}</Button>
          </Popconfirm>
        )}
        {!user.isIntegration && (
          <Popconfirm
            title={t('adminUsers.resetConfirm', { name: user.displayName })}
            description={<Typography.Text style={{ maxWidth: 320, display: 'block' }}>{t('adminUsers.resetNote')}</Typography.Text>}
            okText={t('adminUsers.reset')}
            okButtonProps={{ danger: true }}
            cancelText={t('adminUsers.cancel')}
            onConfirm={resetPassword}
          >
            <Button icon={<KeyOutlined aria-hidden />} loading={reset.isPending} data-testid="user-reset">{t('adminUsers.reset')}</Button>
          </Popconfirm>
        )}
      </Space>
    </Space>
  );
}
