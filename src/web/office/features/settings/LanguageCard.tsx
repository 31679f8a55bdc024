/**
 * The interface language, kept with the person on the server (PATCH /api/me/preferences {language}): it
 * follows them to another computer, and the server answers their errors in it. The header's switch does
 * the same (common/i18n/useServerLanguage.ts); this one also says whether the save went through.
 */
import { Alert, Card, Segmented, Space, Typography } from 'antd';
import { CheckCircleOutlined, GlobalOutlined } from '@ant-design/icons';
import type { Lang } from '../../../common/i18n/catalogue.ts';
import { errorText } from '../../../common/components/ApiErrorAlert.tsx';
import { useI18n } from '../../../common/i18n/i18n.tsx';
import { usePatchPreferences } from './api.ts';

export function LanguageCard() {
  const { t, lang, setLang } = useI18n();
  const patch = usePatchPreferences();
  const choose = (l: Lang) => {
    setLang(l);
    patch.mutate({ language: l });
  };
  return (
    <Card title={<span><GlobalOutlined aria-hidden /> {t('settings.language')}</span>}>
      <Space orientation="vertical" size={8} style={{ width: '100%' }}>
        <Segmented<Lang>
          value={lang}
          onChange={choose}
          options={[{ label: t('common.langZh'), value: 'zh-CN' }, { label: t('common.langEn'), value: 'en' }]}
          aria-label={t('settings.language')}
        />
        <Typography.Text type="secondary">{t('settings.languageHint')}</Typography.Text>
        {patch.isSuccess && (
          <Typography.Text type="success" role="status">
            <CheckCircleOutlined aria-hidden /> {t('settings.languageSaved')}
          </Typography.Text>
        )}
        {patch.isError && <Alert type="error" showIcon title={t('settings.languageNotSaved', { message: errorText(patch.error, t) })} />}
      </Space>
    </Card>
  );
}
