// Grid lookup throughput on the schematic Guancheng district: `npm run bench:grid [-- --points N | --smoke]`.
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { loadDefaultDistrictSource } from '../src/server/modules/geo/district-source.ts';
import { buildGridIndex } from '../src/server/modules/geo/grid-index.ts';
import { boundsOf } from '../src/server/modules/geo/planar.ts';
import { createPrng } from '../src/server/modules/geo/prng.ts';
import { generateSchematicDistrict } from '../src/server/demo/schematic.ts';

export interface BenchFigure {
  bench: string;
  value: number;
  unit: string;
  [extra: string]: string | number;
}

export async function main(argv: readonly string[] = process.argv.slice(2), print: (line: string) => void = console.log): Promise<BenchFigure[]> {
  const pointsFlag = argv.indexOf('--points');
  const points = pointsFlag >= 0 ? Number(argv[pointsFlag + 1]) : argv.includes('--smoke') ? 100_000 : 1_000_000;
  if (!Number.isInteger(points) || points <= 0) throw new Error(`--points must be a positive integer, got ${argv[pointsFlag + 1]}`);
  const dataDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'data');
  const { district, grids } = generateSchematicDistrict(await loadDefaultDistrictSource(dataDir));

  const buildStart = performance.now();
  const index = buildGridIndex(grids);
  const buildMs = performance.now() - buildStart;

  const b = boundsOf([district.geometry.coordinates]);
  const rand = createPrng(20240601);
  const xy = new Float64Array(points * 2);
  for (let i = 0; i < points; i++) {
    xy[2 * i] = b.minX + rand() * (b.maxX - b.minX);
    xy[2 * i + 1] = b.minY + rand() * (b.maxY - b.minY);
  }
  const run = (count: number): number => {
    let hitsFound = 0;
    for (let i = 0; i < count; i++) if (index.lookup(xy[2 * i]!, xy[2 * i + 1]!) !== null) hitsFound++;
    return hitsFound;
  };
  for (let round = 0; round < 3; round++) run(Math.min(points, 200_000));
  const start = performance.now();
  const hits = run(points);
  const seconds = (performance.now() - start) / 1000;

  const figures: BenchFigure[] = [
    { bench: 'grid_index_build', value: Math.round(buildMs), unit: 'ms', grids: index.size },
    { bench: 'grid_lookup', value: Math.round(points / seconds), unit: 'points/s', points, hit_ratio: Math.round((hits / points) * 1000) / 1000 },
  ];
  for (const f of figures) print(JSON.stringify(f));
  return figures;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
