/** One input per field of an action's body (action-fields.ts decides which fields the form has). */
import { Checkbox, Form, Input, InputNumber, Radio, Select, Space, Tag } from 'antd';
import { LIMIT_UNITS, SATISFACTIONS, SATISFACTION_LABELS, URGENCY_LABELS } from '../../../../../../shared/api/vocabulary.ts';
import type { CaseAction } from '../../../../../../shared/cases/workflow.ts';
import { URGENCIES, type UnitType } from '../../../../../../shared/org.ts';
import { useUnitList } from '../../../../../common/components/useReference.ts';
import { useI18n } from '../../../../../common/i18n/i18n.tsx';
import type { CaseDetail } from '../api.ts';
import { fieldLabel, type FieldSpec } from './action-fields.ts';
import { CasePicker } from './CasePicker.tsx';
import { PhotoUploader } from './PhotoUploader.tsx';

const CENTRES: readonly UnitType[] = ['supervisionCenter', 'commandCenter'];

/** Units a case may go to, the suggested one first and marked; the centres themselves are not handling units. */
function UnitSelect({ c, multiple, id, value, onChange }: { c: CaseDetail; multiple?: boolean; id?: string; value?: number | number[]; onChange?(v: number | number[]): void }) {
  const { t } = useI18n();
  const units = useUnitList();
  const suggested = c.suggestedUnit?.id;
  const list = (units.data ?? []).filter((u) => u.active && !CENTRES.includes(u.type));
  const sorted = [...list.filter((u) => u.id === suggested), ...list.filter((u) => u.id !== suggested)];
  return (
    <Select
      id={id}
      mode={multiple ? 'multiple' : undefined}
      maxCount={multiple ? 10 : undefined}
      loading={units.isLoading}
      value={value}
      onChange={(v) => onChange?.(v)}
      showSearch={{ optionFilterProp: 'title' }}
      allowClear={multiple}
      placeholder={multiple ? t('caseActions.coUnitsPlaceholder') : t('caseActions.unitPlaceholder')}
      options={sorted.map((u) => ({
        value: u.id,
        title: u.name,
        label: u.id === suggested ? <Space size={4}>{u.name}<Tag color="blue" style={{ marginInlineEnd: 0 }}>{t('caseActions.suggested')}</Tag></Space> : u.name,
      }))}
      style={{ width: '100%' }}
    />
  );
}

export function ActionFields({ action, fields, c, onUploading }: { action: CaseAction; fields: FieldSpec[]; c: CaseDetail; onUploading(busy: boolean): void }) {
  const { t, label } = useI18n();
  const form = Form.useFormInstance();
  const reached = Form.useWatch('reached', form) as boolean | undefined;
  const overriding = Form.useWatch(['override', 'on'], form) as boolean | undefined;
  const item = (f: FieldSpec, node: React.ReactNode, extra?: React.ReactNode) => (
    <Form.Item key={f.name} name={f.name} label={t(fieldLabel(action, f.name))} required={f.required} extra={extra}>
      {node}
    </Form.Item>
  );
  const textArea = (f: FieldSpec, rows = 3) => <Input.TextArea rows={rows} maxLength={f.max} showCount={!!f.max} />;

  return (
    <>
      {fields.map((f) => {
        switch (f.name) {
          case 'isTrue':
          case 'passed':
          case 'reached': {
            const [yes, no] = {
              isTrue: ['caseActions.isTrueYes', 'caseActions.isTrueNo'],
              passed: ['caseActions.passedYes', 'caseActions.passedNo'],
              reached: ['caseActions.reachedYes', 'caseActions.reachedNo'],
            }[f.name] as ['caseActions.isTrueYes', 'caseActions.isTrueNo'];
            return item(f, (
              <Radio.Group optionType="button" buttonStyle="solid" options={[{ value: true, label: t(yes) }, { value: false, label: t(no) }]} />
            ));
          }
          case 'satisfaction':
            if (reached === false) return null;
            return item(f, <Radio.Group options={SATISFACTIONS.map((s) => ({ value: s, label: label(SATISFACTION_LABELS[s]) }))} />);
          case 'leadUnitId':
            return item(f, <UnitSelect c={c} />, c.suggestedUnit ? t('caseActions.suggestedHint', { name: c.suggestedUnit.name }) : undefined);
          case 'coUnitIds':
            return item(f, <UnitSelect c={c} multiple />);
          case 'originalId':
            return item(f, <CasePicker caseId={c.id} />);
          case 'amount':
            return item(f, <InputNumber min={0.01} max={720} step={1} precision={2} style={{ width: 160 }} />);
          case 'unit':
            return item(f, <Radio.Group options={LIMIT_UNITS.map((u) => ({ value: u, label: t(u === 'days' ? 'caseActions.unitDays' : 'caseActions.unitHours') }))} />);
          case 'urgency':
            return item(f, <Radio.Group options={URGENCIES.map((u) => ({ value: u, label: label(URGENCY_LABELS[u]) }))} />, t('caseActions.urgencyNow', { urgency: label(URGENCY_LABELS[c.urgency]) }));
          case 'result':
            return item(f, textArea(f, 4));
          case 'publicReply':
            return item(f, textArea(f, 2), t('caseActions.publicReplyHint'));
          case 'reason':
          case 'note':
            return item(f, textArea(f));
          case 'photoIds':
            return item(f, <PhotoUploader onBusy={onUploading} />, t('caseActions.uploadHint'));
          case 'override':
            return (
              <div key="override">
                <Form.Item name={['override', 'on']} valuePropName="checked" noStyle>
                  <Checkbox>{t('caseActions.overrideCheck')}</Checkbox>
                </Form.Item>
                {overriding && (
                  <Form.Item name={['override', 'reason']} label={t('caseActions.overrideReason')} required style={{ marginTop: 12 }}>
                    <Input.TextArea rows={2} maxLength={2000} />
                  </Form.Item>
                )}
              </div>
            );
        }
      })}
    </>
  );
}
