/**
 * A secret shown once (a first or reset password, a new API token): with a copy button and the warning that it
 * will not be shown again. Nothing keeps it after the dialog closes.
 */
import { Alert, Space, Typography } from 'antd';
import { useI18n } from '../../../common/i18n/i18n.tsx';

export function SecretOnce({ secret, label, warning, testId }: { secret: string; label: string; warning: string; testId?: string }) {
  const { t } = useI18n();
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Alert type="warning" showIcon title={warning} />
      <div>
        <Typography.Text type="secondary">{label}</Typography.Text>
        <div className="gc-secret">
          <Typography.Text code copyable={{ text: secret, tooltips: [t('adminUsers.copy'), t('adminUsers.copied')] }} data-testid={testId} style={{ fontSize: 16, wordBreak: 'break-all' }}>
            {secret}
          </Typography.Text>
        </div>
      </div>
    </Space>
  );
}
