/**
 * Possible duplicates as the receiver compares them with the call: number, status, how far, how long ago,
 * what was reported; “是同一问题” merges the call into that case, “查看” opens it beside the form.
 */
import { Button, Space, Tag, Tooltip, Typography } from 'antd';
import { ExportOutlined, MergeCellsOutlined } from '@ant-design/icons';
import { inShanghai } from '../../../common/format/datetime.ts';
import { STATUS_LABELS, type CaseStatus } from '../../../../shared/cases/workflow.ts';
import { useI18n } from '../../../common/i18n/i18n.tsx';

/** Within the duplicate radius: amber, its text 4.5:1 on the background (antd's orange is lighter). */
const NEAR_STYLE = { color: '#873800', background: '#fff7e6', borderColor: '#ffd591' };

export interface Candidate {
  id: number;
  trackingNo: string;
  status: CaseStatus;
  description: string;
  reportedAt: string;
  distanceM: number;
  categoryName?: string;
  address?: string;
  /** Outside the district's duplicate radius: merging needs the receiver's reason. */
  needsReason?: boolean;
}

interface Props {
  items: Candidate[];
  onSame(c: Candidate): void;
  /** The candidate being merged into now (its button spins, the others wait). */
  busyId?: number | null;
  disabled?: boolean;
}

export function DuplicateList({ items, onSame, busyId, disabled }: Props) {
  const { t, label } = useI18n();
  return (
    <ul style={{ listStyle: 'none', margin: 0, padding: 0 }} data-testid="intake-duplicates">
      {items.map((c) => (
        <li key={c.id} style={{ padding: '10px 0', borderBottom: '1px solid #f0f0f0' }} data-case-id={c.id}>
          <Space orientation="vertical" size={4} style={{ width: '100%' }}>
            <Space size={6} wrap>
              <Typography.Text strong copyable={{ text: c.trackingNo }}>{c.trackingNo}</Typography.Text>
              <Tag color="processing" style={{ marginInlineEnd: 0 }}>{label(STATUS_LABELS[c.status])}</Tag>
              <Tag style={{ marginInlineEnd: 0, ...(c.needsReason ? {} : NEAR_STYLE) }}>{t('intake.metres', { n: Math.round(c.distanceM) })}</Tag>
            </Space>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              <Tooltip title={inShanghai(c.reportedAt).format('YYYY-MM-DD HH:mm')}>
                <span>{t('intake.reportedAgo', { ago: ago(c.reportedAt, t) })}</span>
              </Tooltip>
              {c.categoryName ? ` · ${c.categoryName}` : ''}
              {c.address ? ` · ${c.address}` : ''}
            </Typography.Text>
            <Typography.Paragraph ellipsis={{ rows: 2, tooltip: c.description }} style={{ margin: 0 }}>{c.description}</Typography.Paragraph>
            <Space size={8}>
              <Button
                size="small"
                type={c.needsReason ? 'default' : 'primary'}
                ghost={!c.needsReason}
                icon={<MergeCellsOutlined aria-hidden />}
                loading={busyId === c.id}
                disabled={disabled || (busyId != null && busyId !== c.id)}
                onClick={() => onSame(c)}
                aria-label={t('intake.sameProblemFor', { no: c.trackingNo })}
              >
                {t('intake.sameProblem')}
              </Button>
              <Button size="small" type="link" href={`/cases/${c.id}`} target="_blank" rel="noopener" icon={<ExportOutlined aria-hidden />} aria-label={t('intake.openCaseNewTab', { no: c.trackingNo })}>
                {t('intake.view')}
              </Button>
            </Space>
          </Space>
        </li>
      ))}
    </ul>
  );
}

function ago(at: string, t: ReturnType<typeof useI18n>['t']): string {
  const minutes = Math.max(0, Math.round((Date.now() - Date.parse(at)) / 60_000));
  if (minutes < 1) return t('common.justNow');
  if (minutes < 60) return t('common.minutesAgo', { n: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return t('intake.hoursAgo', { n: hours });
  return t('intake.daysAgo', { n: Math.floor(hours / 24) });
}
