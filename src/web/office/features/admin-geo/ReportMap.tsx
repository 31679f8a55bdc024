/**
 * The file's features on the map as the server read them (WGS-84, whatever the file's CRS): neutral when
 * good, amber with a warning, red with an error, the selected one outlined; our current divisions (and, for a
 * grid file, the current grids) faintly beneath for comparison. Lazily loaded with MapLibre.
 *
 * For tests: the layer `geo-import-fill` holds features with `index` and `status`; the wrapper says how
 * many the source holds (data-import-features) and which is selected (data-selected).
 */
import { useEffect, useMemo, useRef, type CSSProperties } from 'react';
import type { GeoJSONSource, MapLayerMouseEvent } from 'maplibre-gl';
import { useI18n } from '../../../common/i18n/i18n.tsx';
import { BaseMap, useMapHandle } from '../../../common/map/BaseMap.tsx';
import { featureBox, type Box } from '../../../common/map/coords.ts';
import { DivisionLayers } from '../../../common/map/DivisionLayers.tsx';
import { GridLayer } from '../../../common/map/GridLayer.tsx';
import { useDivisionFeatures } from '../../../common/map/map-api.ts';
import { reportCollection, type ImportKind, type ReportRow } from './api.ts';
import type { Selection } from './ReportStep.tsx';

const SOURCE = 'geo-import';
const STATUS_COLOURS = { ok: '#3d4b66', warning: '#d48806', error: '#cf1322' } as const;
const SELECTED = '#1456c8';
const colourOf = ['match', ['get', 'status'], 'error', STATUS_COLOURS.error, 'warning', STATUS_COLOURS.warning, STATUS_COLOURS.ok];

function union(rows: readonly ReportRow[]): Box | undefined {
  const boxes = reportCollection(rows).features.map((f) => featureBox(f));
  if (boxes.length === 0) return undefined;
  return [Math.min(...boxes.map((b) => b[0])), Math.min(...boxes.map((b) => b[1])), Math.max(...boxes.map((b) => b[2])), Math.max(...boxes.map((b) => b[3]))];
}

export default function ReportMap({ rows, kind, selected, onSelect, height }: { rows: readonly ReportRow[]; kind: ImportKind; selected: Selection | null; onSelect(index: number): void; height: CSSProperties['height'] }) {
  const { t } = useI18n();
  const district = useDivisionFeatures('district');
  const bounds = useMemo(() => union(rows), [rows]);
  // Without any drawable feature the map opens on the district, to show at least where it would have been.
  if (!bounds && district.isPending) return null;
  return (
    <div className="gc-geo-map" data-import-features={reportCollection(rows).features.length} data-selected={selected?.index ?? ''}>
      <BaseMap bounds={bounds ?? (district.data?.bbox as Box | undefined)} padding={40} height={height} ariaLabel={t('adminGeo.mapLabel')} testId="geo-import-map">
        <DivisionLayers />
        {kind === 'grids' && <GridLayer />}
        <ImportLayers rows={rows} selected={selected} onSelect={onSelect} />
        <div className="gc-map-overlay gc-map-overlay-bl gc-geo-legend" role="group" aria-label={t('map.legend')}>
          <span className="gc-geo-swatch gc-geo-swatch-ok" aria-hidden />{t('adminGeo.legendOk')}
          <span className="gc-geo-swatch gc-geo-swatch-warning" aria-hidden />{t('adminGeo.legendWarning')}
          <span className="gc-geo-swatch gc-geo-swatch-error" aria-hidden />{t('adminGeo.legendError')}
          <span className="gc-geo-swatch gc-geo-swatch-selected" aria-hidden />{t('adminGeo.legendSelected')}
          <span className="gc-map-swatch gc-map-swatch-line gc-map-swatch-dash" aria-hidden />{t('adminGeo.legendExisting')}
        </div>
      </BaseMap>
    </div>
  );
}

function ImportLayers({ rows, selected, onSelect }: { rows: readonly ReportRow[]; selected: Selection | null; onSelect(index: number): void }) {
  const { map, proj } = useMapHandle();
  const pick = useRef(onSelect);
  pick.current = onSelect;
  const data = useMemo(() => reportCollection(rows), [rows]);

  useEffect(() => {
    // Above the grids and boundaries, below the labels: the names stay readable over a red feature.
    const before = map.getLayer('grid-labels') ? 'grid-labels' : undefined;
    map.addSource(SOURCE, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
    map.addLayer({
      id: 'geo-import-fill', type: 'fill', source: SOURCE,
      paint: { 'fill-color': colourOf as never, 'fill-opacity': ['match', ['get', 'status'], 'error', 0.35, 'warning', 0.3, 0.12] as never },
    }, before);
    map.addLayer({
      id: 'geo-import-line', type: 'line', source: SOURCE,
      paint: { 'line-color': colourOf as never, 'line-width': ['match', ['get', 'status'], 'error', 2.5, 'warning', 2, 1.5] as never },
    }, before);
    map.addLayer({ id: 'geo-import-selected', type: 'line', source: SOURCE, filter: ['==', ['get', 'index'], -1], paint: { 'line-color': SELECTED, 'line-width': 4 } }, before);
    const click = (e: MapLayerMouseEvent) => {
      // Overlapping features: the one drawn with a problem is the one the person is after.
      const hit = [...(e.features ?? [])].sort((a, b) => (a.properties.status === 'error' ? -1 : 0) - (b.properties.status === 'error' ? -1 : 0))[0];
      if (hit) pick.current(Number(hit.properties.index));
    };
    const enter = () => void (map.getCanvas().style.cursor = 'pointer');
    const leave = () => void (map.getCanvas().style.cursor = '');
    map.on('click', 'geo-import-fill', click);
    map.on('mouseenter', 'geo-import-fill', enter);
    map.on('mouseleave', 'geo-import-fill', leave);
    return () => {
      map.off('click', 'geo-import-fill', click);
      map.off('mouseenter', 'geo-import-fill', enter);
      map.off('mouseleave', 'geo-import-fill', leave);
      if (!map.getStyle()) return;
      for (const id of ['geo-import-selected', 'geo-import-line', 'geo-import-fill']) if (map.getLayer(id)) map.removeLayer(id);
      if (map.getSource(SOURCE)) map.removeSource(SOURCE);
    };
  }, [map]);

  useEffect(() => {
    (map.getSource(SOURCE) as GeoJSONSource | undefined)?.setData(proj.collection(data) as never);
    // The whole file in view: the box the map opened on was fitted before the page had settled its layout.
    const box = union(rows);
    if (box) map.fitBounds(proj.box(box) as [number, number, number, number], { padding: 40, duration: 0 });
  }, [map, proj, data, rows]);

  useEffect(() => {
    if (map.getLayer('geo-import-selected')) map.setFilter('geo-import-selected', ['==', ['get', 'index'], selected?.index ?? -1]);
    if (!selected?.fly) return;
    const f = data.features.find((x) => x.properties.index === selected.index);
    if (f) map.fitBounds(proj.box(featureBox(f)) as [number, number, number, number], { padding: 80, maxZoom: 17, duration: 600 });
  }, [map, proj, data, selected]);
  return null;
}
