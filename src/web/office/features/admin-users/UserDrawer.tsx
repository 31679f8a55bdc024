/** The drawer of one account: its form, then (once it exists) its state and actions, and an integration account's tokens. */
import { Divider, Drawer } from 'antd';
import { useI18n } from '../../../common/i18n/i18n.tsx';
import { useUser, type User } from './api.ts';
import { AccountPanel } from './AccountPanel.tsx';
import { TokensPanel } from './TokensPanel.tsx';
import { UserForm } from './UserForm.tsx';

interface Props {
  open: boolean;
  /** The account edited, or null for a new one. */
  user: User | null;
  defaultScopes: string[];
  /** A new account's unit (when opened from a unit's member list). */
  defaultUnitId?: number | null;
  onClose(): void;
  onCreated(u: User): void;
}

export function UserDrawer({ open, user, defaultScopes, defaultUnitId = null, onClose, onCreated }: Props) {
  const { t } = useI18n();
  // The drawer shows the account as the cache now holds it (a disable or an edit updates it in place).
  const cached = useUser(user);
  const current = user ? (cached.data ?? user) : null;
  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={720}
      destroyOnHidden
      title={current ? t('adminUsers.editTitle', { name: current.displayName }) : t('adminUsers.newTitle')}
      data-testid="user-drawer"
    >
      <UserForm
        user={current}
        defaultScopes={defaultScopes}
        defaultUnitId={defaultUnitId}
        onCancel={onClose}
        onSaved={(u, created) => (created ? onCreated(u) : onClose())}
      />
      {current && (
        <>
          <Divider titlePlacement="start">{t('adminUsers.accountSection')}</Divider>
          <AccountPanel user={current} />
          {current.isIntegration && (
            <>
              <Divider titlePlacement="start">{t('adminUsers.tokensSection')}</Divider>
              <TokensPanel user={current} />
            </>
          )}
        </>
      )}
    </Drawer>
  );
}
