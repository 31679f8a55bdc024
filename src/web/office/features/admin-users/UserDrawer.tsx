/**
 * The drawer of one account. A new one: its form. An existing one: its profile and powers (the form), its
 * state and the irreversible actions, and an integration account's API tokens, each on a tab. A new
 * integration account opens on its tokens, the next thing an admin does with it.
 */
import { useEffect, useState } from 'react';
import { Drawer, Tabs } from 'antd';
import { useI18n } from '../../../common/i18n/i18n.tsx';
import { useUser, type User } from './api.ts';
import { AccountPanel } from './AccountPanel.tsx';
import { StatusTags } from './StatusTags.tsx';
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

type Tab = 'profile' | 'account' | 'tokens';

export function UserDrawer({ open, user, defaultScopes, defaultUnitId = null, onClose, onCreated }: Props) {
  const { t } = useI18n();
  const [tab, setTab] = useState<Tab>('profile');
  // The drawer shows the account as the cache now holds it (a disable or an edit updates it in place).
  const cached = useUser(user);
  const current = user ? (cached.data ?? user) : null;
  useEffect(() => {
    if (open) setTab('profile');
  }, [open]);

  const form = (
    <UserForm
      user={current}
      defaultScopes={defaultScopes}
      defaultUnitId={defaultUnitId}
      onCancel={onClose}
      onSaved={(u, created) => {
        if (!created) return onClose();
        onCreated(u);
        setTab(u.isIntegration ? 'tokens' : 'profile');
      }}
    />
  );
  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={720}
      destroyOnHidden
      title={current ? t('adminUsers.editTitle', { name: current.displayName }) : t('adminUsers.newTitle')}
      extra={current && <StatusTags user={current} />}
      data-testid="user-drawer"
    >
      {current ? (
        <Tabs
          activeKey={tab}
          onChange={(k) => setTab(k as Tab)}
          items={[
            { key: 'profile', label: t('adminUsers.profileSection'), children: form },
            { key: 'account', label: t('adminUsers.accountSection'), children: <AccountPanel user={current} /> },
            ...(current.isIntegration ? [{ key: 'tokens', label: t('adminUsers.tokensSection'), children: <TokensPanel user={current} /> }] : []),
          ]}
        />
      ) : (
        form
      )}
    </Drawer>
  );
}
