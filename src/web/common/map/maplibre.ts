/**
 * MapLibre GL, loaded only with the map chunk (never on the first screen): its stylesheet, and its
 * worker served from our own origin as a module script (the CSP allows workers from 'self' and blob:;
 * MapLibre 6 wraps a same-origin URL in a blob module that imports it). Every map value import goes
 * through this file so the worker URL is set before the first map is made.
 */
import { prewarm, setWorkerUrl } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import './map.css';

setWorkerUrl(workerUrl);
// Start the workers (and fetch their script) as the chunk arrives, not when the first map is made: the
// map's style and data then wait on nothing.
prewarm();

export { LngLatBounds, Map, Marker, NavigationControl, Popup, ScaleControl } from 'maplibre-gl';
export type { GeoJSONSource, MapGeoJSONFeature, MapLayerMouseEvent, MapMouseEvent, StyleSpecification } from 'maplibre-gl';
