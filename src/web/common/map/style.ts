/**
 * The map's style, built from the deployment's basemap (GET /api/web-config): a plain light ground when
 * offline (`none`), raster tiles otherwise (Tianditu, AMap, any XYZ), then our own layers — every
 * source starts empty and the layer hooks fill it. Labels need no glyph server: MapLibre 6 draws text
 * with the browser's fonts (Chinese included) when the style names no `glyphs` URL.
 */
import type { StyleSpecification } from 'maplibre-gl';
import type { Basemap } from './map-api.ts';
import { CLUSTER_COLOUR, stageColourExpression, URGENT_COLOUR } from './case-stages.ts';

/** Grids are drawn from this zoom (≈ a street's extent on a 1440 px screen); their codes from GRID_LABEL_ZOOM. */
export const GRID_MIN_ZOOM = 14;
export const GRID_LABEL_ZOOM = 16.5;

export const SOURCES = ['district', 'streets', 'communities', 'streetLabels', 'communityLabels', 'grids', 'gridLabels', 'clusters', 'points', 'focus'] as const;
export type SourceId = (typeof SOURCES)[number];

/** The layers each toggle of the layer panel shows or hides. */
export const LAYER_GROUPS = {
  district: ['district-fill', 'district-line'],
  streets: ['streets-line', 'street-labels'],
  communities: ['communities-line', 'community-labels'],
  grids: ['grids-line', 'grid-labels'],
  cases: ['clusters-circle', 'clusters-count', 'points-circle'],
} as const;
export type LayerGroup = keyof typeof LAYER_GROUPS;

const FONT = ['Noto Sans CJK SC', 'Microsoft YaHei', 'PingFang SC', 'sans-serif'];
const empty = { type: 'geojson' as const, data: { type: 'FeatureCollection' as const, features: [] } };

export function buildStyle(basemap: Basemap): StyleSpecification {
  const online = basemap.kind !== 'none' && basemap.tiles.length > 0;
  const raster = Object.fromEntries(basemap.tiles.map((tiles, i) => [`basemap${i}`, {
    type: 'raster' as const, tiles, tileSize: 256, maxzoom: basemap.maxZoom, ...(i === 0 && basemap.attribution ? { attribution: basemap.attribution } : {}),
  }]));
  const sources = { ...raster, ...Object.fromEntries(SOURCES.map((s) => [s, { ...empty }])) };
  return {
    version: 8,
    sources,
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': online ? '#e9edf2' : '#f4f6f3' } },
      ...basemap.tiles.map((_, i) => ({ id: `basemap${i}`, type: 'raster' as const, source: `basemap${i}` })),
      { id: 'district-fill', type: 'fill', source: 'district', paint: { 'fill-color': online ? 'rgba(20,86,200,0.03)' : '#ffffff', 'fill-opacity': online ? 1 : 0.9 } },
      { id: 'focus-fill', type: 'fill', source: 'focus', filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': 'rgba(20,86,200,0.14)' } },
      { id: 'grids-line', type: 'line', source: 'grids', minzoom: GRID_MIN_ZOOM, paint: { 'line-color': '#a3afc2', 'line-width': ['interpolate', ['linear'], ['zoom'], 14, 0.4, 18, 1.2], 'line-opacity': ['interpolate', ['linear'], ['zoom'], 14, 0.5, 15, 1] } },
      { id: 'communities-line', type: 'line', source: 'communities', minzoom: 11.5, paint: { 'line-color': '#7d8fb0', 'line-width': ['interpolate', ['linear'], ['zoom'], 12, 0.6, 16, 1.6], 'line-dasharray': [3, 2] } },
      { id: 'streets-line', type: 'line', source: 'streets', paint: { 'line-color': '#3a64b0', 'line-width': ['interpolate', ['linear'], ['zoom'], 11, 1, 16, 2.5] } },
      { id: 'district-line', type: 'line', source: 'district', paint: { 'line-color': '#0b3d91', 'line-width': ['interpolate', ['linear'], ['zoom'], 10, 2, 16, 4] } },
      { id: 'focus-line', type: 'line', source: 'focus', filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'line-color': '#1456c8', 'line-width': 2.5 } },
      {
        id: 'grid-labels', type: 'symbol', source: 'gridLabels', minzoom: GRID_LABEL_ZOOM,
        layout: { 'text-field': ['get', 'code'], 'text-font': FONT, 'text-size': 11, 'text-padding': 1 },
        paint: { 'text-color': '#5b6b85', 'text-halo-color': '#ffffff', 'text-halo-width': 1.5 },
      },
      {
        id: 'focus-label', type: 'symbol', source: 'focus', filter: ['==', ['geometry-type'], 'Polygon'],
        layout: { 'text-field': ['get', 'code'], 'text-font': FONT, 'text-size': 12, 'text-offset': [0, 1.6] },
        paint: { 'text-color': '#0b3d91', 'text-halo-color': '#ffffff', 'text-halo-width': 2 },
      },
      {
        id: 'community-labels', type: 'symbol', source: 'communityLabels', minzoom: 13.5,
        layout: { 'text-field': ['get', 'name'], 'text-font': FONT, 'text-size': ['interpolate', ['linear'], ['zoom'], 13.5, 12, 17, 14], 'text-max-width': 8 },
        paint: { 'text-color': '#3d4b66', 'text-halo-color': '#ffffff', 'text-halo-width': 1.8 },
      },
      {
        id: 'street-labels', type: 'symbol', source: 'streetLabels', maxzoom: 14.5,
        layout: { 'text-field': ['get', 'name'], 'text-font': FONT, 'text-size': ['interpolate', ['linear'], ['zoom'], 11, 13, 14, 16], 'text-max-width': 8 },
        paint: { 'text-color': '#0b3d91', 'text-halo-color': '#ffffff', 'text-halo-width': 2 },
      },
      {
        id: 'clusters-circle', type: 'circle', source: 'clusters',
        paint: {
          'circle-color': CLUSTER_COLOUR,
          'circle-opacity': 0.85,
          'circle-radius': ['interpolate', ['linear'], ['sqrt', ['get', 'count']], 1, 10, 10, 20, 40, 34],
          'circle-stroke-width': ['case', ['==', ['get', 'maxUrgency'], 'urgent'], 3, 2],
          'circle-stroke-color': ['case', ['==', ['get', 'maxUrgency'], 'urgent'], URGENT_COLOUR, '#ffffff'],
        },
      },
      {
        id: 'clusters-count', type: 'symbol', source: 'clusters',
        layout: { 'text-field': ['get', 'label'], 'text-font': FONT, 'text-size': 12, 'text-allow-overlap': true, 'text-ignore-placement': true },
        paint: { 'text-color': '#ffffff' },
      },
      {
        id: 'points-circle', type: 'circle', source: 'points',
        paint: {
          'circle-color': stageColourExpression() as never,
          'circle-radius': ['interpolate', ['linear'], ['zoom'], 11, 4, 16, 7, 19, 9],
          'circle-stroke-width': ['case', ['==', ['get', 'urgency'], 'urgent'], 3, 1.5],
          'circle-stroke-color': ['case', ['==', ['get', 'urgency'], 'urgent'], URGENT_COLOUR, '#ffffff'],
        },
      },
    ],
  };
}
