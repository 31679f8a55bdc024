/** The case's heading: its numbers, status, urgency and category, the actions the user may take, and print. */
import { Button, Card, Flex, Space, Tooltip, Typography } from 'antd';
import { ArrowLeftOutlined, PrinterOutlined, ReloadOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { CaseStatusTag, UrgencyTag } from '../../../../common/components/CaseStatusTag.tsx';
import { useI18n } from '../../../../common/i18n/i18n.tsx';
import type { CaseDetail } from './api.ts';
import { ActionBar } from './actions/ActionBar.tsx';
import { CategoryText } from './CaseFacts.tsx';

export function CaseHeader({ c, refreshing, onRefresh }: { c: CaseDetail; refreshing: boolean; onRefresh(): void }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  return (
    <Card size="small" className="gc-case-header">
      <Flex justify="space-between" align="center" gap={16} wrap>
        <Space size={12} align="center" wrap>
          <Tooltip title={t('caseDetail.back')}>
            <Button type="text" icon={<ArrowLeftOutlined aria-hidden />} aria-label={t('caseDetail.back')} onClick={() => (window.history.length > 1 ? navigate(-1) : navigate('/cases'))} />
          </Tooltip>
          <Typography.Title level={2} style={{ margin: 0, fontSize: 20 }} data-testid="case-title">
            {t('caseDetail.trackingNo')} {c.trackingNo}
          </Typography.Title>
          {c.caseNo && <Typography.Text type="secondary">{t('caseDetail.caseNo')} {c.caseNo}</Typography.Text>}
          <CaseStatusTag status={c.status} />
          {c.urgency === 'urgent' && <UrgencyTag urgency={c.urgency} />}
          <Typography.Text>
            <CategoryText c={c} />
          </Typography.Text>
        </Space>
        <Space size={8} wrap style={{ marginInlineStart: 'auto' }}>
          <ActionBar c={c} />
          <Tooltip title={t('caseDetail.refresh')}>
            <Button icon={<ReloadOutlined aria-hidden />} aria-label={t('caseDetail.refresh')} loading={refreshing} onClick={onRefresh} />
          </Tooltip>
          <Button icon={<PrinterOutlined aria-hidden />} onClick={() => navigate(`/cases/${c.id}/print`)}>{t('caseDetail.print')}</Button>
        </Space>
      </Flex>
    </Card>
  );
}
