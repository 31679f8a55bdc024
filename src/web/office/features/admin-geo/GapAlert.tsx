/** Coverage gaps of a grid file: communities part of which lies in no grid (importable, but worth knowing). */
import { Alert } from 'antd';
import { useI18n } from '../../../common/i18n/i18n.tsx';
import { useDivisionFeatures } from '../../../common/map/map-api.ts';
import type { Checked } from './api.ts';

export function GapAlert({ gaps, className }: { gaps: Checked['gaps']; className?: string }) {
  const { t } = useI18n();
  const communities = useDivisionFeatures('community', gaps.length > 0);
  if (gaps.length === 0) return null;
  const nameOf = (code: string) => communities.data?.features.find((f) => f.properties.code === code)?.properties.name;
  return (
    <Alert
      className={className}
      type="warning"
      showIcon
      title={t('adminGeo.gaps')}
      data-testid="geo-gaps"
      description={gaps
        .map((g) => t('adminGeo.gapItem', { community: nameOf(g.communityCode) ? t('adminGeo.named', { name: nameOf(g.communityCode)!, code: g.communityCode }) : g.communityCode, area: Math.round(g.areaM2) }))
        .join(t('adminGeo.listSeparator'))}
    />
  );
}
