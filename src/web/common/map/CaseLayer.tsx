/**
 * Open cases in the view: the server's clusters (count, the most urgent inside) while more than 2,000
 * match, points coloured by stage beyond that, urgent ones ringed in red. A cluster click zooms to its
 * cell; a point click opens the case's popup. Refetched (debounced) when the map stops moving, and by the
 * live stream (query key ['casesMap', bbox, zoom, filter]).
 */
import { useEffect, useRef } from 'react';
import { Alert, Button } from 'antd';
import type { Feature, FeatureCollection, Point } from 'geojson';
import { queryString } from '../api/client.ts';
import { errorText } from '../components/ApiErrorAlert.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { useMapHandle } from './BaseMap.tsx';
import { STAGE_OF } from './case-stages.ts';
import type { Box, LngLat } from './coords.ts';
import { caseMapQuery, useCasesMap, type CaseMapFilter, type CasesMap } from './map-api.ts';
import { useMapView } from './useMapView.ts';

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };

function countLabel(n: number): string {
  return n >= 10_000 ? `${Math.round(n / 1000)}k` : String(n);
}

function clusterCollection(d: Extract<CasesMap, { kind: 'clusters' }>): FeatureCollection<Point> {
  return {
    type: 'FeatureCollection',
    features: d.clusters.map((c, i): Feature<Point> => ({
      type: 'Feature', id: i, properties: { count: c.count, label: countLabel(c.count), maxUrgency: c.maxUrgency }, geometry: { type: 'Point', coordinates: [c.lng, c.lat] },
    })),
  };
}

function pointCollection(d: Extract<CasesMap, { kind: 'points' }>): FeatureCollection<Point> {
  return {
    type: 'FeatureCollection',
    features: d.points.map((p): Feature<Point> => ({
      type: 'Feature', id: p.id, properties: { id: p.id, status: p.status, stage: STAGE_OF[p.status], urgency: p.urgency }, geometry: { type: 'Point', coordinates: [p.lng, p.lat] },
    })),
  };
}

export interface CaseLayerProps {
  filter: CaseMapFilter;
  visible?: boolean;
  onOpenCase(id: number, at: LngLat): void;
  /** What the view holds, for a count beside the map. */
  onData?(d: CasesMap | undefined): void;
}

export function CaseLayer({ filter, visible = true, onOpenCase, onData }: CaseLayerProps) {
  const { t } = useI18n();
  const { map, proj, setData, report } = useMapHandle();
  const view = useMapView();
  const cases = useCasesMap(view, filter, visible);
  const data = visible ? cases.data : undefined;
  const cells = useRef<Box[]>([]);
  const open = useRef(onOpenCase);
  open.current = onOpenCase;
  const onDataRef = useRef(onData);
  onDataRef.current = onData;

  useEffect(() => {
    cells.current = data?.kind === 'clusters' ? data.clusters.map((c) => c.bounds) : [];
    setData('clusters', data?.kind === 'clusters' ? clusterCollection(data) : EMPTY);
    setData('points', data?.kind === 'points' ? pointCollection(data) : EMPTY);
    onDataRef.current?.(data);
  }, [data, setData]);

  useEffect(() => {
    const query = visible ? `/api/cases/map${queryString(caseMapQuery(view, filter))}` : '';
    const busy = visible && cases.isFetching;
    report('clusters', { count: data?.kind === 'clusters' ? data.clusters.length : 0, query, busy });
    report('points', { count: data?.kind === 'points' ? data.points.length : 0, query, busy });
  }, [data, visible, view, filter, cases.isFetching, report]);

  useEffect(() => {
    const onCluster = (e: { features?: { id?: string | number }[] }) => {
      const b = cells.current[Number(e.features?.[0]?.id)];
      if (b) map.fitBounds(proj.box(b), { padding: 40, maxZoom: map.getZoom() + 3 });
    };
    const onPoint = (e: { features?: { properties: Record<string, unknown>; geometry: unknown }[] }) => {
      const f = e.features?.[0];
      const c = (f?.geometry as Point | undefined)?.coordinates;
      if (f && c) open.current(Number(f.properties.id), proj.fromDisplay([c[0]!, c[1]!]));
    };
    const pointer = () => (map.getCanvas().style.cursor = 'pointer');
    const plain = () => (map.getCanvas().style.cursor = '');
    map.on('click', 'clusters-circle', onCluster);
    map.on('click', 'points-circle', onPoint);
    for (const l of ['clusters-circle', 'points-circle']) {
      map.on('mouseenter', l, pointer);
      map.on('mouseleave', l, plain);
    }
    return () => {
      map.off('click', 'clusters-circle', onCluster);
      map.off('click', 'points-circle', onPoint);
      for (const l of ['clusters-circle', 'points-circle']) {
        map.off('mouseenter', l, pointer);
        map.off('mouseleave', l, plain);
      }
    };
  }, [map, proj]);

  if (!visible || !cases.isError) return null;
  return (
    <div className="gc-map-overlay gc-map-overlay-tc" role="alert">
      <Alert type="error" showIcon title={`${t('map.casesFailed')}${errorText(cases.error, t)}`} action={<Button size="small" onClick={() => void cases.refetch()}>{t('common.retry')}</Button>} />
    </div>
  );
}
