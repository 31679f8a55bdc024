/**
 * MapLibre GL, loaded only with the map chunk (never on the first screen): its stylesheet, and its
 * worker served from our own origin as a module script (the CSP allows workers from 'self' and blob:;
 * MapLibre 6 wraps a same-origin URL in a blob module that imports it). Every map value import goes
 * through this file so the worker URL is set before the first map is made.
 */
import { setWorkerUrl } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import './map.css';

setWorkerUrl(workerUrl);

export { LngLatBounds, Map, Marker, NavigationControl, Popup, ScaleControl } from 'maplibre-gl';
export type { GeoJSONSource, MapGeoJSONFeature, MapLayerMouseEvent, MapMouseEvent, StyleSpecification } from 'maplibre-gl';
