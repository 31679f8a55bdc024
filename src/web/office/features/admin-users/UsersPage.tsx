/**
 * 用户与账号: every account the admin may see (people and integration accounts), searched by name or username,
 * filtered by role, unit, area, state and kind, sortable; a drawer creates and edits them. The server filters
 * by name, role and unit (and pages); the other filters and the sorting work on the rows it returned.
 */
import { useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { Alert, App, Button, Card, Empty, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { ROLE_LABELS, ROLES, type Role } from '../../../../shared/roles.ts';
import { api } from '../../../common/api/client.ts';
import { ApiErrorAlert, errorText } from '../../../common/components/ApiErrorAlert.tsx';
import { useDivisionNames, useUnitList } from '../../../common/components/useReference.ts';
import { inShanghai } from '../../../common/format/datetime.ts';
import { useI18n } from '../../../common/i18n/i18n.tsx';
import { useMe } from '../../../common/session/session.tsx';
import { useUsers, type User, type UserQuery } from './api.ts';
import { DivisionTreeSelect } from '../../../common/components/DivisionTreeSelect.tsx';
import { summarizeScopes } from './scope-tree.ts';
import { StatusTags } from './StatusTags.tsx';
import { UserDrawer } from './UserDrawer.tsx';
import './admin-users.css';

type Status = 'active' | 'disabled' | 'locked';
type Kind = 'person' | 'integration';

/** Whether a user works somewhere inside `area` (one of their scopes lies in it, or covers it). */
function inArea(u: User, area: string): boolean {
  return u.scopes.some((s) => s.startsWith(area) || area.startsWith(s));
}

export default function UsersPage() {
  const { t, label } = useI18n();
  const me = useMe();
  const [q, setQ] = useState('');
  const [query, setQuery] = useState<UserQuery>({});
  const [area, setArea] = useState<string | undefined>();
  const [status, setStatus] = useState<Status | undefined>();
  const [kind, setKind] = useState<Kind | undefined>();
  const [editing, setEditing] = useState<User | null>(null);
  const [open, setOpen] = useState(false);
  const [newUnit, setNewUnit] = useState<number | null>(null);
  const [params, setParams] = useSearchParams();
  const { message } = App.useApp();
  const users = useUsers(query);
  const units = useUnitList();
  const names = useDivisionNames();

  const rows = useMemo(
    () =>
      (users.data?.items ?? []).filter(
        (u) =>
          (!area || inArea(u, area)) &&
          (!kind || u.isIntegration === (kind === 'integration')) &&
          (!status || (status === 'disabled' ? u.disabled : status === 'locked' ? u.locked : !u.disabled)),
      ),
    [users.data, area, kind, status],
  );
  const truncated = users.data ? users.data.total > users.data.items.length : false;

  const edit = (u: User | null, unitId: number | null = null) => {
    setEditing(u);
    setNewUnit(unitId);
    setOpen(true);
  };

  // Reached from a unit's member list: ?user=<username> opens that account, ?new=1&unit=<id> a new one for the unit.
  useEffect(() => {
    const username = params.get('user');
    const unit = Number(params.get('unit'));
    if (params.get('new')) edit(null, Number.isInteger(unit) && unit > 0 ? unit : null);
    else if (username) {
      api<User>(`/api/users/${encodeURIComponent(username)}`).then((u) => edit(u), (e: unknown) => message.error(errorText(e, t)));
    }
    if (params.size) setParams({}, { replace: true });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return (
    <Card className="gc-admin-users">
      <div className="gc-admin-filters" role="search" aria-label={t('adminUsers.filters')}>
        <Input.Search
          allowClear
          value={q}
          onChange={(e) => setQ(e.target.value)}
          onSearch={(v) => setQuery((x) => ({ ...x, q: v.trim() || undefined }))}
          placeholder={t('adminUsers.searchPlaceholder')}
          aria-label={t('adminUsers.search')}
          style={{ width: 200 }}
          data-testid="user-search"
        />
        <Select<Role>
          allowClear
          value={query.role}
          onChange={(role) => setQuery((x) => ({ ...x, role }))}
          placeholder={t('adminUsers.filterRole')}
          aria-label={t('adminUsers.filterRole')}
          options={ROLES.map((r) => ({ value: r, label: label(ROLE_LABELS[r]) }))}
          style={{ width: 130 }}
        />
        <Select<number>
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          value={query.unitId}
          onChange={(unitId) => setQuery((x) => ({ ...x, unitId }))}
          placeholder={t('adminUsers.filterUnit')}
          aria-label={t('adminUsers.filterUnit')}
          options={(units.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
          style={{ width: 200 }}
          popupMatchSelectWidth={320}
        />
        <DivisionTreeSelect
          allowClear
          value={area}
          onChange={setArea}
          placeholder={t('adminUsers.filterArea')}
          aria-label={t('adminUsers.filterArea')}
          style={{ width: 180 }}
        />
        <Select<Status>
          allowClear
          value={status}
          onChange={setStatus}
          placeholder={t('adminUsers.filterStatus')}
          aria-label={t('adminUsers.filterStatus')}
          options={[
            { value: 'active', label: t('adminUsers.statusActive') },
            { value: 'disabled', label: t('adminUsers.statusDisabled') },
            { value: 'locked', label: t('adminUsers.statusLocked') },
          ]}
          style={{ width: 110 }}
        />
        <Select<Kind>
          allowClear
          value={kind}
          onChange={setKind}
          placeholder={t('adminUsers.filterKind')}
          aria-label={t('adminUsers.filterKind')}
          options={[
            { value: 'person', label: t('adminUsers.kindPerson') },
            { value: 'integration', label: t('adminUsers.kindIntegration') },
          ]}
          style={{ width: 120 }}
        />
        <span style={{ flex: 1 }} />
        <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => edit(null)} data-testid="user-new">{t('adminUsers.new')}</Button>
      </div>
      {truncated && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('adminUsers.truncated', { shown: users.data!.items.length, total: users.data!.total })} />}
      {users.isError && !users.data ? (
        <ApiErrorAlert error={users.error} onRetry={() => void users.refetch()} />
      ) : (
        <Table<User>
          rowKey="id"
          size="small"
          loading={users.isFetching && !users.isPending ? { delay: 300 } : users.isPending}
          dataSource={rows}
          data-testid="user-table"
          data-ready={users.isSuccess ? 'true' : undefined}
          pagination={{ defaultPageSize: 20, showSizeChanger: true, showTotal: (n) => t('adminUsers.count', { n }) }}
          scroll={{ x: 1100 }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t(users.data?.items.length ? 'adminUsers.emptyFiltered' : 'adminUsers.empty')} /> }}
          onRow={(u) => ({ 'data-username': u.username } as React.HTMLAttributes<HTMLElement>)}
          columns={[
            {
              key: 'name',
              title: t('adminUsers.displayName'),
              sorter: (a, b) => a.displayName.localeCompare(b.displayName, 'zh-CN'),
              render: (_, u) => (
                <Space orientation="vertical" size={0}>
                  <Button type="link" size="small" className="gc-name-link" onClick={() => edit(u)}>{u.displayName}</Button>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>{u.username}</Typography.Text>
                </Space>
              ),
            },
            {
              key: 'roles',
              title: t('adminUsers.roles'),
              render: (_, u) => (
                <Space size={[4, 4]} wrap>
                  {u.roles.map((r) => <Tag key={r} color="blue" style={{ marginInlineEnd: 0 }}>{label(ROLE_LABELS[r])}</Tag>)}
                </Space>
              ),
            },
            { key: 'unit', title: t('adminUsers.unit'), sorter: (a, b) => (a.unitName ?? '').localeCompare(b.unitName ?? '', 'zh-CN'), render: (_, u) => u.unitName ? <>{u.unitName}{u.unitLead && <Tag color="blue" style={{ marginInlineStart: 6 }}>{t('adminUsers.unitLead')}</Tag>}</> : <Typography.Text type="secondary">—</Typography.Text> },
            {
              key: 'scopes',
              title: t('adminUsers.scopes'),
              width: 220,
              render: (_, u) => {
                const all = summarizeScopes(u.scopes, names).map((x) => (x.grids === null ? x.name : t('adminUsers.scopeGrids', { name: x.name, n: x.grids })));
                const shown = all.slice(0, 2);
                return (
                  <Typography.Text style={{ fontSize: 13 }} title={all.join(t('adminUsers.listSep'))}>
                    {shown.join(t('adminUsers.listSep'))}
                    {all.length > shown.length && t('adminUsers.andMore', { n: all.length - shown.length })}
                  </Typography.Text>
                );
              },
            },
            { key: 'kind', title: t('adminUsers.kind'), render: (_, u) => (u.isIntegration ? <Tag color="purple" className="gc-tag-dark">{t('adminUsers.kindIntegration')}</Tag> : t('adminUsers.kindPerson')) },
            { key: 'status', title: t('adminUsers.status'), sorter: (a, b) => Number(a.disabled) - Number(b.disabled), render: (_, u) => <StatusTags user={u} /> },
            {
              key: 'last',
              title: t('adminUsers.lastLogin'),
              sorter: (a, b) => (a.lastLoginAt ?? '').localeCompare(b.lastLoginAt ?? ''),
              render: (_, u) => (u.lastLoginAt ? inShanghai(u.lastLoginAt).format('YYYY-MM-DD HH:mm') : <Typography.Text type="secondary">{t('adminUsers.never')}</Typography.Text>),
            },
            {
              key: 'edit',
              title: t('adminUsers.actions'),
              fixed: 'right',
              render: (_, u) => (
                <Button size="small" icon={<EditOutlined aria-hidden />} onClick={() => edit(u)} aria-label={t('adminUsers.editN', { name: u.displayName })} data-testid={`user-edit-${u.username}`}>
                  {t('adminUsers.edit')}
                </Button>
              ),
            },
          ]}
        />
      )}
      <UserDrawer
        open={open}
        user={editing}
        defaultScopes={me.scopes}
        defaultUnitId={newUnit}
        onClose={() => setOpen(false)}
        onCreated={(u) => setEditing(u)}
      />
    </Card>
  );
}
