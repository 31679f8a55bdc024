import type { Db, Tx } from '../../db/pool.ts';
import type { Polygonal } from './geo.types.ts';
import { buildGridIndex, type GridHit, type GridIndex } from './grid-index.ts';

export const GRIDS_CHANNEL = 'guancheng_grids_changed';

/**
 * The in-memory point → grid index of the current grid version. Rebuilt after an import in this
 * process, and in every other app process through LISTEN/NOTIFY on GRIDS_CHANNEL.
 */
export interface GridIndexHolder {
  size(): number;
  locate(lng: number, lat: number): GridHit | null;
  refresh(): Promise<void>;
  listen(): Promise<() => Promise<void>>;
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

  const holder: GridIndexHolder = {
    size: () => index.size,
    locate: (lng, lat) => index.lookup(lng, lat),
    async refresh() {
      // Coalesce bursts of notifications into one rebuild at a time.
      pending ??= load().finally(() => {
        pending = null;
      });
      return pending;
    },
    async listen() {
      // A lost connection (database restart, admin termination) must not crash the process: the client is
      // destroyed, a new one LISTENs after a pause, and the index is reloaded for changes missed meanwhile.
      let closed = false;
      let current: Tx | null = null;
      let retry: NodeJS.Timeout | undefined;
      const onNotify = (msg: { channel: string }) => {
        if (msg.channel === GRIDS_CHANNEL) void holder.refresh().catch(() => {});
      };
      const connect = async (first: boolean): Promise<void> => {
        let client: Tx;
        try {
          client = await db.connect();
        } catch (err) {
          if (first) throw err;
          retry = setTimeout(() => void connect(false), 1000);
          return;
        }
        const lost = (err: Error) => {
          if (current !== client) return;
          current = null;
          client.off('notification', onNotify);
          client.release(err);
          if (!closed) retry = setTimeout(() => void connect(false), 1000);
        };
        client.on('error', lost);
        client.on('notification', onNotify);
        current = client;
        try {
          await client.query(`LISTEN ${GRIDS_CHANNEL}`);
        } catch (err) {
          if (first) closed = true;
          lost(err as Error);
          if (first) throw err;
          return;
        }
        if (!first) void holder.refresh().catch(() => {});
      };
      await connect(true);
      return async () => {
        closed = true;
        clearTimeout(retry);
        const client = current;
        current = null;
        if (!client) return;
        client.off('notification', onNotify);
        await client.query(`UNLISTEN ${GRIDS_CHANNEL}`).catch(() => {});
        client.release();
      };
    },
  };
  return holder;
}
