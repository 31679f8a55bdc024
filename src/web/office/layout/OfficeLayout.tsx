import { lazy, Suspense, useState, type ReactNode } from 'react';
import { Badge, Button, Dropdown, Layout, Menu, Space, Tooltip, Typography, type MenuProps } from 'antd';
import {
  AimOutlined, ApartmentOutlined, AppstoreOutlined, AuditOutlined, BarChartOutlined, BellOutlined, CalendarOutlined, DashboardOutlined,
  FileSearchOutlined, GlobalOutlined, MessageOutlined, NodeIndexOutlined, PhoneOutlined, SafetyCertificateOutlined, SettingOutlined,
  SolutionOutlined, TeamOutlined, ToolOutlined, UserOutlined, BorderOuterOutlined,
} from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useLocation, useNavigate } from 'react-router';
import { ROLE_LABELS } from '../../../shared/roles.ts';
import { api } from '../../common/api/client.ts';
import { useI18n } from '../../common/i18n/i18n.tsx';
import { LiveProvider, useLiveStatus } from '../../common/live/live.tsx';
import { useServerLanguage } from '../../common/i18n/useServerLanguage.ts';
import { can, useMe, useSession } from '../../common/session/session.tsx';
import { allowed, SCREENS, type ScreenIcon } from '../routes.tsx';

/** The alarm's modal and sound load beside the first screen, not in front of it. */
const EmergencyAlarm = lazy(() => import('../features/alerts/EmergencyAlarm.tsx').then((m) => ({ default: m.EmergencyAlarm })));

const ICONS: Record<ScreenIcon, ReactNode> = {
  workbench: <DashboardOutlined />,
  cases: <FileSearchOutlined />,
  intake: <PhoneOutlined />,
  map: <AimOutlined />,
  inbox: <BellOutlined />,
  settings: <SettingOutlined />,
  desk: <ToolOutlined />,
  overview: <BarChartOutlined />,
  users: <TeamOutlined />,
  units: <ApartmentOutlined />,
  categories: <AppstoreOutlined />,
  holidays: <CalendarOutlined />,
  workflow: <NodeIndexOutlined />,
  geo: <BorderOuterOutlined />,
  phrases: <MessageOutlined />,
  securityLog: <SolutionOutlined />,
  auditChain: <SafetyCertificateOutlined />,
};

const GROUP_ICONS = { admin: <SettingOutlined />, audit: <AuditOutlined /> } as const;

interface MenuLeaf { key: string; icon?: ReactNode; label: string }
interface MenuGroup { key: string; icon: ReactNode; label: string; children: MenuLeaf[] }

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

  // The screens this person may open, in table order; a group's screens under one heading where the first of them was.
  const leaves: MenuLeaf[] = [];
  const items: Array<MenuLeaf | MenuGroup> = [];
  for (const s of SCREENS) {
    if (!s.menu || !allowed(me, s)) continue;
    const leaf = { key: s.path, icon: s.icon ? ICONS[s.icon] : undefined, label: t(s.menu) };
    leaves.push(leaf);
    if (!s.group) { items.push(leaf); continue; }
    const key = `group:${s.group}`;
    let group = items.find((i): i is MenuGroup => i.key === key && 'children' in i);
    if (!group) items.push((group = { key, icon: GROUP_ICONS[s.group], label: t(s.group === 'admin' ? 'nav.admin' : 'nav.audit'), children: [] }));
    group.children.push(leaf);
  }
  // The longest menu path the location lies under (so /admin/units does not also select /admin).
  const under = (key: string) => (key === '/' ? location.pathname === '/' : location.pathname === key || location.pathname.startsWith(`${key}/`));
  const best = leaves.filter((i) => under(i.key)).sort((a, b) => b.key.length - a.key.length)[0];
  const selected = best ? [best.key] : [];
  const title = best?.label ?? t('common.appSubtitle');
  const openGroups = items.filter((i) => 'children' in i).map((i) => i.key);

  return (
    <LiveProvider enabled={works}>
      <Layout style={{ minHeight: '100vh' }}>
        <Layout.Sider collapsible collapsed={collapsed} onCollapse={setCollapsed} width={200} className="gc-no-print">
          <div className="gc-brand">
            <span className="gc-brand-mark" aria-hidden>{t('common.brandMark')}</span>
            {!collapsed && <span>{t('common.appName')}</span>}
          </div>
          <Menu theme="dark" mode="inline" selectedKeys={selected} defaultOpenKeys={openGroups} items={items as NonNullable<MenuProps['items']>} onClick={(e) => navigate(e.key)} />
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
