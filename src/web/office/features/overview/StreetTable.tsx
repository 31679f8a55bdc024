/** Each street's figures: sortable columns, every number a link to its cases, the district's total below. */
import { Table, Typography } from 'antd';
import { Link } from 'react-router';
import { OVERVIEW_FIGURES, type OverviewFigure } from '../../../../shared/api/overview.ts';
import { useI18n } from '../../../common/i18n/i18n.tsx';
import { casesHref, type Overview, type StreetFigures } from './api.ts';
import { FIGURE_TEXT } from './FigureCards.tsx';

export function StreetTable({ data }: { data: Overview }) {
  const { t } = useI18n();
  const district = data.district!.code;
  const cell = (f: OverviewFigure, n: number, streetCode?: string) => (
    <Link
      to={casesHref(f, { districtCode: district, streetCode, from: data.from, to: data.to })}
      aria-label={`${streetCode ? (data.streets.find((s) => s.code === streetCode)?.name ?? streetCode) : t('overview.total')} ${t('overview.figureLink', { figure: t(FIGURE_TEXT[f].title), n })}`}
      style={{ fontVariantNumeric: 'tabular-nums', fontWeight: n ? 600 : 400, color: n ? undefined : '#595959' }}
      data-testid={`street-${streetCode ?? 'total'}-${f}`}
    >
      {n.toLocaleString()}
    </Link>
  );
  return (
    <Table<StreetFigures>
      size="small"
      rowKey="code"
      dataSource={data.streets}
      pagination={false}
      locale={{ emptyText: t('overview.noStreets') }}
      data-testid="overview-streets"
      columns={[
        { key: 'name', title: t('overview.colStreet'), dataIndex: 'name', sorter: (a, b) => a.name.localeCompare(b.name, 'zh-CN'), render: (v: string) => <Typography.Text strong>{v}</Typography.Text> },
        ...OVERVIEW_FIGURES.map((f) => ({
          key: f,
          title: t(FIGURE_TEXT[f].title),
          dataIndex: f,
          align: 'right' as const,
          sorter: (a: StreetFigures, b: StreetFigures) => a[f] - b[f],
          sortDirections: ['descend' as const, 'ascend' as const],
          render: (n: number, s: StreetFigures) => cell(f, n, s.code),
        })),
      ]}
      summary={() => (
        <Table.Summary fixed>
          <Table.Summary.Row>
            <Table.Summary.Cell index={0}><Typography.Text strong>{t('overview.total')}</Typography.Text></Table.Summary.Cell>
            {OVERVIEW_FIGURES.map((f, i) => (
              <Table.Summary.Cell key={f} index={i + 1} align="right">{cell(f, data.totals[f])}</Table.Summary.Cell>
            ))}
          </Table.Summary.Row>
        </Table.Summary>
      )}
    />
  );
}
