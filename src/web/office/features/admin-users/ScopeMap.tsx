/**
 * Scopes picked on the map: the district's streets or communities (the level chosen above the map); a click
 * inside one ticks it, a second click unticks it. The ticked ones are drawn in the focus colour. Lazily loaded
 * (the map's code comes only with this tab).
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { Segmented, Skeleton, Space, Typography } from 'antd';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import { ApiErrorAlert } from '../../../common/components/ApiErrorAlert.tsx';
import { useI18n } from '../../../common/i18n/i18n.tsx';
import { BaseMap, useMapHandle } from '../../../common/map/BaseMap.tsx';
import type { Box, LngLat } from '../../../common/map/coords.ts';
import { DivisionLayers } from '../../../common/map/DivisionLayers.tsx';
import { useDivisionFeatures, type DivisionProps } from '../../../common/map/map-api.ts';
import { toggleScope } from './scope-tree.ts';

type Level = 'street' | 'community';
type DivisionFeature = Feature<Polygon | MultiPolygon, DivisionProps>;

function inRing(p: LngLat, ring: Position[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as [number, number];
    const [xj, yj] = ring[j] as [number, number];
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function contains(f: DivisionFeature, p: LngLat): boolean {
  const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
  return polys.some(([outer, ...holes]) => !!outer && inRing(p, outer) && !holes.some((h) => inRing(p, h)));
}

export default function ScopeMap({ value, onChange }: { value: string[]; onChange(scopes: string[]): void }) {
  const { t } = useI18n();
  const [level, setLevel] = useState<Level>('street');
  const district = useDivisionFeatures('district');
  const streets = useDivisionFeatures('street');
  const communities = useDivisionFeatures('community');
  const layer = (level === 'street' ? streets : communities).data?.features as DivisionFeature[] | undefined;
  const latest = useRef({ value, onChange, layer });
  latest.current = { value, onChange, layer };
  if (district.isPending) return <Skeleton.Node active style={{ width: '100%', height: 320 }} />;
  if (district.isError) return <ApiErrorAlert error={district.error} onRetry={() => void district.refetch()} />;

  const pick = (p: LngLat) => {
    const { layer: fs, value: v, onChange: change } = latest.current;
    const hit = fs?.find((f) => contains(f, p));
    if (hit) change(toggleScope(v, hit.properties.code));
  };
  const all = [...((streets.data?.features ?? []) as DivisionFeature[]), ...((communities.data?.features ?? []) as DivisionFeature[])];
  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }}>
      <Space>
        <Typography.Text id="scope-map-level">{t('adminUsers.scopeMapLevel')}</Typography.Text>
        <Segmented<Level>
          size="small"
          value={level}
          onChange={setLevel}
          options={[{ label: t('adminUsers.levelStreet'), value: 'street' }, { label: t('adminUsers.levelCommunity'), value: 'community' }]}
          aria-labelledby="scope-map-level"
        />
      </Space>
      <BaseMap bounds={district.data.bbox as Box | undefined} height={320} ariaLabel={t('adminUsers.scopeMapLabel')} testId="scope-map" onMapClick={pick}>
        <DivisionLayers />
        <Chosen features={all} value={value} />
        <Typography.Text className="gc-map-overlay gc-map-overlay-bl gc-map-hint" type="secondary">{t('adminUsers.scopeMapHint')}</Typography.Text>
      </BaseMap>
    </Space>
  );
}

/** The ticked divisions drawn on the focus layer (a ticked street shows as one outline, not its communities). */
function Chosen({ features, value }: { features: DivisionFeature[]; value: string[] }) {
  const { setData, map } = useMapHandle();
  const chosen = useMemo(
    () => features.filter((f) => value.includes(f.properties.code)).flatMap((f) =>
      (f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates).map((coordinates) => ({
        type: 'Feature' as const,
        properties: { code: f.properties.name },
        geometry: { type: 'Polygon' as const, coordinates },
      })),
    ),
    [features, value],
  );
  useEffect(() => {
    setData('focus', { type: 'FeatureCollection', features: chosen });
  }, [chosen, setData]);
  useEffect(() => {
    map.getCanvas().style.cursor = 'pointer';
  }, [map]);
  return null;
}
