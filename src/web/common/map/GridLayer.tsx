/**
 * The unit grids of the view, from GRID_MIN_ZOOM on, asked for by a box snapped outward to a 0.01°
 * lattice (so a small pan asks the same question and the browser's ETag answers it), labelled with their
 * codes from GRID_LABEL_ZOOM. What the layer holds is reported as data-rendered-grids / data-grids-query.
 */
import { useEffect, useMemo } from 'react';
import { useMapHandle } from './BaseMap.tsx';
import { snapBox } from './coords.ts';
import { labelPoints } from './labels.ts';
import { gridQueryString, useGridFeatures } from './map-api.ts';
import { GRID_MIN_ZOOM } from './style.ts';
import { useMapView } from './useMapView.ts';

const EMPTY = { type: 'FeatureCollection' as const, features: [] };

export function GridLayer({ visible = true }: { visible?: boolean }) {
  const { setData, report } = useMapHandle();
  const view = useMapView();
  const shown = visible && view.zoom >= GRID_MIN_ZOOM;
  const bbox = useMemo(() => (shown ? snapBox(view.bbox, 0.01) : null), [shown, view.bbox]);
  const grids = useGridFeatures(bbox);
  const data = shown ? grids.data : undefined;

  useEffect(() => {
    setData('grids', data ?? EMPTY);
    setData('gridLabels', data ? labelPoints(data) : EMPTY);
  }, [data, setData]);
  useEffect(() => {
    report('grids', {
      count: data?.features.length ?? 0,
      query: bbox ? `/api/grids/features?${gridQueryString(bbox)}` : '',
      busy: shown && grids.isFetching,
    });
  }, [data, bbox, shown, grids.isFetching, report]);
  return null;
}
