/**
 * A calendar read back in plain words while it is edited: the timetable in force today, the dates each
 * timetable switches in, a week's working hours (public holidays and make-up days from the holiday table
 * when the calendar follows it), and warnings for dates no timetable covers or that two timetables share.
 */
import { useMemo, useState } from 'react';
import { Alert, Button, DatePicker, Descriptions, Space, Table, Tag, Typography } from 'antd';
import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import type { CalendarDefinition } from '../../../../shared/calendar.ts';
import { inShanghai } from '../../../common/format/datetime.ts';
import type { MessageKey } from '../../../common/i18n/catalogue.ts';
import { useI18n } from '../../../common/i18n/i18n.tsx';
import { useHolidays } from './api.ts';
import { coverage, periodMinutes, planDay, timetableOn, weekOf, type DayPlan, type HolidayDay } from './calendar-preview.ts';

const WEEKDAY: Record<number, MessageKey> = {
  1: 'adminUnits.wd1', 2: 'adminUnits.wd2', 3: 'adminUnits.wd3', 4: 'adminUnits.wd4', 5: 'adminUnits.wd5', 6: 'adminUnits.wd6', 7: 'adminUnits.wd7',
};

export function hoursText(minutes: number, t: ReturnType<typeof useI18n>['t']): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m ? t('adminUnits.hoursMinutes', { h, m }) : t('adminUnits.hours', { h });
}

export function periodsText(periods: readonly { start: string; end: string }[], sep: string): string {
  return periods.map((p) => `${p.start}–${p.end}`).join(sep);
}

function useHolidayMap(years: number[], enabled: boolean): { map: ReadonlyMap<string, HolidayDay>; failed: boolean } {
  const a = useHolidays(years[0]!);
  const b = useHolidays(years[1] ?? years[0]!);
  return useMemo(() => {
    const map = new Map<string, HolidayDay>();
    if (enabled) for (const y of [a.data, b.data]) for (const d of y?.days ?? []) map.set(d.day, d);
    return { map, failed: enabled && (a.isError || b.isError) };
  }, [a.data, b.data, a.isError, b.isError, enabled]);
}

export function CalendarPreview({ def }: { def: CalendarDefinition }) {
  const { t } = useI18n();
  const today = inShanghai(Date.now()).format('YYYY-MM-DD');
  const [day, setDay] = useState(today);
  const week = weekOf(day);
  const years = [...new Set(week.map((d) => Number(d.slice(0, 4))))];
  const usesHolidays = def.days === 'weekdays' && def.followsPublicHolidays;
  const holidays = useHolidayMap(years, usesHolidays);
  const plans = week.map((d) => planDay(def, d, holidays.map));
  const total = plans.reduce((n, p) => n + p.minutes, 0);
  const nowIndex = timetableOn(def, today.slice(5));
  const { gaps, overlaps } = coverage(def);
  const sep = t('adminUnits.periodSep');
  const shift = (days: number) => setDay(dayjs(day).add(days, 'day').format('YYYY-MM-DD'));

  const note = (p: DayPlan) => {
    switch (p.note) {
      case 'weekend': return <Tag>{t('adminUnits.noteWeekend')}</Tag>;
      case 'holiday': return <Tag color="red">{p.holidayName || t('adminUnits.noteHoliday')}</Tag>;
      case 'makeUp': return <Tag color="orange" className="gc-tag-dark">{t('adminUnits.noteMakeUp', { name: p.holidayName ?? '' })}</Tag>;
      case 'noTimetable': return <Tag color="warning" className="gc-tag-dark">{t('adminUnits.noteNoTimetable')}</Tag>;
      default: return null;
    }
  };

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="calendar-preview">
      <Descriptions
        size="small"
        column={1}
        bordered
        items={[
          {
            key: 'today',
            label: t('adminUnits.inForceToday', { date: today }),
            children: nowIndex < 0 ? (
              <Typography.Text type="warning">{t('adminUnits.noTimetableToday')}</Typography.Text>
            ) : (
              <span data-testid="in-force-today">
                <Typography.Text strong>{def.timetables[nowIndex]!.name}</Typography.Text> {periodsText(def.timetables[nowIndex]!.periods, sep)}
              </span>
            ),
          },
          {
            key: 'days',
            label: t('adminUnits.workingDays'),
            children: def.days === 'everyDay' ? t('adminUnits.daysEveryDayShort') : def.followsPublicHolidays ? t('adminUnits.daysWeekdaysHolidays') : t('adminUnits.daysWeekdaysPlain'),
          },
          ...def.timetables.map((tt, i) => ({
            key: `tt${i}`,
            label: t('adminUnits.switchLabel', { name: tt.name }),
            children: (
              <span>
                {tt.from === '01-01' && tt.to === '12-31' ? t('adminUnits.allYear') : t('adminUnits.switchRange', { from: tt.from, to: tt.to })}
                {'　'}{periodsText(tt.periods, sep)}{'　'}
                <Typography.Text type="secondary">{t('adminUnits.perDay', { hours: hoursText(periodMinutes(tt.periods), t) })}</Typography.Text>
              </span>
            ),
          })),
        ]}
      />
      {gaps.length > 0 && (
        <Alert type="warning" showIcon title={t('adminUnits.gapsWarning', { ranges: gaps.map((g) => (g.from === g.to ? g.from : `${g.from}～${g.to}`)).join(t('adminUnits.listSep')) })} />
      )}
      {overlaps.map((o) => (
        <Alert key={`${o.first}-${o.second}-${o.from}`} type="info" showIcon title={t('adminUnits.overlapNote', { a: def.timetables[o.first]!.name, b: def.timetables[o.second]!.name, from: o.from, to: o.to })} />
      ))}
      {holidays.failed && <Alert type="warning" showIcon title={t('adminUnits.holidaysFailed')} />}
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Text strong>{t('adminUnits.weekTitle', { from: week[0]!, to: week[6]! })}</Typography.Text>
        <Space size={4}>
          <Button size="small" icon={<LeftOutlined aria-hidden />} onClick={() => shift(-7)} aria-label={t('adminUnits.prevWeek')} />
          <Button size="small" onClick={() => setDay(today)}>{t('adminUnits.thisWeek')}</Button>
          <Button size="small" icon={<RightOutlined aria-hidden />} onClick={() => shift(7)} aria-label={t('adminUnits.nextWeek')} />
          <DatePicker size="small" allowClear={false} value={dayjs(day)} onChange={(d: Dayjs | null) => d && setDay(d.format('YYYY-MM-DD'))} aria-label={t('adminUnits.pickWeek')} />
        </Space>
      </Space>
      <Table<DayPlan>
        size="small"
        rowKey="date"
        pagination={false}
        dataSource={plans}
        data-testid="calendar-week"
        rowClassName={(p) => (p.date === today ? 'gc-cal-today' : '')}
        columns={[
          { key: 'date', title: t('adminUnits.colDate'), render: (_, p) => `${p.date.slice(5)} ${t(WEEKDAY[p.weekday]!)}` },
          { key: 'tt', title: t('adminUnits.colTimetable'), render: (_, p) => (p.timetable >= 0 ? def.timetables[p.timetable]!.name : '—') },
          { key: 'periods', title: t('adminUnits.colPeriods'), render: (_, p) => (p.minutes ? periodsText(p.periods, sep) : note(p) ?? '—') },
          { key: 'hours', title: t('adminUnits.colHours'), align: 'right', render: (_, p) => (p.minutes ? hoursText(p.minutes, t) : '0') },
          { key: 'note', title: t('adminUnits.colNote'), render: (_, p) => (p.minutes ? note(p) : null) },
        ]}
        summary={() => (
          <Table.Summary.Row>
            <Table.Summary.Cell index={0} colSpan={3}>{t('adminUnits.weekTotal')}</Table.Summary.Cell>
            <Table.Summary.Cell index={3} align="right"><span data-testid="week-total">{hoursText(total, t)}</span></Table.Summary.Cell>
            <Table.Summary.Cell index={4} />
          </Table.Summary.Row>
        )}
      />
    </Space>
  );
}
