/**
 * The period's figures as large numbers, each a link to the case list that holds exactly those cases
 * (the server counts them with the list's own filters). "Now" figures say so: they do not depend on the period.
 */
import { Card, Col, Row, Typography } from 'antd';
import { AlertOutlined, CheckCircleOutlined, ClockCircleOutlined, FileDoneOutlined, InboxOutlined, ThunderboltOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { OVERVIEW_FIGURES, type OverviewFigure } from '../../../../shared/api/overview.ts';
import type { MessageKey } from '../../../common/i18n/catalogue.ts';
import { useI18n } from '../../../common/i18n/i18n.tsx';
import { casesHref, type Overview } from './api.ts';
import { TONES } from './charts.ts';

export const FIGURE_TEXT: Record<OverviewFigure, { title: MessageKey; note: MessageKey; icon: ReactNode; tone: string }> = {
  reported: { title: 'overview.figReported', note: 'overview.noteReported', icon: <InboxOutlined />, tone: TONES.reported },
  filed: { title: 'overview.figFiled', note: 'overview.noteFiled', icon: <FileDoneOutlined />, tone: TONES.filed },
  closed: { title: 'overview.figClosed', note: 'overview.noteClosed', icon: <CheckCircleOutlined />, tone: TONES.closed },
  overdue: { title: 'overview.figOverdue', note: 'overview.noteOverdue', icon: <ClockCircleOutlined />, tone: TONES.overdue },
  urgentReported: { title: 'overview.figUrgentReported', note: 'overview.noteUrgentReported', icon: <ThunderboltOutlined />, tone: TONES.urgent },
  urgentOpen: { title: 'overview.figUrgentOpen', note: 'overview.noteUrgentOpen', icon: <AlertOutlined />, tone: TONES.urgent },
};

export function FigureCards({ data }: { data: Overview }) {
  const { t } = useI18n();
  const district = data.district!.code;
  return (
    <Row gutter={[16, 16]} data-testid="overview-figures">
      {OVERVIEW_FIGURES.map((f) => {
        const x = FIGURE_TEXT[f];
        const n = data.totals[f];
        const title = t(x.title);
        return (
          <Col key={f} xs={12} md={8} xl={4}>
            <Link
              to={casesHref(f, { districtCode: district, from: data.from, to: data.to })}
              aria-label={t('overview.figureLink', { figure: title, n })}
              data-testid={`figure-${f}`}
              data-value={n}
              className="gc-overview-figure"
            >
              <Card size="small" hoverable styles={{ body: { padding: '16px 18px' } }}>
                <Typography.Text strong style={{ display: 'flex', alignItems: 'center', gap: 8, fontSize: 14, color: '#333' }}>
                  <span aria-hidden style={{ color: x.tone, fontSize: 18 }}>{x.icon}</span>
                  {title}
                </Typography.Text>
                <div style={{ fontSize: 36, lineHeight: '48px', fontWeight: 600, color: n || f === 'reported' ? x.tone : '#4d4d4d', fontVariantNumeric: 'tabular-nums' }}>
                  {n.toLocaleString()}
                  <span style={{ fontSize: 14, fontWeight: 400, marginLeft: 4, color: '#4d4d4d' }}>{t('overview.unitCases')}</span>
                </div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t(x.note)}</Typography.Text>
              </Card>
            </Link>
          </Col>
        );
      })}
    </Row>
  );
}
