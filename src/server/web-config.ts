/**
 * What the browser needs to know about this deployment that is not per user: the basemap. Offline by
 * default (our own district GeoJSON only); Tianditu WMTS with a key (the licensed map with a 审图号 that
 * public maps in China need), AMap (GCJ-02: our WGS-84 data is shifted for display only), or any XYZ URL.
 */
import type { Config } from './config.ts';

import type { z } from 'zod';
import type { webConfigResponse } from '../shared/api/web.ts';

export type WebConfig = z.output<typeof webConfigResponse>;
export type BasemapKind = WebConfig['basemap']['kind'];

const TIANDITU = (layer: string, key: string) =>
  [0, 1, 2, 3, 4, 5, 6, 7].map((n) => `https://t${n}.tianditu.gov.cn/${layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=${layer}&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=${encodeURIComponent(key)}`);
const AMAP = [1, 2, 3, 4].map((n) => `https://webrd0${n}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8&x={x}&y={y}&z={z}`);

export function webConfig(cfg: Config): WebConfig {
  const b = cfg.basemap;
  switch (b.kind) {
    case 'tianditu':
      return { basemap: { kind: 'tianditu', tiles: [TIANDITU('vec', b.key!), TIANDITU('cva', b.key!)], crs: 'wgs84', attribution: '天地图 tianditu.gov.cn', maxZoom: 18 } };
    case 'amap':
      return { basemap: { kind: 'amap', tiles: [AMAP], crs: 'gcj02', attribution: '© 高德地图 AutoNavi', maxZoom: 18 } };
    case 'xyz':
      return { basemap: { kind: 'xyz', tiles: [[b.url!]], crs: b.crs, attribution: b.attribution ?? '', maxZoom: 19 } };
    default:
      return { basemap: { kind: 'none', tiles: [], crs: 'wgs84', attribution: '', maxZoom: 20 } };
  }
}

/** The origins the CSP must let images and tile fetches come from. */
export function basemapHosts(cfg: Config): string[] {
  const hosts = new Set<string>();
  for (const layer of webConfig(cfg).basemap.tiles) for (const t of layer) hosts.add(new URL(t.replace(/\{[a-z]\}/g, '0')).origin);
  return [...hosts];
}
