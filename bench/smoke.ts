/**
 * `npm run bench:smoke`: every benchmark, briefly, to prove it still runs (CI).
 * `npm run bench`: every benchmark at full size. Each prints one JSON line per figure.
 */
import { main as gridLookup } from './grid-lookup.bench.ts';
import { main as search } from './search.bench.ts';
import { main as intake } from './intake.bench.ts';
import { main as geoFeatures } from './geo-features.bench.ts';
import { main as web } from './web.bench.ts';

const full = process.argv.includes('--full');
const benches: Array<[name: string, run: () => Promise<unknown>]> = [
  ['grid_lookup', () => gridLookup(full ? [] : ['--smoke'])],
  ['search', () => search(full ? [] : ['--smoke'])],
  ['intake', () => intake(full ? [] : ['--smoke'])],
  ['geo_features', () => geoFeatures(full ? [] : ['--smoke'])],
  ['web', () => web(full ? [] : ['--smoke'])],
];
for (const [name, run] of benches) {
  const t0 = performance.now();
  await run();
  console.error(`# ${name}: ${Math.round(performance.now() - t0)} ms`);
}
