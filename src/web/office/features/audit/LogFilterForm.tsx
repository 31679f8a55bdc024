/**
 * The security log's filters: kinds (in words), user, time range, IP (or its beginning) and request id. 查询 writes
 * them to the URL; each field is checked with the contract's schema, and a 400 from the server is shown at its field.
 */
import { useEffect } from 'react';
import { Button, Col, DatePicker, Form, Input, Row, Select, Space } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { SECURITY_EVENT_KINDS, SECURITY_EVENT_LABELS, type SecurityEventKind } from '../../../../shared/api/vocabulary.ts';
import { ApiError } from '../../../common/api/client.ts';
import { useI18n } from '../../../common/i18n/i18n.tsx';
import type { LogFilter } from './api.ts';
import { formFieldOf, schemaRule } from './log-filter.ts';

interface Values {
  kind?: SecurityEventKind[];
  username?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
  ip?: string;
  requestId?: string;
}

// `to` is exclusive on the server: the minute shown as the end is included.
function toValues(f: LogFilter): Values {
  return {
    kind: f.kind,
    username: f.username,
    ip: f.ip,
    requestId: f.requestId,
    range: f.from || f.to ? [f.from ? dayjs(f.from) : null, f.to ? dayjs(f.to).subtract(1, 'minute') : null] : null,
  };
}

function fromValues(v: Values): LogFilter {
  const f: LogFilter = {
    kind: v.kind?.length ? v.kind : undefined,
    username: v.username?.trim() || undefined,
    ip: v.ip?.trim() || undefined,
    requestId: v.requestId?.trim() || undefined,
    from: v.range?.[0]?.second(0).millisecond(0).format(),
    to: v.range?.[1]?.second(0).millisecond(0).add(1, 'minute').format(),
  };
  return Object.fromEntries(Object.entries(f).filter(([, x]) => x !== undefined)) as LogFilter;
}

export function LogFilterForm({ filter, onApply, error }: { filter: LogFilter; onApply(f: LogFilter): void; error: unknown }) {
  const { t, label, lang } = useI18n();
  const [form] = Form.useForm<Values>();

  useEffect(() => {
    form.resetFields();
    form.setFieldsValue(toValues(filter));
  }, [filter, form]);

  // The server's refusal of a filter, shown at the field it names.
  useEffect(() => {
    if (!(error instanceof ApiError) || error.status !== 400 || !error.fields) return;
    const list = Array.isArray(error.fields)
      ? (error.fields as Array<{ field: string; message: string }>)
      : Object.entries(error.fields).map(([field, message]) => ({ field, message }));
    const byField = new Map<keyof Values, string[]>();
    for (const e of list) {
      const name = formFieldOf(e.field);
      if (name) byField.set(name, [...(byField.get(name) ?? []), e.message]);
    }
    form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
  }, [error, form]);

  const kinds = SECURITY_EVENT_KINDS.map((k) => ({ value: k, label: label(SECURITY_EVENT_LABELS[k]) }));
  const col = { xs: 24, md: 12, xl: 8 };
  return (
    <Form<Values>
      form={form}
      labelCol={{ flex: '88px' }}
      wrapperCol={{ flex: '1 1 0', style: { minWidth: 0 } }}
      labelWrap
      onFinish={(v) => onApply(fromValues(v))}
      data-testid="log-filters"
    >
      <Row gutter={16}>
        <Col {...col}>
          <Form.Item name="kind" label={t('audit.fKind')}>
            <Select mode="multiple" maxTagCount="responsive" options={kinds} placeholder={t('audit.fKindPlaceholder')} allowClear showSearch={{ optionFilterProp: 'label' }} data-testid="log-filter-kind" />
          </Form.Item>
        </Col>
        <Col {...col}>
          <Form.Item name="username" label={t('audit.fUser')} rules={[schemaRule('username', lang)]}>
            <Input allowClear maxLength={40} placeholder={t('audit.fUserPlaceholder')} autoComplete="off" />
          </Form.Item>
        </Col>
        <Col {...col}>
          <Form.Item name="range" label={t('audit.fTime')}>
            <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" allowEmpty={[true, true]} style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs().endOf('day'))} />
          </Form.Item>
        </Col>
        <Col {...col}>
          <Form.Item name="ip" label={t('audit.fIp')} rules={[schemaRule('ip', lang)]}>
            <Input allowClear maxLength={45} placeholder={t('audit.fIpPlaceholder')} autoComplete="off" />
          </Form.Item>
        </Col>
        <Col {...col}>
          <Form.Item name="requestId" label={t('audit.fRequestId')} rules={[schemaRule('requestId', lang)]}>
            <Input allowClear maxLength={80} placeholder={t('audit.fRequestIdPlaceholder')} autoComplete="off" />
          </Form.Item>
        </Col>
        <Col {...col} style={{ marginBottom: 24 }}>
          <Space style={{ display: 'flex', justifyContent: 'flex-end' }}>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined aria-hidden />} data-testid="log-filters-apply">{t('audit.apply')}</Button>
            <Button onClick={() => onApply({})}>{t('audit.reset')}</Button>
          </Space>
        </Col>
      </Row>
    </Form>
  );
}
