import type { Db } from '../../db/pool.ts';
import type { Polygonal } from './geo.types.ts';
import { buildGridIndex, type GridHit, type GridIndex } from './grid-index.ts';
import { createMapFeatureCache, type MapFeatureCache } from './map-features.ts';
import { createPlaceCache, type PlaceCache } from './places.ts';


/**
 * The in-memory point → grid index of the current grid version. Rebuilt after an import in this
 * process, and in every other app process on GRIDS_CHANNEL (server.ts subscribes it to the live hub).
 * It also holds the app's map features (map-features.ts) and named places (places.ts), dropped on the same refresh.
 */
export interface GridIndexHolder {
  size(): number;
  locate(lng: number, lat: number): GridHit | null;
  refresh(): Promise<void>;
  features: MapFeatureCache;
  /** Named places for the place search (places.ts), dropped on the same refresh. */
  places: PlaceCache;
}

export function createGridIndexHolder(db: Db): GridIndexHolder {
  let index: GridIndex = buildGridIndex([]);
  let pending: Promise<void> | null = null;

  async function load(): Promise<void> {
    const { rows } = await db.query<{ code: string; community_code: string; geometry: Polygonal }>(
      `SELECT code, community_code, geometry FROM grids WHERE valid_to IS NULL`,
    );
    index = buildGridIndex(rows.map((r) => ({ code: r.code, communityCode: r.community_code, geometry: r.geometry })));
  }

  const features = createMapFeatureCache(db);
  const places = createPlaceCache(db);
  const holder: GridIndexHolder = {
    size: () => index.size,
    locate: (lng, lat) => index.lookup(lng, lat),
    features,
    places,
    async refresh() {
      features.clear();
      places.clear();
      // Coalesce bursts of notifications into one rebuild at a time.
      pending ??= load().finally(() => {
        pending = null;
      });
      return pending;
    },
  };
  return holder;
}
