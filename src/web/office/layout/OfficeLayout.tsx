import { lazy, Suspense, useState, type ReactNode } from 'react';
import { Badge, Button, Dropdown, Layout, Menu, Space, Tooltip, Typography } from 'antd';
import {
  AimOutlined, BellOutlined, DashboardOutlined, FileSearchOutlined, GlobalOutlined, PhoneOutlined, SettingOutlined, UserOutlined,
} from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useLocation, useNavigate } from 'react-router';
import { ROLE_LABELS } from '../../../shared/roles.ts';
import { api } from '../../common/api/client.ts';
import { useI18n } from '../../common/i18n/i18n.tsx';
import { LiveProvider, useLiveStatus } from '../../common/live/live.tsx';
import { useServerLanguage } from '../../common/i18n/useServerLanguage.ts';
import { can, useMe, useSession } from '../../common/session/session.tsx';
import { allowed, SCREENS, type Screen } from '../routes.tsx';

/** The alarm's modal and sound load beside the first screen, not in front of it. */
const EmergencyAlarm = lazy(() => import('../features/alerts/EmergencyAlarm.tsx').then((m) => ({ default: m.EmergencyAlarm })));

const ICONS: Record<NonNullable<Screen['icon']>, ReactNode> = {
  workbench: <DashboardOutlined />,
  cases: <FileSearchOutlined />,
  intake: <PhoneOutlined />,
  map: <AimOutlined />,
  inbox: <BellOutlined />,
  settings: <SettingOutlined />,
};

function LiveIndicator() {
  const { t } = useI18n();
  const status = useLiveStatus();
  const text = status === 'open' ? t('common.liveConnected') : t('common.liveReconnecting');
  return (
    <Tooltip title={text}>
      <span role="status" aria-label={text} data-live={status} style={{ fontSize: 12, color: status === 'open' ? '#389e0d' : '#d48806', whiteSpace: 'nowrap' }}>
        <span className={`gc-live-dot gc-live-${status}`} />
        {status === 'open' ? '' : text}
      </span>
    </Tooltip>
  );
}

function InboxBell() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const { data } = useQuery({
    queryKey: ['notifications', 'unread'],
    queryFn: () => api<{ unreadCount: number }>('/api/notifications/unread-count', { background: true }),
    refetchInterval: 120_000,
  });
  const n = data?.unreadCount ?? 0;
  return (
    <Badge count={n} size="small" overflowCount={99}>
      <Button type="text" icon={<BellOutlined />} onClick={() => navigate('/inbox')} aria-label={`${t('nav.inbox')} (${n})`} data-testid="inbox-bell" />
    </Badge>
  );
}

export function OfficeLayout({ children }: { children: ReactNode }) {
  const me = useMe();
  const { signOut } = useSession();
  const { t, label, lang } = useI18n();
  const switchLang = useServerLanguage();
  const navigate = useNavigate();
  const location = useLocation();
  const [collapsed, setCollapsed] = useState(false);
  const works = can(me, 'cases.read');

  const items = SCREENS.filter((s) => s.menu && allowed(me, s)).map((s) => ({ key: s.path, icon: s.icon ? ICONS[s.icon] : undefined, label: t(s.menu!) }));
  const selected = items.filter((i) => (i.key === '/' ? location.pathname === '/' : location.pathname.startsWith(i.key))).map((i) => i.key);
  const title = items.find((i) => selected[0] === i.key)?.label ?? t('common.appSubtitle');

  return (
    <LiveProvider enabled={works}>
      <Layout style={{ minHeight: '100vh' }}>
        <Layout.Sider collapsible collapsed={collapsed} onCollapse={setCollapsed} width={200} className="gc-no-print">
          <div className="gc-brand">
            <span className="gc-brand-mark" aria-hidden>{t('common.brandMark')}</span>
            {!collapsed && <span>{t('common.appName')}</span>}
          </div>
          <Menu theme="dark" mode="inline" selectedKeys={selected} items={items} onClick={(e) => navigate(e.key)} />
        </Layout.Sider>
        <Layout>
          <Layout.Header className="gc-header">
            <Typography.Title level={1} className="gc-header-title" style={{ margin: 0, fontSize: 16 }}>{title}</Typography.Title>
            <Space size={16}>
              {works && <LiveIndicator />}
              {works && <InboxBell />}
              <Button type="text" icon={<GlobalOutlined />} onClick={() => switchLang(lang === 'zh-CN' ? 'en' : 'zh-CN')} data-testid="lang-switch">
                {lang === 'zh-CN' ? t('common.langEn') : t('common.langZh')}
              </Button>
              <Dropdown
                menu={{
                  items: [
                    { key: 'roles', disabled: true, label: `${t('auth.roles')}：${me.roles.map((r) => label(ROLE_LABELS[r])).join('、')}` },
                    { type: 'divider' },
                    { key: 'settings', label: t('nav.profile'), onClick: () => navigate('/settings') },
                    { key: 'password', label: t('auth.changePassword'), onClick: () => navigate('/change-password') },
                    { key: 'signOut', danger: true, label: t('auth.signOut'), onClick: () => void signOut() },
                  ],
                }}
              >
                <Button type="text" icon={<UserOutlined />} data-testid="user-menu">{me.displayName}</Button>
              </Dropdown>
            </Space>
          </Layout.Header>
          <Layout.Content className="gc-content">{children}</Layout.Content>
        </Layout>
        {works && <Suspense fallback={null}><EmergencyAlarm /></Suspense>}
      </Layout>
    </LiveProvider>
  );
}
