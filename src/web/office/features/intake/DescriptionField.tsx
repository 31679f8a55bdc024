/**
 * The description, with the district's shared stock phrases (GET /api/shared-phrases, kept by the admin) and the
 * receiver's own (GET /api/me/preferences: stockPhrases) one click away: a phrase goes in where the cursor is,
 * so a receiver on the phone types only what is particular.
 */
import { useRef } from 'react';
import { Button, Dropdown, Input, Space, Typography } from 'antd';
import type { TextAreaRef } from 'antd/es/input/TextArea';
import { DownOutlined, SettingOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useI18n } from '../../../common/i18n/i18n.tsx';
import { usePreferences, useSharedPhrases } from './api.ts';

/** Phrases shown as buttons; the rest are in a menu. */
const SHOWN = 8;
const MAX_LENGTH = 4000;

interface Props {
  id?: string;
  value?: string;
  onChange?(v: string): void;
}

export function DescriptionField({ id, value = '', onChange }: Props) {
  const { t } = useI18n();
  const prefs = usePreferences();
  const ref = useRef<TextAreaRef>(null);
  const phrases = prefs.data?.stockPhrases ?? [];
  const shared = useSharedPhrases();
  // Usually one district's list; a city-wide account may see several (the same phrase once).
  const sharedPhrases = [...new Set((shared.data ?? []).flatMap((l) => l.phrases))];

  const insert = (phrase: string) => {
    const el = ref.current?.resizableTextArea?.textArea;
    const start = el?.selectionStart ?? value.length;
    const end = el?.selectionEnd ?? value.length;
    const next = (value.slice(0, start) + phrase + value.slice(end)).slice(0, MAX_LENGTH);
    onChange?.(next);
    const caret = start + phrase.length;
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(caret, caret);
    });
  };

  const short = (p: string) => (p.length > 16 ? `${p.slice(0, 16)}…` : p);

  return (
    <Space orientation="vertical" size={6} style={{ width: '100%' }}>
      <Input.TextArea
        id={id}
        ref={ref}
        value={value}
        onChange={(e) => onChange?.(e.target.value)}
        autoSize={{ minRows: 4, maxRows: 10 }}
        maxLength={MAX_LENGTH}
        showCount
        placeholder={t('intake.descriptionPlaceholder')}
      />
      {sharedPhrases.length > 0 && (
        <Space wrap size={[6, 6]} aria-label={t('intake.sharedPhrases')} role="group" style={{ marginTop: 16, paddingInlineEnd: 72 }}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('intake.sharedPhrases')}：</Typography.Text>
          {sharedPhrases.slice(0, SHOWN).map((p, i) => (
            <Button key={i} size="small" onClick={() => insert(p)} title={p}>
              {short(p)}
            </Button>
          ))}
          {sharedPhrases.length > SHOWN && (
            <Dropdown menu={{ items: sharedPhrases.slice(SHOWN).map((p, i) => ({ key: String(i), label: short(p), title: p, onClick: () => insert(p) })) }}>
              <Button size="small">
                {t('intake.morePhrases', { n: sharedPhrases.length - SHOWN })} <DownOutlined aria-hidden />
              </Button>
            </Dropdown>
          )}
        </Space>
      )}
      <Space wrap size={[6, 6]} aria-label={t('intake.insertPhrase')} role="group" style={{ marginTop: sharedPhrases.length > 0 ? 0 : 16, paddingInlineEnd: 72 }}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('intake.stockPhrases')}：</Typography.Text>
        {phrases.slice(0, SHOWN).map((p, i) => (
          <Button key={i} size="small" onClick={() => insert(p)} title={p}>
            {short(p)}
          </Button>
        ))}
        {phrases.length > SHOWN && (
          <Dropdown menu={{ items: phrases.slice(SHOWN).map((p, i) => ({ key: String(i), label: short(p), title: p, onClick: () => insert(p) })) }}>
            <Button size="small">
              {t('intake.morePhrases', { n: phrases.length - SHOWN })} <DownOutlined aria-hidden />
            </Button>
          </Dropdown>
        )}
        {prefs.isSuccess && phrases.length === 0 && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('intake.noPhrases')}</Typography.Text>}
        <Link to="/settings#phrases" style={{ fontSize: 12 }}>
          <SettingOutlined aria-hidden /> {t('intake.managePhrases')}
        </Link>
      </Space>
    </Space>
  );
}
