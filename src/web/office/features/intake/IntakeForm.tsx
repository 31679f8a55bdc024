/**
 * The call's fields, in the order a receiver asks them: who is calling, where, what, how urgent. Each
 * field is checked by the server's schema for it (intake-form.ts); place, category and description are
 * required, the caller may stay anonymous.
 */
import { Alert, Button, Card, Col, ConfigProvider, Form, Input, Radio, Row, Select, Space, Typography, type FormInstance } from 'antd';
import { ClearOutlined, PhoneOutlined, SaveOutlined } from '@ant-design/icons';
import { reportSourcesOf, SOURCE_LABELS, URGENCY_LABELS } from '../../../../shared/api/vocabulary.ts';
import { URGENCIES } from '../../../../shared/org.ts';
import { ApiErrorAlert } from '../../../common/components/ApiErrorAlert.tsx';
import { useI18n } from '../../../common/i18n/i18n.tsx';
import { useMe } from '../../../common/session/session.tsx';
import { CategoryField } from './CategoryField.tsx';
import { DescriptionField } from './DescriptionField.tsx';
import { schemaRule, type IntakeValues } from './intake-form.ts';
import { PlaceField } from './PlaceField.tsx';

/** Field errors in a red with 4.5:1 contrast on white (antd's default is 3.3:1, below WCAG AA). */
const ERROR_THEME = { token: { colorError: '#cf1322' } };

interface Props {
  form: FormInstance<IntakeValues>;
  initialValues: IntakeValues;
  onValuesChange(all: IntakeValues): void;
  onSave(): void;
  onClear(): void;
  saving: boolean;
  /** Another save (a merge) is running: the form waits. */
  locked: boolean;
  error: unknown;
}

export function IntakeForm({ form, initialValues, onValuesChange, onSave, onClear, saving, locked, error }: Props) {
  const { t, label, lang } = useI18n();
  const me = useMe();
  const sources = reportSourcesOf(me.roles);
  const required = (message: string) => ({ required: true, message });

  return (
    <ConfigProvider theme={ERROR_THEME}>
      <Card
        title={<span><PhoneOutlined aria-hidden /> {t('intake.formTitle')}</span>}
        extra={<Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('intake.shortcutHint')}</Typography.Text>}
      >
        <Form<IntakeValues>
          form={form}
          layout="vertical"
          initialValues={initialValues}
          onValuesChange={(_c, all) => onValuesChange(all)}
          onFinish={onSave}
          disabled={locked}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              onSave();
            }
          }}
          scrollToFirstError
          data-testid="intake-form"
        >
          <Row gutter={16}>
            <Col span={8}>
              <Form.Item name="reporterName" label={t('intake.reporterName')} rules={[schemaRule('reporterName', lang)]}>
                <Input maxLength={50} placeholder={t('intake.reporterNamePlaceholder')} autoComplete="off" />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="reporterPhone" label={t('intake.reporterPhone')} rules={[schemaRule('reporterPhone', lang)]}>
                <Input maxLength={20} inputMode="tel" placeholder={t('intake.reporterPhonePlaceholder')} autoComplete="off" />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="source" label={t('intake.source')} rules={[schemaRule('source', lang)]}>
                <Select options={sources.map((s) => ({ value: s, label: label(SOURCE_LABELS[s]) }))} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="place" label={t('intake.place')} rules={[required(t('intake.placeRequired'))]}>
            <PlaceField
              onPlaceChosen={(p) => {
                if (!form.getFieldValue('address')) form.setFieldValue('address', [p.parentName, p.name].filter(Boolean).join(' ').slice(0, 200));
              }}
            />
          </Form.Item>
          <Form.Item name="address" label={t('intake.address')} rules={[schemaRule('address', lang)]}>
            <Input maxLength={200} placeholder={t('intake.addressPlaceholder')} />
          </Form.Item>
          <Row gutter={16}>
            <Col span={16}>
              <Form.Item name="category" label={t('intake.category')} rules={[required(t('intake.categoryRequired'))]}>
                <CategoryField
                  onCategory={(c) => {
                    // The category's usual urgency, unless the receiver already chose one for this call.
                    if (c && !form.isFieldTouched('urgency')) form.setFieldValue('urgency', c.urgency);
                  }}
                />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="urgency" label={t('intake.urgency')}>
                <Radio.Group
                  optionType="button"
                  buttonStyle="solid"
                  options={URGENCIES.map((u) => ({ value: u, label: label(URGENCY_LABELS[u]) }))}
                />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="description" label={t('intake.description')} rules={[{ ...required(t('intake.descriptionRequired')), whitespace: true }, schemaRule('description', lang)]}>
            <DescriptionField />
          </Form.Item>
          {error != null && (
            <div style={{ marginBottom: 16 }} role="alert">
              <ApiErrorAlert error={error} />
              <Alert type="info" showIcon style={{ marginTop: 8 }} title={t('intake.keptAfterError')} />
            </div>
          )}
          <Space>
            <Button type="primary" htmlType="submit" icon={<SaveOutlined aria-hidden />} loading={saving} data-testid="intake-save">
              {t('intake.save')}
            </Button>
            <Button icon={<ClearOutlined aria-hidden />} onClick={onClear} disabled={saving || locked}>
              {t('intake.clear')}
            </Button>
          </Space>
        </Form>
      </Card>
    </ConfigProvider>
  );
}
