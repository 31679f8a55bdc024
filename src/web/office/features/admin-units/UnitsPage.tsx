/**
 * 单位与作息: the units (handling departments, squads, street offices, the centres) with their area, working
 * calendar, parent, phone and staff, filtered by type and area; and the working calendars they use, each with
 * what it means today. Drawers create and edit both.
 */
import { useMemo, useState } from 'react';
import { Button, Card, Empty, Input, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { ApartmentOutlined, CalendarOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useSearchParams } from 'react-router';
import { UNIT_TYPES, type UnitType } from '../../../../shared/org.ts';
import { ApiErrorAlert } from '../../../common/components/ApiErrorAlert.tsx';
import { useDivisionNames, useUnitList } from '../../../common/components/useReference.ts';
import { inShanghai } from '../../../common/format/datetime.ts';
import { useI18n } from '../../../common/i18n/i18n.tsx';
import { DivisionTreeSelect } from '../../../common/components/DivisionTreeSelect.tsx';
import { useCalendars, type Calendar, type Unit } from './api.ts';
import { CalendarDrawer } from './CalendarDrawer.tsx';
import { periodsText } from './CalendarPreview.tsx';
import { timetableOn } from './calendar-preview.ts';
import { useUnitTypeLabel } from './labels.ts';
import { UnitDrawer } from './UnitDrawer.tsx';
import './admin-units.css';

export default function UnitsPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'calendars' ? 'calendars' : 'units';
  return (
    <Card className="gc-admin-units" styles={{ body: { paddingTop: 8 } }}>
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams(k === 'calendars' ? { tab: k } : {}, { replace: true })}
        items={[
          { key: 'units', label: <span><ApartmentOutlined aria-hidden /> {t('adminUnits.tabUnits')}</span>, children: <UnitsTab /> },
          { key: 'calendars', label: <span><CalendarOutlined aria-hidden /> {t('adminUnits.tabCalendars')}</span>, children: <CalendarsTab /> },
        ]}
      />
    </Card>
  );
}

function UnitsTab() {
  const { t } = useI18n();
  const units = useUnitList();
  const names = useDivisionNames();
  const typeLabel = useUnitTypeLabel();
  const [q, setQ] = useState('');
  const [type, setType] = useState<UnitType | undefined>();
  const [area, setArea] = useState<string | undefined>();
  const [editing, setEditing] = useState<Unit | null>(null);
  const [open, setOpen] = useState(false);
  const byId = useMemo(() => new Map((units.data ?? []).map((u) => [u.id, u])), [units.data]);
  const rows = (units.data ?? []).filter(
    (u) => (!type || u.type === type) && (!area || u.areaCode.startsWith(area)) && (!q.trim() || u.name.includes(q.trim()) || u.code.toLowerCase().includes(q.trim().toLowerCase())),
  );
  // The drawer follows the list's copy of the unit, refreshed after a save.
  const current = editing ? (byId.get(editing.id) ?? editing) : null;
  const edit = (u: Unit | null) => {
    setEditing(u);
    setOpen(true);
  };

  if (units.isError) return <ApiErrorAlert error={units.error} onRetry={() => void units.refetch()} />;
  return (
    <>
      <div className="gc-admin-filters" role="search" aria-label={t('adminUnits.filters')}>
        <Input allowClear value={q} onChange={(e) => setQ(e.target.value)} placeholder={t('adminUnits.searchPlaceholder')} aria-label={t('adminUnits.search')} style={{ width: 220 }} />
        <Select<UnitType> allowClear value={type} onChange={setType} placeholder={t('adminUnits.type')} aria-label={t('adminUnits.filterType')} options={UNIT_TYPES.map((ty) => ({ value: ty, label: typeLabel(ty) }))} style={{ width: 160 }} />
        <DivisionTreeSelect allowClear value={area} onChange={setArea} placeholder={t('adminUnits.area')} aria-label={t('adminUnits.filterArea')} style={{ width: 220 }} />
        <span style={{ flex: 1 }} />
        <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => edit(null)} data-testid="unit-new">{t('adminUnits.unitNew')}</Button>
      </div>
      <Table<Unit>
        rowKey="id"
        size="small"
        loading={units.isPending}
        dataSource={rows}
        data-testid="unit-table"
        data-ready={units.isSuccess ? 'true' : undefined}
        scroll={{ x: 1100 }}
        pagination={{ defaultPageSize: 20, showSizeChanger: true, showTotal: (n) => t('adminUnits.count', { n }) }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t(units.data?.length ? 'adminUnits.emptyFiltered' : 'adminUnits.empty')} /> }}
        columns={[
          {
            key: 'name',
            title: t('adminUnits.name'),
            width: 240,
            sorter: (a, b) => a.name.localeCompare(b.name, 'zh-CN'),
            render: (_, u) => (
              <Space orientation="vertical" size={0}>
                <Button type="link" size="small" className="gc-name-link" onClick={() => edit(u)}>{u.name}</Button>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>{u.code}</Typography.Text>
              </Space>
            ),
          },
          { key: 'type', title: t('adminUnits.type'), sorter: (a, b) => a.type.localeCompare(b.type), render: (_, u) => typeLabel(u.type) },
          { key: 'area', title: t('adminUnits.area'), sorter: (a, b) => a.areaCode.localeCompare(b.areaCode), render: (_, u) => names.get(u.areaCode) ?? u.areaCode },
          { key: 'calendar', title: t('adminUnits.calendar'), width: 200, sorter: (a, b) => a.calendarName.localeCompare(b.calendarName, 'zh-CN'), render: (_, u) => u.calendarName },
          { key: 'parent', title: t('adminUnits.parent'), render: (_, u) => (u.parentId ? (byId.get(u.parentId)?.name ?? `#${u.parentId}`) : <Typography.Text type="secondary">—</Typography.Text>) },
          { key: 'phone', title: t('adminUnits.phone'), width: 140, render: (_, u) => u.phone ?? <Typography.Text type="secondary">—</Typography.Text> },
          { key: 'staff', title: t('adminUnits.staff'), align: 'right', sorter: (a, b) => a.staffCount - b.staffCount, render: (_, u) => u.staffCount },
          {
            key: 'active',
            title: t('adminUnits.active'),
            filters: [{ text: t('adminUnits.activeYes'), value: 'yes' }, { text: t('adminUnits.activeNo'), value: 'no' }],
            onFilter: (v, u) => (v === 'yes') === u.active,
            render: (_, u) => (u.active ? <Tag color="green" className="gc-tag-dark">{t('adminUnits.activeYes')}</Tag> : <Tag>{t('adminUnits.activeNo')}</Tag>),
          },
          {
            key: 'edit',
            title: t('adminUnits.actions'),
            fixed: 'right',
            render: (_, u) => (
              <Button size="small" icon={<EditOutlined aria-hidden />} onClick={() => edit(u)} aria-label={t('adminUnits.editN', { name: u.name })}>{t('adminUnits.edit')}</Button>
            ),
          },
        ]}
      />
      <UnitDrawer open={open} unit={current} onClose={() => setOpen(false)} onSaved={(u) => setEditing(u)} />
    </>
  );
}

function CalendarsTab() {
  const { t } = useI18n();
  const calendars = useCalendars();
  const units = useUnitList();
  const names = useDivisionNames();
  const [editing, setEditing] = useState<Calendar | null>(null);
  const [open, setOpen] = useState(false);
  const today = inShanghai(Date.now()).format('MM-DD');
  const usedBy = (c: Calendar) => (units.data ?? []).filter((u) => u.calendarId === c.id);
  const edit = (c: Calendar | null) => {
    setEditing(c);
    setOpen(true);
  };
  if (calendars.isError) return <ApiErrorAlert error={calendars.error} onRetry={() => void calendars.refetch()} />;
  return (
    <>
      <div className="gc-admin-filters">
        <Typography.Text type="secondary" style={{ flex: 1 }}>{t('adminUnits.calendarsHint')}</Typography.Text>
        <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => edit(null)} data-testid="calendar-new">{t('adminUnits.calendarNew')}</Button>
      </div>
      <Table<Calendar>
        rowKey="id"
        size="small"
        loading={calendars.isPending}
        dataSource={calendars.data ?? []}
        data-testid="calendar-table"
        pagination={false}
        scroll={{ x: 1000 }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('adminUnits.calendarsEmpty')} /> }}
        columns={[
          {
            key: 'name',
            title: t('adminUnits.calendarName'),
            width: 260,
            sorter: (a, b) => a.name.localeCompare(b.name, 'zh-CN'),
            render: (_, c) => (
              <Space orientation="vertical" size={0}>
                <Button type="link" size="small" className="gc-name-link" onClick={() => edit(c)}>{c.name}</Button>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>{c.code} · {names.get(c.districtCode) ?? c.districtCode}</Typography.Text>
              </Space>
            ),
          },
          {
            key: 'days',
            title: t('adminUnits.workingDays'),
            width: 190,
            render: (_, c) => (c.definition.days === 'everyDay' ? t('adminUnits.daysEveryDayShort') : c.definition.followsPublicHolidays ? t('adminUnits.daysWeekdaysHolidays') : t('adminUnits.daysWeekdaysPlain')),
          },
          {
            key: 'timetables',
            title: t('adminUnits.timetables'),
            width: 380,
            render: (_, c) => (
              <Space orientation="vertical" size={0}>
                {c.definition.timetables.map((tt, i) => (
                  <Typography.Text key={i} style={{ fontSize: 13, whiteSpace: 'nowrap' }}>
                    <Typography.Text strong>{tt.name}</Typography.Text>{' '}
                    <Typography.Text type="secondary">{tt.from}～{tt.to}</Typography.Text> {periodsText(tt.periods, t('adminUnits.periodSep'))}
                  </Typography.Text>
                ))}
              </Space>
            ),
          },
          {
            key: 'today',
            title: t('adminUnits.inForceTodayShort'),
            render: (_, c) => {
              const i = timetableOn(c.definition, today);
              return i < 0 ? <Tag color="warning" className="gc-tag-dark">{t('adminUnits.noTimetableShort')}</Tag> : <Tag color="blue">{c.definition.timetables[i]!.name}</Tag>;
            },
          },
          {
            key: 'units',
            title: t('adminUnits.usedBy'),
            render: (_, c) => {
              const us = usedBy(c);
              return us.length ? <Typography.Text title={us.map((u) => u.name).join('、')}>{t('adminUnits.usedByN', { n: us.length })}</Typography.Text> : <Typography.Text type="secondary">{t('adminUnits.usedByNone')}</Typography.Text>;
            },
          },
          {
            key: 'edit',
            title: t('adminUnits.actions'),
            fixed: 'right',
            render: (_, c) => <Button size="small" icon={<EditOutlined aria-hidden />} onClick={() => edit(c)} aria-label={t('adminUnits.editN', { name: c.name })} data-testid={`calendar-edit-${c.code}`}>{t('adminUnits.edit')}</Button>,
          },
        ]}
      />
      <CalendarDrawer open={open} calendar={editing} onClose={() => setOpen(false)} />
    </>
  );
}
