/**
 * Picking a place on the map (the hotline intake form): a click, or dragging the marker, gives the point
 * (WGS-84, 6 decimals); a value set from outside (an address found by search) moves the marker and the
 * map to it. Lazily loadable (default export).
 */
import { useEffect, useRef, type CSSProperties } from 'react';
import { Skeleton, Typography } from 'antd';
import { ApiErrorAlert } from '../components/ApiErrorAlert.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { BaseMap, useMapHandle } from './BaseMap.tsx';
import type { Box, LngLat } from './coords.ts';
import { DivisionLayers } from './DivisionLayers.tsx';
import { GridLayer } from './GridLayer.tsx';
import { Marker } from './maplibre.ts';
import { useDivisionFeatures } from './map-api.ts';
import { GRID_MIN_ZOOM } from './style.ts';

export interface PickedPoint {
  lng: number;
  lat: number;
}

export interface MapPickerProps {
  value?: PickedPoint | null;
  onChange(point: PickedPoint): void;
  height?: CSSProperties['height'];
}

const round = (v: number) => Math.round(v * 1e6) / 1e6;

export function MapPicker({ value, onChange, height = 360 }: MapPickerProps) {
  const { t } = useI18n();
  const district = useDivisionFeatures('district');
  const change = useRef(onChange);
  change.current = onChange;
  if (district.isPending) return <Skeleton.Node active className="gc-map-skeleton" style={{ width: '100%', height }} />;
  if (district.isError) return <ApiErrorAlert error={district.error} onRetry={() => void district.refetch()} />;
  const pick = ([lng, lat]: LngLat) => change.current({ lng: round(lng), lat: round(lat) });
  return (
    <BaseMap
      {...(value ? { center: [value.lng, value.lat] as LngLat, zoom: 16 } : { bounds: district.data.bbox as Box | undefined })}
      height={height}
      ariaLabel={t('map.pickerLabel')}
      testId="map-picker"
      onMapClick={pick}
    >
      <DivisionLayers />
      <GridLayer />
      <PickMarker value={value ?? null} onPick={pick} />
      <Typography.Text className="gc-map-overlay gc-map-overlay-bl gc-map-hint" type="secondary">{t('map.pickerHint')}</Typography.Text>
    </BaseMap>
  );
}

export default MapPicker;

function PickMarker({ value, onPick }: { value: PickedPoint | null; onPick(p: LngLat): void }) {
  const { t } = useI18n();
  const { map, proj } = useMapHandle();
  const marker = useRef<Marker | null>(null);
  const pick = useRef(onPick);
  pick.current = onPick;

  useEffect(() => {
    map.getCanvas().style.cursor = 'crosshair';
    const m = new Marker({ color: '#cf1322', draggable: true });
    m.getElement().setAttribute('aria-label', t('map.pickedSpot'));
    m.on('dragend', () => {
      const p = m.getLngLat();
      pick.current(proj.fromDisplay([p.lng, p.lat]));
    });
    marker.current = m;
    return () => {
      m.remove();
      marker.current = null;
    };
  }, [map, proj, t]);

  useEffect(() => {
    const m = marker.current;
    if (!m) return;
    if (!value) {
      m.remove();
      return;
    }
    const at = proj.toDisplay([value.lng, value.lat]);
    m.setLngLat(at).addTo(map);
    // A point picked (or found) while the whole district shows is brought close, to be refined on the grids.
    if (!map.getBounds().contains(at) || map.getZoom() < GRID_MIN_ZOOM) map.easeTo({ center: at, zoom: Math.max(map.getZoom(), 16) });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [map, proj, value?.lng, value?.lat]);
  return null;
}
