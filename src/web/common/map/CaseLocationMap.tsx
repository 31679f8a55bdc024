/**
 * A case's position on a small map: a marker on the spot, its unit grid outlined over the neighbouring
 * grids, and the community and street around it. Lazily loadable (default export).
 */
import { useEffect, useMemo, type CSSProperties } from 'react';
import { useI18n } from '../i18n/i18n.tsx';
import { BaseMap, useMapHandle } from './BaseMap.tsx';
import { snapBox, type LngLat } from './coords.ts';
import { DivisionLayers } from './DivisionLayers.tsx';
import { labelPoints } from './labels.ts';
import { Marker } from './maplibre.ts';
import { useGridFeatures } from './map-api.ts';

export interface CaseLocationMapProps {
  lng: number;
  lat: number;
  gridCode?: string;
  height?: CSSProperties['height'];
  zoom?: number;
}

export function CaseLocationMap({ lng, lat, gridCode, height = 260, zoom = 16 }: CaseLocationMapProps) {
  const { t } = useI18n();
  return (
    <BaseMap center={[lng, lat]} zoom={zoom} scrollZoom={false} height={height} ariaLabel={t('map.locationLabel')} testId="case-location-map">
      <DivisionLayers />
      <Spot at={[lng, lat]} gridCode={gridCode} />
    </BaseMap>
  );
}

export default CaseLocationMap;

function Spot({ at, gridCode }: { at: LngLat; gridCode?: string }) {
  const { t } = useI18n();
  const { map, proj, setData } = useMapHandle();
  const [lng, lat] = at;
  const near = useMemo(() => snapBox([lng - 0.005, lat - 0.004, lng + 0.005, lat + 0.004], 0.001), [lng, lat]);
  const grids = useGridFeatures(near);

  useEffect(() => {
    if (!grids.data) return;
    setData('grids', grids.data);
    setData('gridLabels', labelPoints(grids.data));
    setData('focus', { type: 'FeatureCollection', features: grids.data.features.filter((f) => f.properties.code === gridCode) });
  }, [grids.data, gridCode, setData]);

  useEffect(() => {
    const marker = new Marker({ color: '#cf1322' }).setLngLat(proj.toDisplay([lng, lat])).addTo(map);
    marker.getElement().setAttribute('aria-label', t('map.caseSpot'));
    map.setCenter(proj.toDisplay([lng, lat]));
    return () => void marker.remove();
  }, [map, proj, lng, lat, t]);
  return null;
}
