/** Who the person is to the system: name, account, unit, roles and the areas their data is limited to. */
import { Button, Card, Descriptions, Space, Tag, Typography } from 'antd';
import { KeyOutlined, UserOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { ROLE_LABELS } from '../../../../shared/roles.ts';
import { useI18n } from '../../../common/i18n/i18n.tsx';
import { can, useMe } from '../../../common/session/session.tsx';
import { useScopeName, useUnit } from './api.ts';

function Scope({ code, named }: { code: string; named: boolean }) {
  const { t } = useI18n();
  const place = useScopeName(code, named);
  const name = place.data?.name;
  return (
    <Tag style={{ marginInlineEnd: 0 }} title={code}>
      {name ? `${name}（${code}）` : place.isPending && named ? t('common.loading') : code}
    </Tag>
  );
}

export function AccountCard() {
  const { t, label } = useI18n();
  const me = useMe();
  const navigate = useNavigate();
  const unit = useUnit(me.unitId, can(me, 'units.read'));
  const named = can(me, 'divisions.read');
  return (
    <Card
      title={<span><UserOutlined aria-hidden /> {t('settings.account')}</span>}
      extra={<Button icon={<KeyOutlined aria-hidden />} onClick={() => navigate('/change-password')}>{t('settings.changePassword')}</Button>}
    >
      <Descriptions
        column={1}
        size="small"
        styles={{ label: { width: 96 } }}
        items={[
          { key: 'name', label: t('settings.displayName'), children: me.displayName },
          { key: 'user', label: t('settings.username'), children: <Typography.Text code>{me.username}</Typography.Text> },
          {
            key: 'unit',
            label: t('settings.unit'),
            children: me.unitId === null ? t('settings.noUnit') : (unit.data?.name ?? `#${me.unitId}`),
          },
          {
            key: 'roles',
            label: t('settings.roles'),
            children: (
              <Space wrap size={[6, 6]}>
                {me.roles.map((r) => <Tag key={r} color="blue" style={{ marginInlineEnd: 0 }}>{label(ROLE_LABELS[r])}</Tag>)}
              </Space>
            ),
          },
          {
            key: 'scopes',
            label: t('settings.scopes'),
            children: me.scopes.length ? (
              <Space wrap size={[6, 6]}>{me.scopes.map((s) => <Scope key={s} code={s} named={named} />)}</Space>
            ) : (
              t('settings.scopeAll')
            ),
          },
        ]}
      />
      <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0', fontSize: 12 }}>{t('settings.accountHint')}</Typography.Paragraph>
    </Card>
  );
}
