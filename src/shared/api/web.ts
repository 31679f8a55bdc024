/** What the browser is told about the deployment (GET /api/web-config): the map's basemap. */
import { z } from 'zod';

export const webConfigResponse = z.object({
  basemap: z.object({
    kind: z.enum(['none', 'tianditu', 'amap', 'xyz']).describe('none: 离线，仅本系统的区划与网格数据 offline, our own GeoJSON only'),
    tiles: z.array(z.array(z.string())).describe('栅格瓦片地址模板（每层若干子域），自下而上 raster tile URL templates per layer, bottom first'),
    crs: z.enum(['wgs84', 'gcj02']).describe('瓦片的坐标系；gcj02 时本系统的 WGS-84 数据仅在显示时转换 the tiles’ coordinate system; WGS-84 data is shifted for display only'),
    attribution: z.string(),
    maxZoom: z.number().int(),
  }),
});
