/**
 * Before saving: open cases of the same problem near the place — the same category or one the district
 * counts as the same problem (mergeCompatible), within its duplicate radius and window (workflow settings),
 * as the server will judge a merge (merge-rules.ts). Beyond the radius but close by, a few more are listed
 * apart: the receiver may know they are the same, and merging those takes a reason.
 */
import { Alert, Card, Empty, Skeleton, Typography } from 'antd';
import { CopyOutlined } from '@ant-design/icons';
import type { CategoryKind } from '../../../../shared/org.ts';
import { ApiErrorAlert } from '../../../common/components/ApiErrorAlert.tsx';
import { useI18n } from '../../../common/i18n/i18n.tsx';
import { metresBetween, useLocate, useOpenCasesNear, useWorkflowSettings, type Point } from './api.ts';
import { DuplicateList, type Candidate } from './DuplicateList.tsx';

/** How far beyond the radius the “close by” list reaches, and how many it shows. */
const CLOSE_BY_M = 500;
const CLOSE_BY_SHOWN = 5;

interface Props {
  point?: Point;
  category?: [CategoryKind, string, string];
  onSame(c: Candidate): void;
  busyId?: number | null;
  disabled?: boolean;
}

export function DuplicatesPanel({ point, category, onSame, busyId, disabled }: Props) {
  const { t } = useI18n();
  const located = useLocate(point ?? null);
  const settings = useWorkflowSettings(located.data?.district.code);
  const near = useOpenCasesNear(point && category ? located.data?.street.code : undefined, settings.data?.duplicateWindowHours);

  const title = (
    <span>
      <CopyOutlined aria-hidden /> {t('intake.duplicatesTitle')}
    </span>
  );
  let body: React.ReactNode;
  if (!point || !category) body = <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('intake.duplicatesHint')} />;
  else if (located.isError) body = <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('intake.duplicatesNoPlace')} />;
  else if (settings.isError) body = <ApiErrorAlert error={settings.error} onRetry={() => void settings.refetch()} />;
  else if (near.isError) body = <ApiErrorAlert error={near.error} onRetry={() => void near.refetch()} />;
  else if (!near.data || !settings.data) body = <Skeleton active paragraph={{ rows: 4 }} />;
  else {
    const s = settings.data;
    const key = `${category[0]}:${category[2]}`;
    const compatible = new Set([key, ...s.mergeCompatible.filter((g) => g.includes(key)).flat()]);
    const all: Candidate[] = near.data.items
      .filter((c) => compatible.has(`${c.category.kind}:${c.category.code}`))
      .map((c) => {
        const distanceM = metresBetween(point, c.location);
        return {
          id: c.id, trackingNo: c.trackingNo, status: c.status, description: c.description, reportedAt: c.reportedAt, distanceM,
          categoryName: c.category.code === category[2] ? undefined : c.category.name, address: c.location.address || undefined,
          needsReason: distanceM > s.duplicateRadiusM,
        };
      })
      .sort((a, b) => a.distanceM - b.distanceM);
    const within = all.filter((c) => !c.needsReason);
    const closeBy = all.filter((c) => c.needsReason && c.distanceM <= CLOSE_BY_M).slice(0, CLOSE_BY_SHOWN);
    body = (
      <>
        {within.length > 0 ? (
          <>
            <Alert type="warning" showIcon title={t('intake.duplicatesFound', { n: within.length, radius: s.duplicateRadiusM, hours: s.duplicateWindowHours })} />
            <DuplicateList items={within} onSame={onSame} busyId={busyId} disabled={disabled} />
          </>
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('intake.duplicatesNone', { radius: s.duplicateRadiusM, hours: s.duplicateWindowHours })} />
        )}
        {closeBy.length > 0 && (
          <div style={{ marginTop: 12 }}>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('intake.closeByTitle', { m: CLOSE_BY_M })}</Typography.Text>
            <DuplicateList items={closeBy} onSame={onSame} busyId={busyId} disabled={disabled} />
          </div>
        )}
      </>
    );
  }
  return (
    <Card size="small" title={title} aria-live="polite" style={{ marginTop: 16 }}>
      {body}
    </Card>
  );
}
