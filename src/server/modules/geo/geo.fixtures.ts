// Test helpers: tiny hand-written Shapefile (.shp/.shx/.dbf) writer and square-grid fixtures.
import type * as GeoJSON from 'geojson';

export function squareRing(x: number, y: number, w: number, h = w): GeoJSON.Position[] {
  return [
    [x, y],
    [x + w, y],
    [x + w, y + h],
    [x, y + h],
    [x, y],
  ];
}

/** Polygon shapes (type 5), one ring each, plus a dBase III table of character fields. */
export function writeShapefile(rings: GeoJSON.Position[][], records: Record<string, string | Uint8Array>[]): { shp: Uint8Array; shx: Uint8Array; dbf: Uint8Array } {
  // Shapefile polygons: exterior rings clockwise.
  const cw = rings.map((r) => (signedArea(r) > 0 ? [...r].reverse() : r));
  const contents = cw.map((ring) => {
    const bytes = new DataView(new ArrayBuffer(44 + 4 + 16 * ring.length));
    const b = bbox([ring]);
    bytes.setInt32(0, 5, true);
    b.forEach((v, i) => bytes.setFloat64(4 + 8 * i, v, true));
    bytes.setInt32(36, 1, true);
    bytes.setInt32(40, ring.length, true);
    bytes.setInt32(44, 0, true);
    ring.forEach((p, i) => {
      bytes.setFloat64(48 + 16 * i, p[0]!, true);
      bytes.setFloat64(56 + 16 * i, p[1]!, true);
    });
    return new Uint8Array(bytes.buffer);
  });
  const shpLength = 100 + contents.reduce((s, c) => s + 8 + c.length, 0);
  const shp = new Uint8Array(shpLength);
  const shx = new Uint8Array(100 + 8 * contents.length);
  const all = bbox(cw);
  writeHeader(shp, shpLength, all);
  writeHeader(shx, shx.length, all);
  const shpView = new DataView(shp.buffer);
  const shxView = new DataView(shx.buffer);
  let offset = 100;
  contents.forEach((c, i) => {
    shxView.setInt32(100 + 8 * i, offset / 2, false);
    shxView.setInt32(104 + 8 * i, c.length / 2, false);
    shpView.setInt32(offset, i + 1, false);
    shpView.setInt32(offset + 4, c.length / 2, false);
    shp.set(c, offset + 8);
    offset += 8 + c.length;
  });
  return { shp, shx, dbf: writeDbf(records) };
}

function writeHeader(bytes: Uint8Array, length: number, b: number[]): void {
  const v = new DataView(bytes.buffer);
  v.setInt32(0, 9994, false);
  v.setInt32(24, length / 2, false);
  v.setInt32(28, 1000, true);
  v.setInt32(32, 5, true);
  b.forEach((x, i) => v.setFloat64(36 + 8 * i, x, true));
}

function writeDbf(records: Record<string, string | Uint8Array>[]): Uint8Array {
  const encode = (v: string | Uint8Array) => (typeof v === 'string' ? new TextEncoder().encode(v) : v);
  const names = Object.keys(records[0] ?? {});
  const widths = names.map((n) => Math.max(1, ...records.map((r) => encode(r[n] ?? '').length)));
  const headerLength = 32 + 32 * names.length + 1;
  const recordLength = 1 + widths.reduce((s, w) => s + w, 0);
  const out = new Uint8Array(headerLength + recordLength * records.length + 1);
  const v = new DataView(out.buffer);
  out[0] = 0x03;
  out.set([124, 1, 1], 1);
  v.setUint32(4, records.length, true);
  v.setUint16(8, headerLength, true);
  v.setUint16(10, recordLength, true);
  names.forEach((name, i) => {
    out.set(new TextEncoder().encode(name.slice(0, 10)), 32 + 32 * i);
    out[32 + 32 * i + 11] = 'C'.charCodeAt(0);
    out[32 + 32 * i + 16] = widths[i]!;
  });
  out[headerLength - 1] = 0x0d;
  records.forEach((r, k) => {
    let at = headerLength + k * recordLength;
    out[at++] = 0x20;
    names.forEach((n, i) => {
      const bytes = encode(r[n] ?? '');
      out.fill(0x20, at, at + widths[i]!);
      out.set(bytes, at);
      at += widths[i]!;
    });
  });
  out[out.length - 1] = 0x1a;
  return out;
}

function bbox(rings: GeoJSON.Position[][]): number[] {
  const xs = rings.flat().map((p) => p[0]!);
  const ys = rings.flat().map((p) => p[1]!);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

function signedArea(ring: GeoJSON.Position[]): number {
  let s = 0;
  for (let i = 1; i < ring.length; i++) s += (ring[i - 1]![0]! - ring[i]![0]!) * (ring[i - 1]![1]! + ring[i]![1]!);
  return s / 2;
}
