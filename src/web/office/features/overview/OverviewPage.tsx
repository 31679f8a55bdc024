/**
 * 领导总览: a district's day or month for its leaders — the figures (each a link to its cases), the
 * month's daily trend, the sources, each street (chart and table, every number a link) and the
 * emergencies in progress. Period, day and district are in the URL, so a view can be shared and reloaded.
 *
 * The page is a stack of sections (SECTIONS below). The evaluation (综合评价: rates such as 结案率 and
 * 按期结案率, and scores, DOMAIN §6) arrives as further sections of this page, fed by its own query — not a
 * second overview.
 */
import { useMemo, type ReactNode } from 'react';
import { Alert, Button, Card, Col, DatePicker, Empty, Flex, Row, Segmented, Select, Skeleton, Space, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useNavigate, useSearchParams } from 'react-router';
import { figureFilters, OVERVIEW_PERIODS, type OverviewFigure, type OverviewPeriod } from '../../../../shared/api/overview.ts';
import { SOURCE_LABELS } from '../../../../shared/api/vocabulary.ts';
import { ApiErrorAlert } from '../../../common/components/ApiErrorAlert.tsx';
import { ContrastTheme } from '../../../common/components/ContrastTheme.tsx';
import { Outcome } from '../../../common/components/Outcome.tsx';
import { inShanghai } from '../../../common/format/datetime.ts';
import { useI18n } from '../../../common/i18n/i18n.tsx';
import { casesHref, useOverview, type Overview, type OverviewParams } from './api.ts';
import { sourcesOption, streetsOption, trendOption } from './charts.ts';
import { EChart } from './EChart.tsx';
import { EmergencyList } from './EmergencyList.tsx';
import { FigureCards } from './FigureCards.tsx';
import { StreetTable } from './StreetTable.tsx';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function useParams(): [OverviewParams, (next: Partial<OverviewParams>) => void] {
  const [params, setParams] = useSearchParams();
  const view: OverviewParams = {
    period: (OVERVIEW_PERIODS as readonly string[]).includes(params.get('period') ?? '') ? (params.get('period') as OverviewPeriod) : 'day',
    date: DAY.test(params.get('date') ?? '') ? params.get('date')! : undefined,
    district: /^\d{6}$/.test(params.get('district') ?? '') ? params.get('district')! : undefined,
  };
  const set = (next: Partial<OverviewParams>) => {
    const v = { ...view, ...next };
    const p = new URLSearchParams();
    if (v.period !== 'day') p.set('period', v.period);
    if (v.date) p.set('date', v.date);
    if (v.district) p.set('district', v.district);
    setParams(p);
  };
  return [view, set];
}

function Section({ title, extra, children, testId }: { title: string; extra?: ReactNode; children: ReactNode; testId: string }) {
  return (
    <Card size="small" title={<Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>{title}</Typography.Title>} extra={extra} data-testid={testId}>
      {children}
    </Card>
  );
}

export default function OverviewPage() {
  const { t } = useI18n();
  const [view, setView] = useParams();
  const q = useOverview(view);
  const data = q.data;

  if (q.isError && !data) return <ApiErrorAlert error={q.error} onRetry={() => void q.refetch()} />;
  if (!data) return <Skeleton active paragraph={{ rows: 12 }} />;
  if (!data.district) return <Outcome icon="🗺️" title={t('overview.noDistrict')} subTitle={t('overview.noDistrictHint')} role="status" />;

  const isToday = !view.date || view.date === data.today;
  // 今日 / 本月 while the period holds today, 当日 / 当月 for one chosen in the past.
  const current = view.period === 'day' ? isToday : data.today.slice(0, 7) === data.from.slice(0, 7);
  const periodName = t(view.period === 'day' ? (current ? 'overview.periodDay' : 'overview.periodDayPast') : (current ? 'overview.periodMonth' : 'overview.periodMonthPast'));
  const range = data.from === data.to ? data.from : t('overview.rangeMonth', { from: data.from, to: data.to });
  const flows = data.totals.reported + data.totals.filed + data.totals.closed;

  return (
    <ContrastTheme>
      <Flex vertical gap={16} data-testid="overview" data-ready={q.isFetching ? undefined : 'true'}>
        <Flex justify="space-between" align="center" wrap gap={12}>
          <Space size={12} wrap align="baseline">
            <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>{t('overview.title')} · {data.district.name}</Typography.Title>
            <Typography.Text type="secondary" data-testid="overview-range">{range}</Typography.Text>
          </Space>
          <Space size={8} wrap>
            <Segmented<OverviewPeriod>
              aria-label={t('overview.periodLabel')}
              value={view.period}
              onChange={(period) => setView({ period })}
              options={[
                { value: 'day', label: t(isToday ? 'overview.periodDay' : 'overview.periodDayPast') },
                { value: 'month', label: t(isToday ? 'overview.periodMonth' : 'overview.periodMonthPast') },
              ]}
              data-testid="overview-period"
            />
            <DatePicker
              aria-label={t(view.period === 'day' ? 'overview.pickDay' : 'overview.pickMonth')}
              picker={view.period === 'day' ? 'date' : 'month'}
              value={dayjs(view.date ?? data.today)}
              allowClear={!isToday}
              disabledDate={(d) => d.isAfter(dayjs(data.today).endOf('day'))}
              onChange={(d) => setView({ date: d && d.format('YYYY-MM-DD') !== data.today ? d.format('YYYY-MM-DD') : undefined })}
              style={{ width: 140 }}
            />
            {data.districts.length > 1 && (
              <Select
                aria-label={t('overview.district')}
                value={data.district.code}
                options={data.districts.map((d) => ({ value: d.code, label: d.name }))}
                onChange={(district) => setView({ district })}
                style={{ width: 150 }}
                data-testid="overview-district"
              />
            )}
            <Button icon={<ReloadOutlined />} onClick={() => void q.refetch()} loading={q.isFetching}>{t('overview.refresh')}</Button>
          </Space>
        </Flex>
        <Typography.Text type="secondary" style={{ marginTop: -8 }}>{t('overview.asOf', { at: inShanghai(data.asOf).format('MM-DD HH:mm') })}</Typography.Text>
        {q.isError && <ApiErrorAlert error={q.error} onRetry={() => void q.refetch()} />}
        {SECTIONS.map((S) => <S key={S.name} data={data} period={view.period} periodName={periodName} flows={flows} />)}
      </Flex>
    </ContrastTheme>
  );
}

interface SectionProps {
  data: Overview;
  period: OverviewPeriod;
  periodName: string;
  flows: number;
}

function FiguresSection({ data, periodName, flows }: SectionProps) {
  const { t } = useI18n();
  return (
    <Section title={`${t('overview.sectionFigures')} · ${periodName}`} testId="section-figures">
      <Flex vertical gap={12}>
        {flows === 0 && <Alert type="info" showIcon title={t('overview.noCases', { period: periodName })} description={t('overview.noCasesHint')} data-testid="overview-empty" />}
        <FigureCards data={data} />
      </Flex>
    </Section>
  );
}

function TrendSection({ data }: SectionProps) {
  const { t, label } = useI18n();
  const navigate = useNavigate();
  const month = data.from.slice(0, 7);
  const sum = (k: 'reported' | 'filed' | 'closed') => data.daily.reduce((n, d) => n + d[k], 0);
  const trend = useMemo(() => trendOption(data.daily, { reported: t('overview.figReported'), filed: t('overview.figFiled'), closed: t('overview.figClosed') }), [data.daily, t]);
  const sourceItems = useMemo(() => data.sources.map((s) => ({ name: label(SOURCE_LABELS[s.source]), value: s.count, source: s.source })), [data.sources, label]);
  const sources = useMemo(() => sourcesOption(sourceItems), [sourceItems]);
  const district = data.district!.code;
  const FIGURES: OverviewFigure[] = ['reported', 'filed', 'closed'];
  const hasDaily = data.daily.some((d) => d.reported + d.filed + d.closed > 0);
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={15}>
        <Section title={`${t('overview.sectionTrend')} · ${month}`} testId="section-trend">
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }}>{t('overview.trendHint', { month })}</Typography.Paragraph>
          {hasDaily ? (
            <EChart
              testId="chart-trend"
              height={300}
              option={trend}
              label={t('overview.trendAria', { month, reported: sum('reported'), filed: sum('filed'), closed: sum('closed') })}
              onClick={(e) => {
                const day = data.daily[e.dataIndex]?.day;
                const f = FIGURES[e.seriesIndex ?? 0];
                if (day && f) navigate(casesHref(f, { districtCode: district, from: day, to: day }));
              }}
            />
          ) : <Empty description={t('overview.trendEmpty')} style={{ height: 300, paddingTop: 90 }} />}
        </Section>
      </Col>
      <Col xs={24} xl={9}>
        <Section title={t('overview.sectionSources')} testId="section-sources">
          {sourceItems.length ? (
            <EChart
              testId="chart-sources"
              height={324}
              option={sources}
              label={t('overview.sourcesAria', { list: sourceItems.map((s) => `${s.name} ${s.value}`).join('，') })}
              onClick={(e) => {
                const s = sourceItems[e.dataIndex];
                if (s) navigate(`/cases?${new URLSearchParams({ ...figureFilters('reported', { districtCode: district, from: data.from, to: data.to }), source: s.source })}`);
              }}
            />
          ) : <Empty description={t('overview.sourcesEmpty')} style={{ height: 324, paddingTop: 100 }} />}
        </Section>
      </Col>
    </Row>
  );
}

function StreetsSection({ data, periodName }: SectionProps) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const option = useMemo(
    () => streetsOption(data.streets, { reported: t('overview.figReported'), filed: t('overview.figFiled'), closed: t('overview.figClosed'), overdue: t('overview.figOverdue') }),
    [data.streets, t],
  );
  const FIGURES: OverviewFigure[] = ['reported', 'filed', 'closed', 'overdue'];
  const district = data.district!.code;
  return (
    <Section title={`${t('overview.sectionStreets')} · ${periodName}`} testId="section-streets">
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }}>{t('overview.streetsHint')}</Typography.Paragraph>
      {data.streets.length > 0 && (
        <EChart
          testId="chart-streets"
          height={Math.max(240, Math.min(360, 160 + data.streets.length * 12))}
          option={option}
          label={t('overview.streetsAria')}
          onClick={(e) => {
            const s = data.streets[e.dataIndex];
            const f = FIGURES[e.seriesIndex ?? 0];
            if (s && f) navigate(casesHref(f, { districtCode: district, streetCode: s.code, from: data.from, to: data.to }));
          }}
        />
      )}
      <StreetTable data={data} />
    </Section>
  );
}

function EmergenciesSection({ data }: SectionProps) {
  const { t } = useI18n();
  return (
    <Section title={t('overview.sectionEmergencies')} testId="section-emergencies" extra={<Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('overview.emergenciesHint')}</Typography.Text>}>
      <EmergencyList data={data} />
    </Section>
  );
}

/** The page's sections in order; the evaluation's rates and scores join here as sections of their own. */
const SECTIONS = [FiguresSection, TrendSection, StreetsSection, EmergenciesSection];
