import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Segmented, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { errorText } from '../../../common/components/ApiErrorAlert.tsx';
import { useI18n } from '../../../common/i18n/i18n.tsx';
import { useSession } from '../../../common/session/session.tsx';
import type { Lang } from '../../../common/i18n/catalogue.ts';
import { choseLanguageBeforeSignIn } from '../../../common/i18n/useServerLanguage.ts';

/**
 * 等保 sign-in: one message for a wrong username or password (never which), the lock with its end time
 * as the server words it, and why the user is here again (idle timeout, signed out).
 */
export function LoginPage({ reason }: { reason?: 'idle' | 'signedOut' }) {
  const { t, lang, setLang } = useI18n();
  const { signIn } = useSession();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const onFinish = async (v: { username: string; password: string }) => {
    setBusy(true);
    setError(null);
    try {
      await signIn(v.username.trim(), v.password);
    } catch (err) {
      setError(errorText(err, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="gc-login">
      <Card className="gc-login-card">
        <Typography.Title level={3} className="gc-login-title">{t('common.appName')}</Typography.Title>
        <Typography.Text type="secondary" className="gc-login-sub">{t('common.appSubtitle')} · {t('auth.signInTitle')}</Typography.Text>
        {reason === 'idle' && <Alert type="warning" showIcon title={t('auth.signedOutIdle')} style={{ marginBottom: 16 }} />}
        {reason === 'signedOut' && <Alert type="info" showIcon title={t('auth.signedOut')} style={{ marginBottom: 16 }} />}
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} role="alert" />}
        <Form layout="vertical" onFinish={onFinish} requiredMark={false} autoComplete="on">
          <Form.Item label={t('auth.username')} name="username" rules={[{ required: true, whitespace: true, message: t('auth.usernameRequired') }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus size="large" />
          </Form.Item>
          <Form.Item label={t('auth.password')} name="password" rules={[{ required: true, message: t('auth.passwordRequired') }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" size="large" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block size="large" loading={busy}>{t('auth.signIn')}</Button>
        </Form>
        <Typography.Paragraph type="secondary" style={{ marginTop: 16, fontSize: 12 }}>{t('auth.securityNote')}</Typography.Paragraph>
        <div style={{ textAlign: 'center' }}>
          <Segmented<Lang>
            size="small"
            value={lang}
            onChange={(l) => {
              setLang(l);
              choseLanguageBeforeSignIn(l);
            }}
            options={[{ label: t('common.langZh'), value: 'zh-CN' }, { label: t('common.langEn'), value: 'en' }]}
            aria-label={t('common.language')}
          />
        </div>
      </Card>
    </main>
  );
}
