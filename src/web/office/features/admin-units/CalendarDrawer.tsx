/**
 * Creating or editing a working calendar exactly as shared/calendar.ts models it: weekdays (following the
 * holiday table or not) or every day, and one to four timetables, each a date range (MM-DD, may wrap the year
 * end: the summer/winter switch dates) with up to six working periods. Templates fill in the usual set-ups;
 * the preview beside the form says what the calendar means for today and for a week.
 */
import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Col, Drawer, Form, Input, Popconfirm, Radio, Row, Select, Space, Switch, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { createCalendarBody } from '../../../../shared/api/org.ts';
import { describeIssue } from '../../../../shared/api/validation.ts';
import { CENTRE_CALENDAR, calendarDefinitionSchema, EVERY_DAY_CALENDAR, OFFICE_CALENDAR, periodSchema, STANDARD_OFFICE_CALENDAR, timetableSchema, type CalendarDefinition } from '../../../../shared/calendar.ts';
import { errorText } from '../../../common/components/ApiErrorAlert.tsx';
import { useAllDivisions } from '../../../common/components/useReference.ts';
import type { MessageKey } from '../../../common/i18n/catalogue.ts';
import { useI18n } from '../../../common/i18n/i18n.tsx';
import { fieldErrors } from '../../../common/components/form-errors.ts';
import { zodRule } from '../../../common/components/zod-rule.ts';
import { useSaveCalendar, type Calendar } from './api.ts';
import { CalendarPreview } from './CalendarPreview.tsx';

interface Values extends CalendarDefinition {
  districtCode: string;
  code: string;
  name: string;
}

const TEMPLATES: Array<{ key: MessageKey; def: CalendarDefinition }> = [
  { key: 'adminUnits.tplSeasons', def: OFFICE_CALENDAR },
  { key: 'adminUnits.tplOffice', def: STANDARD_OFFICE_CALENDAR },
  { key: 'adminUnits.tplCentre', def: CENTRE_CALENDAR },
  { key: 'adminUnits.tplEveryDay', def: EVERY_DAY_CALENDAR },
];
const FIELDS = ['districtCode', 'code', 'name', 'days', 'followsPublicHolidays', 'timetables'];
const copy = (d: CalendarDefinition): CalendarDefinition => JSON.parse(JSON.stringify(d)) as CalendarDefinition;

interface Props {
  open: boolean;
  calendar: Calendar | null;
  /** The district a new calendar is for (a unit's, when made from its form). */
  defaultDistrict?: string;
  onClose(): void;
  onSaved?(c: Calendar): void;
}

export function CalendarDrawer({ open, calendar, defaultDistrict, onClose, onSaved }: Props) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const save = useSaveCalendar();
  const divisions = useAllDivisions();
  const [alert, setAlert] = useState<string | null>(null);
  const watched = Form.useWatch([], form) as Partial<Values> | undefined;
  const districts = (divisions.data ?? []).filter((d) => d.level === 'district');

  useEffect(() => {
    if (!open) return;
    setAlert(null);
    form.resetFields();
    form.setFieldsValue(calendar ? { districtCode: calendar.districtCode, code: calendar.code, name: calendar.name, ...copy(calendar.definition) } : { districtCode: defaultDistrict || districts[0]?.code, code: '', name: '', ...copy(OFFICE_CALENDAR) });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, calendar, form]);
  useEffect(() => {
    if (open && !calendar && !form.getFieldValue('districtCode') && districts[0]) form.setFieldsValue({ districtCode: defaultDistrict || districts[0].code });
  }, [open, calendar, districts, defaultDistrict, form]);

  const definition = (v: Partial<Values> | undefined) => ({ days: v?.days, followsPublicHolidays: v?.days === 'everyDay' ? false : v?.followsPublicHolidays, timetables: v?.timetables });
  const parsed = useMemo(() => calendarDefinitionSchema.safeParse(definition(watched)), [watched]);

  const submit = (v: Values) => {
    setAlert(null);
    const def = calendarDefinitionSchema.safeParse(definition(v));
    if (!def.success) {
      form.setFields(def.error.issues.map((i) => ({ name: i.path as (string | number)[], errors: [describeIssue(i, lang)] })) as Parameters<typeof form.setFields>[0]);
      return;
    }
    const done = {
      onSuccess: (c: Calendar) => {
        message.success(t(calendar ? 'adminUnits.calendarSaved' : 'adminUnits.calendarCreated', { name: c.name }));
        onSaved?.(c);
        onClose();
      },
      onError: (e: unknown) => {
        const f = fieldErrors(e, FIELDS, { definition: 'timetables' });
        if (f.fields.length) form.setFields(f.fields as Parameters<typeof form.setFields>[0]);
        setAlert(f.placed ? null : errorText(e, t));
      },
    };
    if (calendar) save.mutate({ id: calendar.id, patch: { name: v.name.trim(), definition: def.data } }, done);
    else save.mutate({ create: { districtCode: v.districtCode, code: v.code.trim(), name: v.name.trim(), definition: def.data } }, done);
  };

  const everyDay = watched?.days === 'everyDay';
  return (
    <Drawer open={open} onClose={onClose} size={1180} destroyOnHidden title={calendar ? t('adminUnits.calendarEditTitle', { name: calendar.name }) : t('adminUnits.calendarNewTitle')} data-testid="calendar-drawer">
      <Row gutter={24}>
        <Col span={13}>
          <Form<Values> form={form} layout="vertical" onFinish={submit} data-testid="calendar-form" scrollToFirstError>
            <Space wrap style={{ marginBottom: 12 }}>
              <Typography.Text type="secondary">{t('adminUnits.templates')}</Typography.Text>
              {TEMPLATES.map((tpl) => (
                <Popconfirm key={tpl.key} title={t('adminUnits.templateConfirm')} okText={t('adminUnits.apply')} cancelText={t('adminUnits.cancel')} onConfirm={() => form.setFieldsValue(copy(tpl.def))}>
                  <Button size="small">{t(tpl.key)}</Button>
                </Popconfirm>
              ))}
            </Space>
            <Row gutter={12}>
              <Col span={8}>
                <Form.Item name="districtCode" label={t('adminUnits.district')} rules={[{ required: true, message: t('adminUnits.required') }]} extra={calendar ? undefined : t('adminUnits.calendarDistrictHint')}>
                  <Select disabled={!!calendar} options={districts.map((d) => ({ value: d.code, label: d.name }))} aria-label={t('adminUnits.district')} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name="code" label={t('adminUnits.code')} rules={[{ required: !calendar, message: t('adminUnits.required') }, ...(calendar ? [] : [zodRule(createCalendarBody.shape.code, lang)])]}>
                  <Input disabled={!!calendar} maxLength={40} placeholder={t('adminUnits.calendarCodePlaceholder')} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name="name" label={t('adminUnits.calendarName')} rules={[{ required: true, whitespace: true, message: t('adminUnits.required') }, zodRule(createCalendarBody.shape.name, lang)]}>
                  <Input maxLength={60} />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item name="days" label={t('adminUnits.workingDays')} rules={[{ required: true, message: t('adminUnits.required') }]}>
              <Radio.Group
                options={[
                  { value: 'weekdays', label: t('adminUnits.daysWeekdays') },
                  { value: 'everyDay', label: t('adminUnits.daysEveryDay') },
                ]}
              />
            </Form.Item>
            <Form.Item name="followsPublicHolidays" label={t('adminUnits.followsHolidays')} valuePropName="checked" extra={everyDay ? t('adminUnits.followsHolidaysEveryDay') : t('adminUnits.followsHolidaysHint')}>
              <Switch disabled={everyDay} aria-label={t('adminUnits.followsHolidays')} />
            </Form.Item>
            <Typography.Title level={5}>{t('adminUnits.timetables')}</Typography.Title>
            <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>{t('adminUnits.timetablesHint')}</Typography.Paragraph>
            <Form.List name="timetables">
              {(tts, { add, remove }, { errors }) => (
                <>
                  {tts.map((tt, i) => (
                    <div key={tt.key} className="gc-cal-timetable" data-testid={`timetable-${i}`}>
                      <Row gutter={8} align="top">
                        <Col span={8}>
                          <Form.Item name={[tt.name, 'name']} label={t('adminUnits.ttName')} rules={[{ required: true, whitespace: true, message: t('adminUnits.required') }, zodRule(timetableSchema.shape.name, lang)]}>
                            <Input maxLength={30} placeholder={t('adminUnits.ttNamePlaceholder')} />
                          </Form.Item>
                        </Col>
                        <Col span={6}>
                          <Form.Item name={[tt.name, 'from']} label={t('adminUnits.ttFrom')} rules={[{ required: true, message: t('adminUnits.required') }, zodRule(timetableSchema.shape.from, lang)]}>
                            <Input maxLength={5} placeholder="MM-DD" />
                          </Form.Item>
                        </Col>
                        <Col span={6}>
                          <Form.Item name={[tt.name, 'to']} label={t('adminUnits.ttTo')} rules={[{ required: true, message: t('adminUnits.required') }, zodRule(timetableSchema.shape.to, lang)]}>
                            <Input maxLength={5} placeholder="MM-DD" />
                          </Form.Item>
                        </Col>
                        <Col span={4} style={{ paddingTop: 30, textAlign: 'right' }}>
                          <Button danger type="text" icon={<DeleteOutlined aria-hidden />} disabled={tts.length <= 1} onClick={() => remove(tt.name)} aria-label={t('adminUnits.ttRemove', { n: i + 1 })} />
                        </Col>
                      </Row>
                      <Form.List name={[tt.name, 'periods']}>
                        {(ps, { add: addP, remove: removeP }, { errors: pErrors }) => (
                          <div className="gc-cal-periods">
                            <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('adminUnits.periods')}</Typography.Text>
                            {ps.map((p, j) => (
                              <Space key={p.key} align="start" size={6} style={{ display: 'flex' }}>
                                <Form.Item name={[p.name, 'start']} rules={[{ required: true, message: t('adminUnits.required') }, zodRule(periodSchema.shape.start, lang)]} style={{ marginBottom: 8 }}>
                                  <Input maxLength={5} placeholder="08:00" aria-label={t('adminUnits.periodStart', { n: j + 1, tt: i + 1 })} style={{ width: 90 }} />
                                </Form.Item>
                                <span className="gc-cal-dash" aria-hidden>–</span>
                                <Form.Item name={[p.name, 'end']} dependencies={[['timetables', tt.name, 'periods', p.name, 'start']]} rules={[{ required: true, message: t('adminUnits.required') }, zodRule(periodSchema.shape.end, lang), ({ getFieldValue }) => ({ validator: async (_r, end: string) => { const start = getFieldValue(['timetables', tt.name, 'periods', p.name, 'start']) as string | undefined; if (start && end && start >= end) throw new Error(t('adminUnits.periodOrder')); } })]} style={{ marginBottom: 8 }}>
                                  <Input maxLength={5} placeholder="12:00" aria-label={t('adminUnits.periodEnd', { n: j + 1, tt: i + 1 })} style={{ width: 90 }} />
                                </Form.Item>
                                <Button type="text" icon={<DeleteOutlined aria-hidden />} disabled={ps.length <= 1} onClick={() => removeP(p.name)} aria-label={t('adminUnits.periodRemove', { n: j + 1, tt: i + 1 })} />
                              </Space>
                            ))}
                            <Form.ErrorList errors={pErrors} />
                            <Button size="small" type="dashed" icon={<PlusOutlined aria-hidden />} disabled={ps.length >= 6} onClick={() => { const last = form.getFieldValue(['timetables', tt.name, 'periods', ps.length - 1]) as { end?: string } | undefined; addP({ start: last?.end && last.end < '23:00' ? last.end : '', end: '' }); }}>
                              {t('adminUnits.periodAdd')}
                            </Button>
                          </div>
                        )}
                      </Form.List>
                    </div>
                  ))}
                  <Form.ErrorList errors={errors} />
                  <Button type="dashed" icon={<PlusOutlined aria-hidden />} disabled={tts.length >= 4} onClick={() => add({ name: '', from: '', to: '', periods: [{ start: '08:00', end: '12:00' }] })} block>
                    {t('adminUnits.ttAdd')}
                  </Button>
                </>
              )}
            </Form.List>
            {!parsed.success && parsed.error.issues.some((i) => i.message === '@periodsOverlap') && <Alert type="error" showIcon style={{ marginTop: 12 }} title={t('adminUnits.periodsOverlap')} />}
            {alert && <Alert type="error" showIcon style={{ marginTop: 12 }} title={alert} />}
            <Space style={{ marginTop: 16 }}>
              <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="calendar-save">{calendar ? t('adminUnits.save') : t('adminUnits.create')}</Button>
              <Button onClick={onClose}>{t('adminUnits.cancel')}</Button>
            </Space>
          </Form>
        </Col>
        <Col span={11}>
          <Typography.Title level={5} style={{ marginTop: 0 }}>{t('adminUnits.preview')}</Typography.Title>
          {parsed.success ? <CalendarPreview def={parsed.data} /> : <Alert type="info" showIcon title={t('adminUnits.previewWaiting')} />}
        </Col>
      </Row>
    </Drawer>
  );
}
