/** The map's current view as the API is asked about it, updated a moment after the map stops moving. */
import { useEffect, useState } from 'react';
import { useMapHandle } from './BaseMap.tsx';
import { snapBox, type Box } from './coords.ts';
import type { MapView } from './map-api.ts';

const DEBOUNCE_MS = 250;

export function useMapView(): MapView {
  const handle = useMapHandle();
  const { map, proj } = handle;
  const read = (): MapView => {
    const b = map.getBounds();
    const [x0, y0] = proj.fromDisplay([b.getWest(), b.getSouth()]);
    const [x1, y1] = proj.fromDisplay([b.getEast(), b.getNorth()]);
    const box: Box = [Math.max(-180, x0), Math.max(-90, y0), Math.min(180, x1), Math.min(90, y1)];
    return { bbox: snapBox(box, 1e-5), zoom: Math.max(0, Math.floor(map.getZoom())) };
  };
  // The view with the count of moves it was read after: the map is idle only once each reader has
  // committed its view for the latest move (BaseMap), so its layer has asked about what is on screen.
  const [state, setState] = useState(() => ({ view: read(), moves: handle.moves() }));
  const [reader] = useState(() => Symbol('view'));
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onMove = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        const next = read();
        const moves = handle.moves();
        setState((s) => ({ view: s.view.zoom === next.zoom && s.view.bbox.every((x, i) => x === next.bbox[i]) ? s.view : next, moves }));
      }, DEBOUNCE_MS);
    };
    map.on('moveend', onMove);
    map.on('resize', onMove);
    return () => {
      clearTimeout(timer);
      map.off('moveend', onMove);
      map.off('resize', onMove);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [map]);
  useEffect(() => handle.viewRead(reader, state.moves), [handle, reader, state.moves]);
  useEffect(() => () => handle.viewRead(reader, null), [handle, reader]);
  return state.view;
}

/** The fractional zoom, updated as the map zooms (for layers that appear from a zoom on). */
export function useZoom(): number {
  const { map } = useMapHandle();
  const [zoom, setZoom] = useState(() => map.getZoom());
  useEffect(() => {
    const on = () => setZoom(map.getZoom());
    map.on('zoomend', on);
    return () => void map.off('zoomend', on);
  }, [map]);
  return zoom;
}
