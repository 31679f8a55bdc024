import { useState } from 'react';
import { Alert, App, Button, Card, Form, Input, Typography } from 'antd';
import { useNavigate } from 'react-router';
import { api } from '../../../common/api/client.ts';
import { errorText } from '../../../common/components/ApiErrorAlert.tsx';
import { useI18n } from '../../../common/i18n/i18n.tsx';
import { useSession } from '../../../common/session/session.tsx';

/** Own password change; `forced` when the password expired or is a temporary one (nothing else opens until it is changed). */
export function ChangePasswordPage({ forced = false }: { forced?: boolean }) {
  const { t } = useI18n();
  const { refresh, signOut } = useSession();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const onFinish = async (v: { currentPassword: string; newPassword: string }) => {
    setBusy(true);
    setError(null);
    try {
      await api('/api/auth/password', { body: { currentPassword: v.currentPassword, newPassword: v.newPassword } });
      void message.success(t('auth.passwordChanged'));
      await refresh();
      if (!forced) navigate(-1);
    } catch (err) {
      setError(errorText(err, t));
    } finally {
      setBusy(false);
    }
  };

  const card = (
    <Card className="gc-login-card" title={t('auth.changePasswordTitle')}>
      {forced && <Alert type="warning" showIcon title={t('auth.mustChange')} style={{ marginBottom: 16 }} />}
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} role="alert" />}
      <Form layout="vertical" onFinish={onFinish} requiredMark={false}>
        <Form.Item label={t('auth.currentPassword')} name="currentPassword" rules={[{ required: true, message: t('auth.passwordRequired') }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item label={t('auth.newPassword')} name="newPassword" extra={t('auth.passwordRules')} rules={[{ required: true, message: t('auth.passwordRequired') }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          label={t('auth.confirmPassword')}
          name="confirm"
          dependencies={['newPassword']}
          rules={[
            { required: true, message: t('auth.passwordRequired') },
            ({ getFieldValue }) => ({ validator: (_r, v) => (!v || v === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error(t('auth.passwordMismatch')))) }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={busy}>{t('common.save')}</Button>
        {forced && <Button type="link" block onClick={() => void signOut()} style={{ marginTop: 8 }}>{t('auth.signOut')}</Button>}
      </Form>
    </Card>
  );
  return forced ? <main className="gc-login">{card}</main> : <div style={{ maxWidth: 440 }}><Typography.Title level={4} style={{ display: 'none' }}>{t('auth.changePassword')}</Typography.Title>{card}</div>;
}
