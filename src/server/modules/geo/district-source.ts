import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type * as GeoJSON from 'geojson';
import type { DistrictSource } from './geo.types.ts';

/** RFC 4180 CSV: quoted fields, doubled quotes, CRLF. Returns rows keyed by the header. */
export function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let field = '';
  let row: string[] = [];
  let quoted = false;
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && body[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  const [header, ...data] = rows.filter((r) => r.length > 1 || r[0] !== '');
  if (!header) return [];
  return data.map((r) => Object.fromEntries(header.map((h, i) => [h.trim(), (r[i] ?? '').trim()])));
}

/** Loads the Guancheng (410104) files shipped in data/. */
export async function loadDefaultDistrictSource(dataDir: string, districtCode = '410104'): Promise<DistrictSource> {
  const read = (name: string) => readFile(join(dataDir, name), 'utf8');
  const [outlineText, streetsText, communitiesText, anchorsText] = await Promise.all([
    read(`guancheng_${districtCode}.outline.wgs84.geojson`),
    read(`streets_${districtCode}.csv`),
    read(`communities_${districtCode}.csv`),
    read(`street_anchors_${districtCode}.approx.wgs84.json`),
  ]);
  const outlineJson = JSON.parse(outlineText) as GeoJSON.FeatureCollection | GeoJSON.Feature | GeoJSON.Polygon;
  const outline =
    outlineJson.type === 'FeatureCollection' ? outlineJson.features[0]?.geometry : outlineJson.type === 'Feature' ? outlineJson.geometry : outlineJson;
  if (!outline || outline.type !== 'Polygon') throw new Error(`district outline for ${districtCode} is not a Polygon`);
  const anchors = (JSON.parse(anchorsText) as { code: string; lng: number; lat: number }[]).map(({ code, lng, lat }) => ({ code, lng, lat }));
  return {
    districtCode,
    outline,
    streets: parseCsv(streetsText).map((r) => ({ code: r.code ?? '', name: r.name ?? '', communityCount: Number(r.community_count) })),
    communities: parseCsv(communitiesText).map((r) => ({ code: r.code ?? '', name: r.name ?? '', streetCode: r.street_code ?? '' })),
    anchors,
  };
}
