import { Space, Tag } from 'antd';
import { useI18n } from '../../../common/i18n/i18n.tsx';
import type { User } from './api.ts';

/** 正常 / 已停用, and whether the account is locked (failed sign-ins) or waits for its first password change. */
export function StatusTags({ user }: { user: User }) {
  const { t } = useI18n();
  return (
    <Space size={4} wrap>
      {user.disabled ? <Tag color="red">{t('adminUsers.statusDisabled')}</Tag> : <Tag color="green" className="gc-tag-dark">{t('adminUsers.statusActive')}</Tag>}
      {user.locked && <Tag color="orange" className="gc-tag-dark">{t('adminUsers.statusLocked')}</Tag>}
      {!user.isIntegration && user.mustChangePassword && !user.disabled && <Tag color="gold" className="gc-tag-dark">{t('adminUsers.statusMustChange')}</Tag>}
    </Space>
  );
}
