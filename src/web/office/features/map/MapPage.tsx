/**
 * 综合地图: the district's cases on the map, full height, with the filters above it — stage, kind,
 * urgency, street (the map moves to the street), overdue — and the count in view.
 */
import { useMemo, useState } from 'react';
import { Flex, Typography } from 'antd';
import { useSearchParams } from 'react-router';
import { CASE_STATUSES } from '../../../../shared/cases/workflow.ts';
import { useI18n } from '../../../common/i18n/i18n.tsx';
import { CasesMap } from '../../../common/map/CasesMap.tsx';
import { OPEN_STATUSES, statusesOf } from '../../../common/map/case-stages.ts';
import { featureBox, type Box } from '../../../common/map/coords.ts';
import { useDivisionFeatures, type CaseMapFilter, type CasesMap as CasesMapData } from '../../../common/map/map-api.ts';
import { MapFilterBar } from './MapFilterBar.tsx';
import { filterFromParams, filterToParams, type MapFilterValue } from './map-filter-params.ts';
import './map-page.css';

function toCaseFilter(v: MapFilterValue): CaseMapFilter {
  const status = v.stage === 'open' ? OPEN_STATUSES : v.stage === 'all' ? CASE_STATUSES : statusesOf(v.stage);
  return { status, categoryKind: v.categoryKind, urgency: v.urgency, streetCode: v.streetCode, overdue: v.overdue || undefined };
}

export default function MapPage() {
  const { t } = useI18n();
  // The filters live in the address (a link or a reload shows the same map), replaced rather than pushed.
  const [params, setParams] = useSearchParams();
  const value = useMemo(() => filterFromParams(params), [params]);
  const setValue = (v: MapFilterValue) => setParams(filterToParams(v), { replace: true });
  const [inView, setInView] = useState<CasesMapData | undefined>();
  const streets = useDivisionFeatures('street');
  const filter = useMemo(() => toCaseFilter(value), [value]);
  const focus = useMemo<Box | undefined>(() => {
    const f = value.streetCode ? streets.data?.features.find((s) => s.properties.code === value.streetCode) : undefined;
    return f ? featureBox(f) : undefined;
  }, [value.streetCode, streets.data]);

  return (
    <Flex vertical gap={12} className="gc-map-page">
      <Flex justify="space-between" align="center" wrap gap={12}>
        <MapFilterBar value={value} onChange={setValue} />
        {inView && (
          <Typography.Text type="secondary" data-testid="map-in-view" aria-live="polite">
            {t(inView.kind === 'clusters' ? 'map.inViewClustered' : 'map.inView', { n: inView.count.toLocaleString() })}
          </Typography.Text>
        )}
      </Flex>
      <div className="gc-map-page-map">
        <CasesMap filter={filter} focus={focus} onCases={setInView} />
      </div>
    </Flex>
  );
}
