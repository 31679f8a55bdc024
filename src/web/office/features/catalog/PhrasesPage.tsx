/**
 * 公共常用语: the district's stock phrases for everyone, offered beside each person's own where descriptions and
 * replies are typed. Add, edit, delete and reorder; every change saves the whole list at once (PUT), checked
 * first with the server's schema (1–200 characters, at most 100, none twice), and the server's answer is shown.
 */
import { useState } from 'react';
import { App, Button, Card, Empty, Flex, Input, Popconfirm, Select, Skeleton, Space, Tooltip, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, CheckOutlined, CloseOutlined, DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { SHARED_PHRASE_LIMITS, sharedPhraseListSchema } from '../../../../shared/api/phrases.ts';
import { describeIssue } from '../../../../shared/api/validation.ts';
import { ApiErrorAlert, errorText } from '../../../common/components/ApiErrorAlert.tsx';
import { inShanghai } from '../../../common/format/datetime.ts';
import { useI18n } from '../../../common/i18n/i18n.tsx';
import { useSaveSharedPhrases, useSharedPhrases } from './api.ts';
import { useManagedDistricts } from './useDistricts.ts';

const phraseSchema = sharedPhraseListSchema.element;

export default function PhrasesPage() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const { districts } = useManagedDistricts();
  const lists = useSharedPhrases();
  const save = useSaveSharedPhrases();
  const [district, setDistrict] = useState<string | undefined>();
  const [draft, setDraft] = useState('');
  const [draftError, setDraftError] = useState<string | null>(null);
  const [editing, setEditing] = useState<{ index: number; text: string; error?: string } | null>(null);
  const mine = (lists.data ?? []).filter((l) => districts.some((d) => d.code === l.districtCode));
  const current = mine.find((l) => l.districtCode === district) ?? mine[0];
  const phrases = current?.phrases ?? [];
  const full = phrases.length >= SHARED_PHRASE_LIMITS.phrases;
  const busy = save.isPending;

  const problem = (text: string, except?: number): string | null => {
    const r = phraseSchema.safeParse(text);
    if (!r.success) return describeIssue(r.error.issues[0]!, lang, false);
    if (phrases.some((p, i) => i !== except && p === r.data)) return t('adminCatalog.phDuplicate');
    return null;
  };
  const put = (next: string[], done?: () => void) => {
    if (!current) return;
    save.mutate(
      { districtCode: current.districtCode, phrases: next },
      {
        onSuccess: () => {
          done?.();
          message.success(t('adminCatalog.phSaved'));
        },
        onError: (e) => message.error(errorText(e, t)),
      },
    );
  };
  const add = () => {
    const why = problem(draft);
    setDraftError(why);
    if (!why) put([...phrases, draft.trim()], () => setDraft(''));
  };
  const commitEdit = () => {
    if (!editing) return;
    const why = problem(editing.text, editing.index);
    if (why) return setEditing({ ...editing, error: why });
    put(phrases.map((p, i) => (i === editing.index ? editing.text.trim() : p)), () => setEditing(null));
  };
  const move = (i: number, d: -1 | 1) => {
    const next = [...phrases];
    [next[i], next[i + d]] = [next[i + d]!, next[i]!];
    put(next);
  };

  if (lists.isError) return <ApiErrorAlert error={lists.error} onRetry={() => void lists.refetch()} />;
  return (
    <Card
      style={{ maxWidth: 1000 }}
      title={t('adminCatalog.phTitle')}
      extra={
        <Space>
          {mine.length > 1 && (
            <Select aria-label={t('adminCatalog.district')} value={current?.districtCode} onChange={setDistrict} style={{ width: 200 }} options={mine.map((l) => ({ value: l.districtCode, label: l.districtName }))} />
          )}
          <Typography.Text type="secondary">{t('adminCatalog.phCount', { n: phrases.length, max: SHARED_PHRASE_LIMITS.phrases })}</Typography.Text>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">
        {t('adminCatalog.phIntro', { district: current?.districtName ?? '' })}
        {current?.updatedAt && ` ${t('adminCatalog.phUpdated', { at: inShanghai(current.updatedAt).format('YYYY-MM-DD HH:mm') })}`}
      </Typography.Paragraph>
      {lists.isPending ? (
        <Skeleton active paragraph={{ rows: 5 }} />
      ) : !current ? (
        <Empty description={t('adminCatalog.noDistricts')} />
      ) : (
        <>
          <Flex vertical gap={4} style={{ marginBottom: 12 }}>
            <Space.Compact style={{ width: '100%' }}>
              <Input
                value={draft}
                maxLength={SHARED_PHRASE_LIMITS.phrase}
                showCount
                status={draftError ? 'error' : undefined}
                onChange={(e) => {
                  setDraft(e.target.value);
                  setDraftError(null);
                }}
                onPressEnter={add}
                placeholder={full ? t('adminCatalog.phFull', { max: SHARED_PHRASE_LIMITS.phrases }) : t('adminCatalog.phPlaceholder')}
                aria-label={t('adminCatalog.phNew')}
                aria-invalid={!!draftError}
                aria-describedby={draftError ? 'gc-phrase-error' : undefined}
                disabled={full}
              />
              <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={add} disabled={!draft.trim() || full} loading={busy && !editing}>{t('adminCatalog.phAdd')}</Button>
            </Space.Compact>
            {draftError && <Typography.Text id="gc-phrase-error" type="danger" role="alert">{draftError}</Typography.Text>}
          </Flex>
          {phrases.length === 0 ? (
            <Empty description={t('adminCatalog.phEmpty')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
          ) : (
            <ol aria-label={t('adminCatalog.phTitle')} style={{ listStyle: 'none', margin: 0, padding: 0, border: '1px solid #f0f0f0', borderRadius: 6 }} data-ready="true">
              {phrases.map((p, i) => (
                <li key={`${i}:${p}`} style={{ display: 'flex', alignItems: 'center', gap: 8, padding: '6px 8px 6px 12px', borderTop: i ? '1px solid #f0f0f0' : undefined }}>
                  <Typography.Text type="secondary" style={{ width: 28, flex: 'none', fontVariantNumeric: 'tabular-nums' }}>{i + 1}.</Typography.Text>
                  {editing?.index === i ? (
                    <Flex vertical style={{ flex: 1 }}>
                      <Space.Compact style={{ width: '100%' }}>
                        <Input
                          autoFocus
                          value={editing.text}
                          maxLength={SHARED_PHRASE_LIMITS.phrase}
                          status={editing.error ? 'error' : undefined}
                          onChange={(e) => setEditing({ index: i, text: e.target.value })}
                          onPressEnter={commitEdit}
                          onKeyDown={(e) => e.key === 'Escape' && setEditing(null)}
                          aria-label={t('adminCatalog.phEditing', { n: i + 1 })}
                        />
                        <Button type="primary" icon={<CheckOutlined aria-hidden />} onClick={commitEdit} loading={busy} aria-label={t('common.save')} />
                        <Button icon={<CloseOutlined aria-hidden />} onClick={() => setEditing(null)} aria-label={t('common.cancel')} />
                      </Space.Compact>
                      {editing.error && <Typography.Text type="danger" role="alert">{editing.error}</Typography.Text>}
                    </Flex>
                  ) : (
                    <>
                      <Typography.Text style={{ flex: 1, minWidth: 0 }}>{p}</Typography.Text>
                      <Space size={0} style={{ flex: 'none' }}>
                        <Tooltip title={t('adminCatalog.phUp')}>
                          <Button type="text" size="small" icon={<ArrowUpOutlined aria-hidden />} disabled={i === 0 || busy} onClick={() => move(i, -1)} aria-label={t('adminCatalog.phUpN', { n: i + 1 })} />
                        </Tooltip>
                        <Tooltip title={t('adminCatalog.phDown')}>
                          <Button type="text" size="small" icon={<ArrowDownOutlined aria-hidden />} disabled={i === phrases.length - 1 || busy} onClick={() => move(i, 1)} aria-label={t('adminCatalog.phDownN', { n: i + 1 })} />
                        </Tooltip>
                        <Tooltip title={t('adminCatalog.edit')}>
                          <Button type="text" size="small" icon={<EditOutlined aria-hidden />} disabled={busy} onClick={() => setEditing({ index: i, text: p })} aria-label={t('adminCatalog.phEditN', { n: i + 1 })} />
                        </Tooltip>
                        <Popconfirm title={t('adminCatalog.phDeleteConfirm')} description={t('adminCatalog.phDeleteConfirmBody')} okText={t('adminCatalog.phDelete')} cancelText={t('common.cancel')} okButtonProps={{ danger: true }} onConfirm={() => put(phrases.filter((_, j) => j !== i))}>
                          <Button type="text" size="small" danger icon={<DeleteOutlined aria-hidden />} disabled={busy} aria-label={t('adminCatalog.phDeleteN', { n: i + 1 })} />
                        </Popconfirm>
                      </Space>
                    </>
                  )}
                </li>
              ))}
            </ol>
          )}
        </>
      )}
    </Card>
  );
}
