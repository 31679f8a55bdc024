/**
 * Step 2: the server's dry run — counts, every feature on the map (red: error, amber: warning) beside the
 * list of features and their problems. A row shows its feature on the map; a feature on the map selects its
 * row. The import goes on only without errors (warnings do not block it: the server imports them).
 */
import { lazy, Suspense, useMemo, useState } from 'react';
import { Alert, Button, Card, Col, Flex, Row, Skeleton, Statistic, Typography } from 'antd';
import { ArrowLeftOutlined, ArrowRightOutlined } from '@ant-design/icons';
import { useI18n } from '../../../common/i18n/i18n.tsx';
import type { Checked } from './api.ts';
import { GapAlert } from './GapAlert.tsx';
import { ReportTable } from './ReportTable.tsx';

const ReportMap = lazy(() => import('./ReportMap.tsx'));
const MAP_HEIGHT = 560;

export interface Selection {
  index: number;
  /** chosen in the list: the map goes to it (a click on the map needs no move) */
  fly: boolean;
}

export function ReportStep({ checked, onBack, onNext }: { checked: Checked; onBack(): void; onNext(): void }) {
  const { t } = useI18n();
  const [selected, setSelected] = useState<Selection | null>(null);
  const total = checked.features.length;
  const kind = checked.request.kind;
  const gaps = useMemo(() => checked.gaps.filter((g) => g.areaM2 > 0), [checked.gaps]);

  return (
    <Flex vertical gap={12}>
      <Card size="small">
        <Flex gap={32} wrap align="center" data-testid="geo-counts" data-errors={checked.errors} data-warnings={checked.warnings} data-ok={checked.ok}>
          <Statistic title={t('adminGeo.summaryFeatures')} value={total} />
          <Statistic title={t('adminGeo.summaryOk')} value={checked.ok} styles={{ content: { color: '#389e0d' } }} />
          <Statistic title={t('adminGeo.summaryWarnings')} value={checked.warnings} styles={{ content: { color: checked.warnings ? '#ad6800' : undefined } }} />
          <Statistic title={t('adminGeo.summaryErrors')} value={checked.errors} styles={{ content: { color: checked.errors ? '#cf1322' : undefined } }} />
          <Flex vertical gap={2} className="gc-geo-meta">
            <Typography.Text type="secondary">{checked.request.file.name}</Typography.Text>
            <Typography.Text type="secondary">{t('adminGeo.crsUsed', { crs: checked.crs })}</Typography.Text>
          </Flex>
        </Flex>
        {checked.errors > 0 ? (
          <Alert className="gc-geo-alert" type="error" showIcon title={t('adminGeo.errorsBlock', { n: checked.errors })} data-testid="geo-blocked" />
        ) : checked.warnings > 0 ? (
          <Alert className="gc-geo-alert" type="warning" showIcon title={t('adminGeo.warningsOnly', { n: checked.warnings })} />
        ) : (
          <Alert className="gc-geo-alert" type="success" showIcon title={t('adminGeo.allGood', { n: total })} />
        )}
        <GapAlert gaps={gaps} className="gc-geo-alert" />
      </Card>
      <Row gutter={12}>
        <Col xs={24} xl={12}>
          <Card size="small" styles={{ body: { padding: 0, height: MAP_HEIGHT, overflow: 'hidden' } }}>
            <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height: MAP_HEIGHT }} />}>
              <ReportMap rows={checked.features} kind={kind} selected={selected} onSelect={(index) => setSelected({ index, fly: false })} height={MAP_HEIGHT} />
            </Suspense>
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" styles={{ body: { padding: 8 } }}>
            <ReportTable checked={checked} selected={selected?.index ?? null} onSelect={(index) => setSelected({ index, fly: true })} height={MAP_HEIGHT - 120} />
          </Card>
        </Col>
      </Row>
      <Flex gap={8} justify="space-between">
        <Button icon={<ArrowLeftOutlined />} onClick={onBack}>{t('adminGeo.reupload')}</Button>
        <Button type="primary" icon={<ArrowRightOutlined />} iconPlacement="end" disabled={checked.errors > 0 || total === 0} onClick={onNext} data-testid="geo-next">
          {t('adminGeo.toConfirm')}
        </Button>
      </Flex>
    </Flex>
  );
}
