/**
 * The second demo district, 金水区 (410105), entirely schematic (示意): an outline drawn just north of
 * 管城回族区's (it touches no point of it), eight of Jinshui's street names with codes in 001–008 and
 * numbered communities under them. Nothing here is an official boundary, code list or anchor: it exists
 * so one deployment can hold two districts (and a city-level leader) in the demo. Generated into grids by
 * the same schematic generator as the first district (schematic.ts).
 */
import type { DistrictSource } from '../modules/geo/geo.types.ts';

export const JINSHUI_CODE = '410105';

/** Counter-clockwise; its southern edge lies north of 34.7690, above every point of 管城回族区's outline (max 34.7676). */
const OUTLINE: [number, number][] = [
  [113.648, 34.7695], [113.680, 34.7695], [113.712, 34.7700], [113.742, 34.7698], [113.748, 34.7810], [113.744, 34.7960],
  [113.738, 34.8120], [113.712, 34.8160], [113.684, 34.8180], [113.660, 34.8140], [113.646, 34.8030], [113.642, 34.7860],
  [113.648, 34.7695],
];

/** Street, community count and the point its zone grows from (west→east, north row first). */
const STREETS: Array<[name: string, communities: number, lng: number, lat: number]> = [
  ['经八路街道', 6, 113.660, 34.806],
  ['花园路街道', 5, 113.685, 34.807],
  ['人民路街道', 6, 113.710, 34.806],
  ['杜岭街道', 5, 113.732, 34.803],
  ['大石桥街道', 4, 113.658, 34.781],
  ['南阳路街道', 6, 113.684, 34.780],
  ['文化路街道', 5, 113.710, 34.780],
  ['丰产路街道', 5, 113.733, 34.779],
];

const ORDINALS = '一二三四五六七八九十';

export function jinshuiSource(): DistrictSource {
  const streets = STREETS.map(([name, communityCount], i) => ({ code: `${JINSHUI_CODE}${String(i + 1).padStart(3, '0')}`, name, communityCount }));
  return {
    districtCode: JINSHUI_CODE,
    outline: { type: 'Polygon', coordinates: [OUTLINE] },
    streets,
    communities: streets.flatMap((s) => {
      const short = s.name.replace(/街道$/, '');
      return Array.from({ length: s.communityCount }, (_, k) => ({
        code: `${s.code}${String(k + 1).padStart(3, '0')}`,
        name: `${short}第${ORDINALS[k]}社区居委会`,
        streetCode: s.code,
      }));
    }),
    anchors: STREETS.map(([, , lng, lat], i) => ({ code: streets[i]!.code, lng, lat })),
  };
}
