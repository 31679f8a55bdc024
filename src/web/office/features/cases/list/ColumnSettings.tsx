/** 列设置: which columns the case list shows, kept on the server (preferences.columns.cases). */
import { Button, Checkbox, Divider, Flex, Popover, Tooltip, Typography } from 'antd';
import { SettingOutlined } from '@ant-design/icons';
import { useI18n } from '../../../../common/i18n/i18n.tsx';
import { COLUMN_KEYS, COLUMN_TITLES, DEFAULT_COLUMNS, type ColumnKey } from './columns.tsx';

interface Props {
  shown: readonly ColumnKey[];
  onChange(keys: ColumnKey[]): void;
  saving: boolean;
}

export function ColumnSettings({ shown, onChange, saving }: Props) {
  const { t } = useI18n();
  // Keep the table's order: the definition order, whatever order boxes were ticked in.
  const set = (keys: ColumnKey[]) => onChange(COLUMN_KEYS.filter((k) => keys.includes(k)));
  const content = (
    <div style={{ width: 300 }}>
      <Flex justify="space-between" align="center">
        <Checkbox
          checked={shown.length === COLUMN_KEYS.length}
          indeterminate={shown.length > 0 && shown.length < COLUMN_KEYS.length}
          onChange={(e) => set(e.target.checked ? [...COLUMN_KEYS] : [])}
        >
          {t('caseList.columnsAll')}
        </Checkbox>
        <Button type="link" size="small" onClick={() => set([...DEFAULT_COLUMNS])}>{t('caseList.columnsReset')}</Button>
      </Flex>
      <Divider style={{ margin: '8px 0' }} />
      <Checkbox.Group value={[...shown]} onChange={(v) => set(v as ColumnKey[])} style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', rowGap: 6 }}>
        {COLUMN_KEYS.map((k) => (
          <Checkbox key={k} value={k}>{t(COLUMN_TITLES[k])}</Checkbox>
        ))}
      </Checkbox.Group>
      <Divider style={{ margin: '8px 0' }} />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>{saving ? t('caseList.columnsSaving') : t('caseList.columnsNote')}</Typography.Text>
    </div>
  );
  return (
    <Popover trigger="click" placement="bottomRight" title={t('caseList.columns')} content={content}>
      <Tooltip title={t('caseList.columns')}>
        <Button icon={<SettingOutlined />} aria-label={t('caseList.columns')} data-testid="column-settings" />
      </Tooltip>
    </Popover>
  );
}
