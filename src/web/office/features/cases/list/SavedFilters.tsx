/**
 * 我的筛选: the current filters saved under a name (preferences.savedFilters with list 'cases'), picked
 * from a list or deleted. Filters of other lists (queue, map) are kept untouched on every save.
 */
import { useState } from 'react';
import { App, Button, Empty, Flex, Form, Input, List, Modal, Popconfirm, Popover, Space, Tooltip, Typography } from 'antd';
import { DeleteOutlined, FilterOutlined, SaveOutlined } from '@ant-design/icons';
import { PREFERENCE_LIMITS, type SavedFilter } from '../../../../../shared/api/preferences.ts';
import { errorText } from '../../../../common/components/ApiErrorAlert.tsx';
import { useI18n } from '../../../../common/i18n/i18n.tsx';
import { usePreferences, useSavePreferences } from './api.ts';
import { countFilters, filterParams, filtersFromSaved, type CaseFilters } from './filters.ts';

interface Props {
  current: CaseFilters;
  onPick(f: CaseFilters): void;
}

export function SavedFilters({ current, onPick }: Props) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const prefs = usePreferences();
  const save = useSavePreferences();
  const [open, setOpen] = useState(false);
  const [naming, setNaming] = useState(false);
  const [form] = Form.useForm<{ name: string }>();
  const all = prefs.data?.savedFilters ?? [];
  const mine = all.filter((f) => f.list === 'cases');

  const write = (savedFilters: SavedFilter[], done: string) =>
    save.mutateAsync({ savedFilters }).then(
      () => void message.success(done),
      (err: unknown) => void message.error(errorText(err, t)),
    );

  const add = async () => {
    const { name } = await form.validateFields();
    const trimmed = name.trim();
    const query = filterParams(current);
    const existing = mine.find((f) => f.name === trimmed);
    const next = existing
      ? all.map((f) => (f === existing ? { ...f, query } : f))
      : [...all, { id: `f${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`, name: trimmed, list: 'cases' as const, query }];
    await write(next, t('caseList.filterSaved', { name: trimmed }));
    setNaming(false);
  };
  const remove = (f: SavedFilter) => void write(all.filter((x) => x.id !== f.id), t('caseList.filterDeleted', { name: f.name }));

  const list = (
    <div style={{ width: 320 }}>
      {mine.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('caseList.noSavedFilters')} />
      ) : (
        <List
          size="small"
          dataSource={mine}
          renderItem={(f) => (
            <List.Item
              actions={[
                <Popconfirm key="del" title={t('caseList.deleteFilterConfirm', { name: f.name })} onConfirm={() => remove(f)} okText={t('common.confirm')} cancelText={t('common.cancel')}>
                  <Button type="text" size="small" danger icon={<DeleteOutlined />} aria-label={t('caseList.deleteFilter', { name: f.name })} />
                </Popconfirm>,
              ]}
            >
              <Button
                type="link"
                size="small"
                style={{ padding: 0, maxWidth: 220 }}
                onClick={() => {
                  onPick(filtersFromSaved(f.query));
                  setOpen(false);
                }}
              >
                <Typography.Text ellipsis style={{ color: 'inherit' }}>{f.name}</Typography.Text>
              </Button>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('caseList.filterCount', { n: countFilters(filtersFromSaved(f.query)) })}</Typography.Text>
            </List.Item>
          )}
        />
      )}
    </div>
  );

  const empty = countFilters(current) === 0;
  const full = all.length >= PREFERENCE_LIMITS.savedFilters;
  return (
    <Space>
      <Popover trigger="click" open={open} onOpenChange={setOpen} placement="bottomLeft" title={t('caseList.savedFilters')} content={list}>
        <Button icon={<FilterOutlined />} loading={prefs.isPending} data-testid="saved-filters">
          {t('caseList.savedFiltersCount', { n: mine.length })}
        </Button>
      </Popover>
      <Tooltip title={empty ? t('caseList.saveFilterEmpty') : full ? t('caseList.saveFilterFull', { n: PREFERENCE_LIMITS.savedFilters }) : undefined}>
        <Button
          icon={<SaveOutlined />}
          disabled={empty || full}
          onClick={() => {
            form.resetFields();
            setNaming(true);
          }}
          data-testid="save-filter"
        >
          {t('caseList.saveFilter')}
        </Button>
      </Tooltip>
      <Modal
        open={naming}
        title={t('caseList.saveFilter')}
        onCancel={() => setNaming(false)}
        onOk={() => void add()}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        confirmLoading={save.isPending}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={() => void add()}>
          <Form.Item
            name="name"
            label={t('caseList.filterName')}
            rules={[{ required: true, whitespace: true, message: t('caseList.filterNameRequired') }]}
            extra={<Flex vertical>{mine.length > 0 && t('caseList.filterNameReplace')}</Flex>}
          >
            <Input maxLength={PREFERENCE_LIMITS.filterName} showCount autoFocus placeholder={t('caseList.filterNamePlaceholder')} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
