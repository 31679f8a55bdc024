/// <reference types="vite/client" />
/**
 * Where the case is: a small map (common/map/CaseLocationMap, MapLibre, loaded only when shown) above the
 * grid, community and street in words. The words stay whether or not the map can draw: found by a glob,
 * so the detail builds and works on a tree without the map, and a map that fails leaves the text.
 */
import { Component, lazy, Suspense, type ComponentType, type ReactNode } from 'react';
import { Card, Descriptions, Skeleton, Typography } from 'antd';
import { useI18n } from '../../../../common/i18n/i18n.tsx';
import type { CaseDetail } from './api.ts';
import { usePlaceNames } from './CaseFacts.tsx';

interface MapProps {
  lng: number;
  lat: number;
  gridCode: string;
  height?: number;
}
type MapModule = { CaseLocationMap?: ComponentType<MapProps>; default?: ComponentType<MapProps> };

const found = Object.values(import.meta.glob<MapModule>('../../../../common/map/CaseLocationMap.tsx'));
const CaseLocationMap = found[0]
  ? lazy(() => found[0]!().then((m) => ({ default: (m.CaseLocationMap ?? m.default) as ComponentType<MapProps> })))
  : null;

class MapBoundary extends Component<{ fallback: ReactNode; children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  override render() {
    return this.state.failed ? this.props.fallback : this.props.children;
  }
}

function MapFailed() {
  const { t } = useI18n();
  return <Typography.Text type="secondary">{t('caseDetail.mapFailed')}</Typography.Text>;
}

export function CasePosition({ c, mapHeight = 220 }: { c: CaseDetail; mapHeight?: number }) {
  const { t } = useI18n();
  const places = usePlaceNames(c);
  const { lng, lat, gridCode } = c.location;
  const supervisors = (places.grid?.assignments ?? []).filter((a) => a.duty === 'supervisor').map((a) => a.displayName);
  return (
    <Card size="small" title={t('caseDetail.positionTitle')}>
      {CaseLocationMap && (
        <MapBoundary fallback={<MapFailed />}>
          <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height: mapHeight }} />}>
            <div className="gc-case-map" style={{ height: mapHeight, marginBottom: 12, borderRadius: 4, overflow: 'hidden', border: '1px solid #f0f0f0' }}>
              <CaseLocationMap lng={lng} lat={lat} gridCode={gridCode} height={mapHeight} />
            </div>
          </Suspense>
        </MapBoundary>
      )}
      <Descriptions size="small" column={1} items={[
        { key: 'address', label: t('caseDetail.address'), children: c.location.address || '—' },
        { key: 'grid', label: t('caseDetail.grid'), children: gridCode },
        { key: 'community', label: t('caseDetail.community'), children: places.community },
        { key: 'street', label: t('caseDetail.street'), children: places.street },
        { key: 'coordinates', label: t('caseDetail.coordinates'), children: <span style={{ fontVariantNumeric: 'tabular-nums' }}>{lng.toFixed(6)}, {lat.toFixed(6)}</span> },
        ...(supervisors.length ? [{ key: 'supervisors', label: t('caseDetail.gridSupervisors'), children: supervisors.join(t('caseDetail.listSep')) }] : []),
      ]} />
    </Card>
  );
}
