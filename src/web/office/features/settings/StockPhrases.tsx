/**
 * The person's stock phrases (常用语), inserted with one click on the intake form: add, edit, delete and
 * put in order. Every change is saved at once (PATCH stockPhrases, the whole list); while one is saving the
 * list waits, so two saves never cross and the server's answer is what is shown. A phrase is checked by
 * the server's own schema (at most 200 characters, not empty) and must not repeat another.
 */
import { useEffect, useRef, useState } from 'react';
import { App, Button, Card, Empty, Input, Popconfirm, Skeleton, Space, Tooltip, Typography, type InputRef } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, CheckOutlined, CloseOutlined, DeleteOutlined, EditOutlined, MessageOutlined, PlusOutlined } from '@ant-design/icons';
import { useLocation } from 'react-router';
import { PREFERENCE_LIMITS, preferencesSchema } from '../../../../shared/api/preferences.ts';
import { describeIssue } from '../../../../shared/api/validation.ts';
import { ApiErrorAlert, errorText } from '../../../common/components/ApiErrorAlert.tsx';
import { useI18n } from '../../../common/i18n/i18n.tsx';
import { usePatchPreferences, usePreferences } from './api.ts';

const phraseSchema = preferencesSchema.shape.stockPhrases.element;

export function StockPhrases() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const prefs = usePreferences();
  const patch = usePatchPreferences();
  const location = useLocation();
  const addRef = useRef<InputRef>(null);
  const [draft, setDraft] = useState('');
  const [editing, setEditing] = useState<{ index: number; text: string } | null>(null);
  const phrases = prefs.data?.stockPhrases ?? [];
  const full = phrases.length >= PREFERENCE_LIMITS.stockPhrases;
  const busy = patch.isPending;

  // Reached from the intake form's “管理常用语”: straight to adding one.
  useEffect(() => {
    if (location.hash === '#phrases' && prefs.isSuccess) {
      document.getElementById('phrases')?.scrollIntoView({ block: 'start' });
      addRef.current?.focus();
    }
  }, [location.hash, prefs.isSuccess]);

  /** Why a phrase cannot be saved (as the server would say it), or null. */
  const problem = (text: string, except?: number): string | null => {
    const r = phraseSchema.safeParse(text);
    if (!r.success) return describeIssue(r.error.issues[0]!, lang);
    if (phrases.some((p, i) => i !== except && p === r.data)) return t('settings.phraseDuplicate');
    return null;
  };

  const save = (next: string[], done?: () => void) =>
    patch.mutate(
      { stockPhrases: next },
      {
        onSuccess: () => {
          done?.();
          message.success(t('settings.phrasesSaved'));
        },
        onError: (e) => message.error(errorText(e, t)),
      },
    );

  const add = () => {
    const why = problem(draft);
    if (why) return void message.warning(why);
    save([...phrases, draft.trim()], () => setDraft(''));
  };
  const move = (i: number, d: -1 | 1) => {
    const next = [...phrases];
    [next[i], next[i + d]] = [next[i + d]!, next[i]!];
    save(next);
  };
  const commitEdit = () => {
    if (!editing) return;
    const why = problem(editing.text, editing.index);
    if (why) return void message.warning(why);
    save(phrases.map((p, i) => (i === editing.index ? editing.text.trim() : p)), () => setEditing(null));
  };

  return (
    <Card
      id="phrases"
      title={<span><MessageOutlined aria-hidden /> {t('settings.phrases')}</span>}
      extra={<Typography.Text type="secondary">{t('settings.phraseCount', { n: phrases.length, max: PREFERENCE_LIMITS.stockPhrases })}</Typography.Text>}
    >
      <Typography.Paragraph type="secondary">{t('settings.phrasesHint')}</Typography.Paragraph>
      {prefs.isError ? (
        <ApiErrorAlert error={prefs.error} onRetry={() => void prefs.refetch()} />
      ) : prefs.isPending ? (
        <Skeleton active paragraph={{ rows: 4 }} />
      ) : (
        <>
          <Space.Compact style={{ width: '100%', marginBottom: 12 }}>
            <Input
              ref={addRef}
              value={draft}
              maxLength={PREFERENCE_LIMITS.stockPhrase}
              showCount
              onChange={(e) => setDraft(e.target.value)}
              onPressEnter={add}
              placeholder={full ? t('settings.phrasesFull', { max: PREFERENCE_LIMITS.stockPhrases }) : t('settings.phrasePlaceholder')}
              aria-label={t('settings.phraseNew')}
              disabled={full}
            />
            <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={add} disabled={!draft.trim() || full} loading={busy && !editing}>
              {t('settings.phraseAdd')}
            </Button>
          </Space.Compact>
          {phrases.length === 0 ? (
            <Empty description={t('settings.phrasesEmpty')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
          ) : (
            <ol className="gc-phrases" aria-label={t('settings.phrases')} style={{ listStyle: 'none', margin: 0, padding: 0, border: '1px solid #f0f0f0', borderRadius: 6 }}>
              {phrases.map((p, i) => (
                <li key={`${i}:${p}`} style={{ display: 'flex', alignItems: 'center', gap: 8, padding: '6px 8px 6px 12px', borderTop: i ? '1px solid #f0f0f0' : undefined }}>
                  <Typography.Text type="secondary" style={{ width: 24, flex: 'none', fontVariantNumeric: 'tabular-nums' }}>{i + 1}.</Typography.Text>
                  {editing?.index === i ? (
                    <Space.Compact style={{ flex: 1 }}>
                      <Input
                        autoFocus
                        value={editing.text}
                        maxLength={PREFERENCE_LIMITS.stockPhrase}
                        onChange={(e) => setEditing({ index: i, text: e.target.value })}
                        onPressEnter={commitEdit}
                        onKeyDown={(e) => e.key === 'Escape' && setEditing(null)}
                        aria-label={t('settings.phraseEditing', { n: i + 1 })}
                      />
                      <Button type="primary" icon={<CheckOutlined aria-hidden />} onClick={commitEdit} loading={busy} aria-label={t('common.save')} />
                      <Button icon={<CloseOutlined aria-hidden />} onClick={() => setEditing(null)} aria-label={t('common.cancel')} />
                    </Space.Compact>
                  ) : (
                    <>
                      <Typography.Text style={{ flex: 1, minWidth: 0 }}>{p}</Typography.Text>
                      <Space size={0} style={{ flex: 'none' }}>
                        <Tooltip title={t('settings.phraseUp')}>
                          <Button type="text" size="small" icon={<ArrowUpOutlined aria-hidden />} disabled={i === 0 || busy} onClick={() => move(i, -1)} aria-label={t('settings.phraseUpN', { n: i + 1 })} />
                        </Tooltip>
                        <Tooltip title={t('settings.phraseDown')}>
                          <Button type="text" size="small" icon={<ArrowDownOutlined aria-hidden />} disabled={i === phrases.length - 1 || busy} onClick={() => move(i, 1)} aria-label={t('settings.phraseDownN', { n: i + 1 })} />
                        </Tooltip>
                        <Tooltip title={t('settings.phraseEdit')}>
                          <Button type="text" size="small" icon={<EditOutlined aria-hidden />} disabled={busy} onClick={() => setEditing({ index: i, text: p })} aria-label={t('settings.phraseEditN', { n: i + 1 })} />
                        </Tooltip>
                        <Popconfirm title={t('settings.phraseDeleteConfirm')} okText={t('settings.phraseDelete')} cancelText={t('common.cancel')} okButtonProps={{ danger: true }} onConfirm={() => save(phrases.filter((_, j) => j !== i))}>
                          <Button type="text" size="small" danger icon={<DeleteOutlined aria-hidden />} disabled={busy} aria-label={t('settings.phraseDeleteN', { n: i + 1 })} />
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
