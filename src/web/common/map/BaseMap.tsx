/**
 * The one map component every front end builds on: a MapLibre map styled from the deployment's basemap
 * (GET /api/web-config), with our data converted for display when the basemap is GCJ-02. Children are
 * layer hooks and overlays, rendered once the style has loaded, reaching the map through `useMapHandle`.
 *
 * For tests the map is `window.__gcMap`, and the container says what the layers hold once the map has
 * drawn it: data-rendered-{grids,clusters,points,alerts}, the requests they came from
 * (data-grids-query, data-cases-query) and data-map-state (`loading` until drawn, then `idle`), with
 * data-ready="true" while idle (the marker bench:web waits for).
 */
import { createContext, useContext, useEffect, useMemo, useRef, useState, type CSSProperties, type ReactNode, type RefObject } from 'react';
import { Skeleton } from 'antd';
import type { FeatureCollection } from 'geojson';
import { ApiErrorAlert } from '../components/ApiErrorAlert.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { projector, type Box, type LngLat, type Projector } from './coords.ts';
import { Map as MapLibre, NavigationControl, ScaleControl, type GeoJSONSource } from './maplibre.ts';
import { useWebConfig, type Basemap } from './map-api.ts';
import { buildStyle, type SourceId } from './style.ts';

declare global {
  interface Window {
    __gcMap?: MapLibre;
  }
}

export interface LayerReport {
  count: number;
  query?: string;
  busy?: boolean;
}

export type ReportKind = 'grids' | 'clusters' | 'points' | 'alerts';

export interface MapHandle {
  map: MapLibre;
  proj: Projector;
  basemap: Basemap;
  /** Replaces a source's features (given in WGS-84; converted for display here). */
  setData(source: SourceId, fc: FeatureCollection): void;
  /** What a layer now holds, written on the container once the map has drawn it. */
  report(kind: ReportKind, r: LayerReport): void;
  /** How many times the view has started to change (moves, resizes): a view read before the last one is stale. */
  moves(): number;
  /** A view reader (useMapView) has acted on the view as of `moves`; `null` when it goes. */
  viewRead(reader: symbol, moves: number | null): void;
}

const Ctx = createContext<MapHandle | null>(null);

export function useMapHandle(): MapHandle {
  const h = useContext(Ctx);
  if (!h) throw new Error('useMapHandle outside BaseMap');
  return h;
}

export interface BaseMapProps {
  /** WGS-84 box to show at first (or center and zoom). */
  bounds?: Box;
  center?: LngLat;
  zoom?: number;
  /** Room kept free around `bounds` (for panels over the map). */
  padding?: number | { top: number; bottom: number; left: number; right: number };
  interactive?: boolean;
  scrollZoom?: boolean;
  height?: CSSProperties['height'];
  className?: string;
  ariaLabel: string;
  testId?: string;
  onMapClick?(p: LngLat): void;
  /** The layers that report what they hold: data-map-state stays `loading` until each has. */
  expects?: readonly ReportKind[];
  children?: ReactNode;
}

export function BaseMap(props: BaseMapProps) {
  const { lang } = useI18n();
  const cfg = useWebConfig();
  const height = props.height ?? '100%';
  // Where the map was: a language switch makes a new map, which opens where the old one was.
  const lastView = useRef<{ center: LngLat; zoom: number } | null>(null);
  if (cfg.isPending) return <Skeleton.Node active className="gc-map-skeleton" style={{ width: '100%', height }} />;
  if (cfg.isError) return <ApiErrorAlert error={cfg.error} onRetry={() => void cfg.refetch()} />;
  // The map's own control labels are fixed at creation: a language switch makes a new map.
  return <MapCanvas key={lang} {...props} height={height} basemap={cfg.data.basemap} lastView={lastView} />;
}

function MapCanvas({ basemap, bounds, center, zoom, padding = 24, interactive = true, scrollZoom = true, height, className, ariaLabel, testId, onMapClick, expects = [], children, lastView }: BaseMapProps & { basemap: Basemap; lastView: RefObject<{ center: LngLat; zoom: number } | null> }) {
  const { t } = useI18n();
  const container = useRef<HTMLDivElement>(null);
  const [handle, setHandle] = useState<MapHandle | null>(null);
  const clickRef = useRef(onMapClick);
  clickRef.current = onMapClick;
  const expectsRef = useRef(expects);
  expectsRef.current = expects;
  const proj = useMemo(() => projector(basemap.crs), [basemap.crs]);

  useEffect(() => {
    const el = container.current!;
    const map = new MapLibre({
      container: el,
      style: buildStyle(basemap),
      ...(lastView.current
        ? lastView.current
        : bounds ? { bounds: proj.box(bounds), fitBoundsOptions: { padding } } : { center: center && proj.toDisplay(center), zoom: zoom ?? 12 }),
      maxZoom: basemap.maxZoom,
      interactive,
      scrollZoom,
      dragRotate: false,
      pitchWithRotate: false,
      touchPitch: false,
      attributionControl: { compact: true },
      locale: {
        'Map.Title': ariaLabel,
        'Marker.Title': t('map.markerTitle'),
        'NavigationControl.ZoomIn': t('map.zoomIn'),
        'NavigationControl.ZoomOut': t('map.zoomOut'),
        'NavigationControl.ResetBearing': t('map.resetBearing'),
        'Popup.Close': t('map.popupClose'),
        'AttributionControl.ToggleAttribution': t('map.toggleAttribution'),
      },
    });
    map.touchZoomRotate.disableRotation();
    if (interactive) map.addControl(new NavigationControl({ showCompass: false }), 'top-right');
    map.addControl(new ScaleControl({ unit: 'metric' }), 'bottom-right');
    window.__gcMap = map;

    const reports = new Map<string, LayerReport>();
    // The map is not idle while a layer has yet to ask about the view it shows: from the start of a move
    // until every view reader has read the view after it (its debounce), and its layer then reported.
    let moves = 0;
    const readers = new Map<symbol, number>();
    const loading = () => {
      el.dataset.mapState = 'loading';
      el.dataset.ready = 'false';
    };
    loading();
    const write = () => {
      for (const [kind, r] of reports) {
        el.dataset[`rendered${kind[0]!.toUpperCase()}${kind.slice(1)}`] = String(r.count);
        if (r.query !== undefined) el.dataset[`${kind === 'grids' ? 'grids' : kind === 'alerts' ? 'alerts' : 'cases'}Query`] = r.query;
      }
      el.dataset.zoom = map.getZoom().toFixed(2);
      const waiting = expectsRef.current.some((k) => !reports.has(k)) || [...reports.values()].some((r) => r.busy) || [...readers.values()].some((m) => m < moves);
      el.dataset.mapState = waiting ? 'loading' : 'idle';
      el.dataset.ready = String(!waiting);
    };
    map.on('idle', write);
    const moved = () => {
      moves++;
      loading();
    };
    map.on('movestart', moved);
    map.on('resize', moved);
    map.on('moveend', () => {
      const c = map.getCenter();
      lastView.current = { center: [c.lng, c.lat], zoom: map.getZoom() };
    });
    // A style or data problem is a bug to see in the console, not a blank map without a word; a basemap
    // tile that does not come (an intranet without the tile server) is not: our own layers still draw.
    map.on('error', (e) => {
      if (!String((e as { sourceId?: string }).sourceId ?? '').startsWith('basemap')) console.error('map:', e.error?.message ?? e);
    });
    map.on('click', (e) => clickRef.current?.(proj.fromDisplay([e.lngLat.lng, e.lngLat.lat])));
    map.on('load', () => {
      setHandle({
        map,
        proj,
        basemap,
        setData: (source, fc) => (map.getSource(source) as GeoJSONSource | undefined)?.setData(proj.collection(fc as never) as never),
        report: (kind, r) => {
          reports.set(kind, r);
          loading();
          map.triggerRepaint();
        },
        moves: () => moves,
        viewRead: (reader, m) => {
          if (m === null) readers.delete(reader);
          else readers.set(reader, m);
          map.triggerRepaint();
        },
      });
    });
    return () => {
      setHandle(null);
      if (window.__gcMap === map) delete window.__gcMap;
      map.remove();
    };
    // The map is made once per mount; the view props are only where it starts.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [basemap, proj]);

  return (
    <div className={`gc-map ${className ?? ''}`} style={{ height }}>
      <div ref={container} className="gc-map-canvas" data-testid={testId} role="region" aria-label={ariaLabel} />
      {handle && <Ctx.Provider value={handle}>{children}</Ctx.Provider>}
    </div>
  );
}
