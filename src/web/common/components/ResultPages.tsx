import { Button, Result } from 'antd';
import { useNavigate } from 'react-router';
import { useI18n } from '../i18n/i18n.tsx';

export function NotFound() {
  const { t } = useI18n();
  const navigate = useNavigate();
  return <Result status="404" title={t('common.notFoundTitle')} subTitle={t('common.notFoundBody')} extra={<Button type="primary" onClick={() => navigate('/')}>{t('common.back')}</Button>} />;
}

export function Forbidden() {
  const { t } = useI18n();
  const navigate = useNavigate();
  return <Result status="403" title={t('common.forbiddenTitle')} subTitle={t('common.forbiddenBody')} extra={<Button type="primary" onClick={() => navigate('/')}>{t('common.back')}</Button>} />;
}
