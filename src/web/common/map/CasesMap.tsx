/**
 * The district map of the command centre: outline, streets, communities, unit grids (from zoom 14),
 * open cases (server clusters, then points), flashing emergencies, layer toggles and a legend; a click
 * on a case opens its popup and the link to it. Lazily loadable (default export) — the map's code never
 * weighs on the first screen.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type CSSProperties } from 'react';
import { Skeleton } from 'antd';
import { useNavigate } from 'react-router';
import { ApiErrorAlert } from '../components/ApiErrorAlert.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { can, useMe } from '../session/session.tsx';
import { AlertMarkers } from './AlertMarkers.tsx';
import { BaseMap, useMapHandle } from './BaseMap.tsx';
import { CaseLayer } from './CaseLayer.tsx';
import { CasePopup, type OpenCase } from './CasePopup.tsx';
import { OPEN_STATUSES } from './case-stages.ts';
import type { Box, LngLat } from './coords.ts';
import { DivisionLayers } from './DivisionLayers.tsx';
import { GridLayer } from './GridLayer.tsx';
import { LayerPanel, LayerVisibility, useLayerChoice } from './LayerPanel.tsx';
import { MapLegend } from './MapLegend.tsx';
import { useDivisionFeatures, type CaseMapFilter, type CasesMap as CasesMapData } from './map-api.ts';

export interface CasesMapProps {
  /** The case-list filters; without a status, the open cases. */
  filter?: CaseMapFilter;
  /** A box to show instead of the whole district (WGS-84), e.g. a street picked in a filter. */
  focus?: Box;
  height?: CSSProperties['height'];
  caseHref?(id: number): string;
  showLayers?: boolean;
  showLegend?: boolean;
  onCases?(d: CasesMapData | undefined): void;
  /** The map container's test id (default `cases-map`). */
  testId?: string;
}

const OPEN_FILTER: CaseMapFilter = { status: OPEN_STATUSES };
const defaultHref = (id: number) => `/cases/${id}`;

export function CasesMap({ filter = OPEN_FILTER, focus, height = '100%', caseHref = defaultHref, showLayers = true, showLegend = true, onCases, testId = 'cases-map' }: CasesMapProps) {
  const { t } = useI18n();
  const me = useMe();
  const navigate = useNavigate();
  const district = useDivisionFeatures('district');
  const [shown, choose] = useLayerChoice();
  const [openCase, setOpenCase] = useState<OpenCase | null>(null);
  const onOpen = useCallback((id: number, at: LngLat) => setOpenCase({ id, at }), []);
  const onClose = useCallback(() => setOpenCase(null), []);
  const filterKey = JSON.stringify(filter);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const effective = useMemo(() => (filter.status?.length ? filter : { ...filter, status: OPEN_STATUSES }), [filterKey]);
  const finished = !!effective.status?.some((s) => !OPEN_STATUSES.includes(s));

  if (district.isPending) return <Skeleton.Node active className="gc-map-skeleton" style={{ width: '100%', height }} />;
  if (district.isError) return <ApiErrorAlert error={district.error} onRetry={() => void district.refetch()} />;
  const bounds = focus ?? (district.data.bbox as Box | undefined);
  const alerts = shown.has('alerts') && can(me, 'cases.acknowledgeAlert');
  return (
    <BaseMap bounds={bounds} padding={{ top: 24, bottom: 24, left: showLayers ? 160 : 24, right: 56 }} height={height} ariaLabel={t('map.casesMapLabel')} testId={testId}
      expects={alerts ? ['grids', 'clusters', 'points', 'alerts'] : ['grids', 'clusters', 'points']}>
      <LayerVisibility shown={shown} />
      <DivisionLayers />
      <GridLayer visible={shown.has('grids')} />
      <CaseLayer filter={effective} visible={shown.has('cases')} onOpenCase={onOpen} onData={onCases} />
      <AlertMarkers enabled={alerts} onOpenCase={onOpen} />
      {openCase && <CasePopup open={openCase} onClose={onClose} onNavigate={(id) => navigate(caseHref(id))} />}
      {showLayers && <LayerPanel shown={shown} onChange={choose} />}
      {showLegend && <MapLegend finished={finished} />}
      {bounds && <FocusOn box={bounds} />}
    </BaseMap>
  );
}

export default CasesMap;

/** Moves the map when the box to show changes after it was made (a street chosen, or cleared, in the filter bar). */
function FocusOn({ box }: { box: Box }) {
  const { map, proj } = useMapHandle();
  const key = box.join(',');
  const first = useRef(key);
  useEffect(() => {
    if (first.current === key) return;
    first.current = '';
    map.fitBounds(proj.box(box), { padding: { top: 32, bottom: 32, left: 160, right: 56 }, duration: 600 });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [map, proj, key]);
  return null;
}
