/** 个人设置: who I am and what I may see, the language (kept on the server), stock phrases, the password. */
import { useEffect, useState } from 'react';
import { App, Button, Card, Col, Descriptions, Empty, Input, List, Row, Segmented, Space, Tag, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { PREFERENCE_LIMITS, type Preferences } from '../../../../shared/api/preferences.ts';
import { ROLE_LABELS } from '../../../../shared/roles.ts';
import { api } from '../../../common/api/client.ts';
import { ApiErrorAlert, errorText } from '../../../common/components/ApiErrorAlert.tsx';
import type { Lang } from '../../../common/i18n/catalogue.ts';
import { useI18n } from '../../../common/i18n/i18n.tsx';
import { useServerLanguage } from '../../../common/i18n/useServerLanguage.ts';
import { useMe } from '../../../common/session/session.tsx';

function StockPhrases() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['preferences'], queryFn: () => api<Preferences>('/api/me/preferences') });
  const [phrases, setPhrases] = useState<string[]>([]);
  const [draft, setDraft] = useState('');
  useEffect(() => {
    if (q.data) setPhrases(q.data.stockPhrases);
  }, [q.data]);
  const save = useMutation({
    mutationFn: (next: string[]) => api<Preferences>('/api/me/preferences', { method: 'PATCH', body: { stockPhrases: next } }),
    onSuccess: (p) => {
      qc.setQueryData(['preferences'], p);
      void message.success(t('common.saved'));
    },
    onError: (e) => {
      void message.error(errorText(e, t));
      if (q.data) setPhrases(q.data.stockPhrases);
    },
  });
  const change = (next: string[]) => {
    setPhrases(next);
    save.mutate(next);
  };
  const add = () => {
    const v = draft.trim();
    if (!v) return;
    if (phrases.includes(v)) return void message.warning(t('settings.phraseDuplicate'));
    change([...phrases, v]);
    setDraft('');
  };
  const move = (i: number, d: -1 | 1) => {
    const next = [...phrases];
    [next[i], next[i + d]] = [next[i + d]!, next[i]!];
    change(next);
  };
  if (q.isError) return <ApiErrorAlert error={q.error} onRetry={() => void q.refetch()} />;
  return (
    <Card title={t('settings.phrases')} loading={q.isPending}>
      <Typography.Paragraph type="secondary">{t('settings.phrasesHint')}</Typography.Paragraph>
      <Space.Compact style={{ width: '100%', marginBottom: 12 }}>
        <Input
          value={draft}
          maxLength={PREFERENCE_LIMITS.stockPhrase}
          onChange={(e) => setDraft(e.target.value)}
          onPressEnter={add}
          placeholder={t('settings.phrasePlaceholder')}
          aria-label={t('settings.phraseAdd')}
          disabled={phrases.length >= PREFERENCE_LIMITS.stockPhrases}
        />
        <Button type="primary" icon={<PlusOutlined />} onClick={add} disabled={!draft.trim()}>{t('settings.phraseAdd')}</Button>
      </Space.Compact>
      {phrases.length ? (
        <List
          size="small"
          bordered
          dataSource={phrases}
          renderItem={(p, i) => (
            <List.Item
              actions={[
                <Button key="up" type="text" size="small" icon={<ArrowUpOutlined />} disabled={i === 0} onClick={() => move(i, -1)} aria-label={t('settings.phraseUp')} />,
                <Button key="down" type="text" size="small" icon={<ArrowDownOutlined />} disabled={i === phrases.length - 1} onClick={() => move(i, 1)} aria-label={t('settings.phraseDown')} />,
                <Button key="del" type="text" size="small" danger icon={<DeleteOutlined />} onClick={() => change(phrases.filter((_, j) => j !== i))} aria-label={t('settings.phraseDelete')} />,
              ]}
            >
              {p}
            </List.Item>
          )}
        />
      ) : (
        <Empty description={t('settings.phrasesEmpty')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
      )}
    </Card>
  );
}

export default function SettingsPage() {
  const { t, label, lang } = useI18n();
  const me = useMe();
  const navigate = useNavigate();
  const switchLang = useServerLanguage();
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={10}>
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          <Card title={t('settings.account')}>
            <Descriptions column={1} size="small" items={[
              { key: 'name', label: t('settings.displayName'), children: me.displayName },
              { key: 'user', label: t('settings.username'), children: me.username },
              { key: 'roles', label: t('settings.roles'), children: <Space wrap>{me.roles.map((r) => <Tag key={r}>{label(ROLE_LABELS[r])}</Tag>)}</Space> },
              { key: 'scopes', label: t('settings.scopes'), children: me.scopes.length ? <Space wrap>{me.scopes.map((s) => <Tag key={s}>{s}</Tag>)}</Space> : t('settings.scopeAll') },
            ]} />
          </Card>
          <Card title={t('settings.language')}>
            <Segmented<Lang> value={lang} onChange={switchLang} options={[{ label: t('common.langZh'), value: 'zh-CN' }, { label: t('common.langEn'), value: 'en' }]} aria-label={t('settings.language')} />
            <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>{t('settings.languageHint')}</Typography.Paragraph>
          </Card>
          <Card title={t('settings.security')}>
            <Button onClick={() => navigate('/change-password')}>{t('settings.changePassword')}</Button>
          </Card>
        </Space>
      </Col>
      <Col xs={24} xl={14}>
        <StockPhrases />
      </Col>
    </Row>
  );
}
