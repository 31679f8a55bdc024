/**
 * 节假日日历: the year's working-day table as twelve months. Statutory holidays and make-up working days (调休)
 * come from the State Council's yearly notice (built-in table); the admin sets or clears any day, and an override
 * wins over the table — which is also how a year the table does not know yet gets its holidays. Every clock on
 * 工作时 and 工作日 counts on this table.
 */
import { useMemo, useState } from 'react';
import { Alert, App, Button, Card, Flex, Form, Input, InputNumber, Modal, Popconfirm, Radio, Skeleton, Space, Tag, Typography } from 'antd';
import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { holidayOverrideBody } from '../../../../shared/api/settings.ts';
import { ApiErrorAlert, errorText } from '../../../common/components/ApiErrorAlert.tsx';
import type { MessageKey } from '../../../common/i18n/catalogue.ts';
import { useI18n } from '../../../common/i18n/i18n.tsx';
import { useClearHoliday, useHolidayYear, useSetHoliday, type HolidayYear } from './api.ts';
import { showFieldErrors, zodRule } from './form-rules.ts';
import './holidays.css';

type Special = HolidayYear['days'][number];
const pad = (n: number) => String(n).padStart(2, '0');
const dayKey = (y: number, m: number, d: number) => `${y}-${pad(m + 1)}-${pad(d)}`;
/** Today in Asia/Shanghai, where every clock runs. */
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
const weekdayOf = (day: string) => new Date(`${day}T00:00:00Z`).getUTCDay();

interface Values {
  isWorkday: boolean;
  name: string;
}

export default function HolidaysPage() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [year, setYear] = useState(() => Number(today().slice(0, 4)));
  const data = useHolidayYear(year);
  const setDay = useSetHoliday();
  const clearDay = useClearHoliday();
  const [picked, setPicked] = useState<string | null>(null);
  const [form] = Form.useForm<Values>();
  const special = useMemo(() => new Map((data.data?.days ?? []).map((d) => [d.day, d])), [data.data]);
  const now = today();
  const counts = useMemo(() => {
    const days = data.data?.days ?? [];
    return { off: days.filter((d) => !d.isWorkday && weekdayOf(d.day) % 6 !== 0).length, on: days.filter((d) => d.isWorkday).length, own: days.filter((d) => d.source === 'override').length };
  }, [data.data]);

  const describe = (day: string, s: Special | undefined): string => {
    const weekend = weekdayOf(day) % 6 === 0;
    const what = s ? (s.isWorkday ? t('adminCatalog.hWorkday') : t('adminCatalog.hHoliday')) : weekend ? t('adminCatalog.hWeekend') : t('adminCatalog.hPlain');
    return [what, s?.name && s.name !== what ? s.name : '', s?.source === 'override' ? t('adminCatalog.hOverride') : ''].filter(Boolean).join(' · ');
  };

  const open = (day: string) => {
    const s = special.get(day);
    const weekend = weekdayOf(day) % 6 === 0;
    setPicked(day);
    // Start from the opposite of what the day is now: that is what a click means to change.
    form.setFieldsValue({ isWorkday: s ? !s.isWorkday : weekend, name: s?.source === 'override' ? s.name : '' });
  };
  const submit = async () => {
    if (!picked) return;
    const v = await form.validateFields().catch(() => null);
    if (!v) return; // the fields show why
    setDay.mutate(
      { day: picked, isWorkday: v.isWorkday, name: (v.name ?? '').trim() },
      {
        onSuccess: () => {
          message.success(t('adminCatalog.hSaved', { day: picked }));
          setPicked(null);
        },
        onError: (err) => {
          if (!showFieldErrors(form, err)) message.error(errorText(err, t));
        },
      },
    );
  };
  const clear = () => {
    if (!picked) return;
    clearDay.mutate(picked, {
      onSuccess: () => {
        message.success(t('adminCatalog.hCleared', { day: picked }));
        setPicked(null);
      },
      onError: (err) => message.error(errorText(err, t)),
    });
  };
  const pickedSpecial = picked ? special.get(picked) : undefined;
  const dows = [1, 2, 3, 4, 5, 6, 0];

  return (
    <Flex vertical gap={16} style={{ maxWidth: 1600 }}>
      <Card size="small">
        <Flex wrap gap={16} align="center" justify="space-between">
          <Space>
            <Button icon={<LeftOutlined aria-hidden />} onClick={() => setYear((y) => y - 1)} aria-label={t('adminCatalog.hPrevYear')} disabled={year <= 2000} />
            <InputNumber<number> aria-label={t('adminCatalog.hYear')} value={year} min={2000} max={2100} precision={0} onChange={(v) => v && v >= 2000 && v <= 2100 && setYear(v)} style={{ width: 100 }} />
            <Button icon={<RightOutlined aria-hidden />} onClick={() => setYear((y) => y + 1)} aria-label={t('adminCatalog.hNextYear')} disabled={year >= 2100} />
            {data.isSuccess && <Typography.Text type="secondary">{t('adminCatalog.hCounts', counts)}</Typography.Text>}
          </Space>
          <Space wrap size={16} aria-label={t('adminCatalog.hLegend')} role="group">
            <span className="gc-legend"><span className="gc-day is-holiday" aria-hidden>1</span>{t('adminCatalog.hHoliday')}</span>
            <span className="gc-legend"><span className="gc-day is-workday" aria-hidden>1</span>{t('adminCatalog.hWorkday')}</span>
            <span className="gc-legend"><span className="gc-day is-weekend" aria-hidden>1</span>{t('adminCatalog.hWeekend')}</span>
            <span className="gc-legend"><span className="gc-day is-override" aria-hidden>1</span>{t('adminCatalog.hOverride')}</span>
          </Space>
        </Flex>
        <Typography.Paragraph type="secondary" style={{ margin: '12px 0 0' }}>{t('adminCatalog.hSource')}</Typography.Paragraph>
        {data.isSuccess && data.data.days.every((d) => d.source === 'override') && (
          <Alert style={{ marginTop: 12 }} type="warning" showIcon title={t('adminCatalog.hUnknownYear', { year })} />
        )}
      </Card>
      {data.isError ? (
        <ApiErrorAlert error={data.error} onRetry={() => void data.refetch()} />
      ) : data.isPending ? (
        <Skeleton active paragraph={{ rows: 12 }} />
      ) : (
        <div className="gc-year" data-ready="true">
          {Array.from({ length: 12 }, (_, m) => {
            const first = new Date(Date.UTC(year, m, 1)).getUTCDay();
            const length = new Date(Date.UTC(year, m + 1, 0)).getUTCDate();
            const lead = (first + 6) % 7;
            return (
              <section key={m} className="gc-month" aria-label={t(`adminCatalog.month${m + 1}` as MessageKey)}>
                <h3>{t(`adminCatalog.month${m + 1}` as MessageKey)}</h3>
                <div className="gc-month-grid">
                  {dows.map((d) => <span key={d} className="gc-dow" aria-hidden>{t(`adminCatalog.dow${d}` as MessageKey)}</span>)}
                  {Array.from({ length: lead }, (_, i) => <span key={`lead${i}`} />)}
                  {Array.from({ length }, (_, i) => {
                    const day = dayKey(year, m, i + 1);
                    const s = special.get(day);
                    const weekend = weekdayOf(day) % 6 === 0;
                    const cls = ['gc-day', s ? (s.isWorkday ? 'is-workday' : 'is-holiday') : weekend ? 'is-weekend' : '', s?.source === 'override' ? 'is-override' : '', day === now ? 'is-today' : ''].filter(Boolean).join(' ');
                    return (
                      <button key={day} type="button" className={cls} onClick={() => open(day)} aria-label={`${day} ${describe(day, s)}`} title={describe(day, s)} data-day={day}>
                        {i + 1}
                      </button>
                    );
                  })}
                </div>
              </section>
            );
          })}
        </div>
      )}
      <Modal
        open={!!picked}
        title={picked ? t('adminCatalog.hDayTitle', { day: picked }) : ''}
        onCancel={() => setPicked(null)}
        destroyOnHidden
        forceRender
        footer={
          <Flex justify="space-between">
            <span>
              {pickedSpecial?.source === 'override' && (
                <Popconfirm title={t('adminCatalog.hClearConfirm')} description={t('adminCatalog.hClearConfirmBody')} okText={t('adminCatalog.hClear')} cancelText={t('common.cancel')} onConfirm={clear}>
                  <Button danger loading={clearDay.isPending}>{t('adminCatalog.hClear')}</Button>
                </Popconfirm>
              )}
            </span>
            <Space>
              <Button onClick={() => setPicked(null)}>{t('common.cancel')}</Button>
              <Button type="primary" loading={setDay.isPending} onClick={() => void submit()}>{t('common.save')}</Button>
            </Space>
          </Flex>
        }
      >
        {picked && (
          <Typography.Paragraph>
            {t('adminCatalog.hNow')}<Tag style={{ marginInlineStart: 6 }}>{describe(picked, pickedSpecial)}</Tag>
          </Typography.Paragraph>
        )}
        <Form<Values> form={form} layout="vertical">
          <Form.Item name="isWorkday" label={t('adminCatalog.hSetAs')} required>
            <Radio.Group
              optionType="button"
              options={[{ value: false, label: t('adminCatalog.hHoliday') }, { value: true, label: t('adminCatalog.hWorkday') }]}
            />
          </Form.Item>
          <Form.Item name="name" label={t('adminCatalog.hName')} rules={[zodRule(holidayOverrideBody.shape.name, lang)]} extra={t('adminCatalog.hNameHint')}>
            <Input maxLength={40} placeholder={t('adminCatalog.hNamePlaceholder')} />
          </Form.Item>
        </Form>
      </Modal>
    </Flex>
  );
}
