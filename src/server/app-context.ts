import type { Config } from './config.ts';
import type { Db } from './db/pool.ts';
import type { Notify } from './db/notifier.ts';
import type { GridIndexHolder } from './modules/geo/grid-index.holder.ts';
import type { AppState } from './app-state.ts';

/** What every route module receives. No globals: tests build as many apps as they like. */
export interface AppContext {
  db: Db;
  config: Config;
  grids: GridIndexHolder;
  /** The business clock. Production uses the wall clock; tests and the scenario inject a steppable one. */
  now?: () => Date;
  /** Batched post-commit NOTIFYs (db/notifier.ts); tests may leave it out. */
  notify?: Notify;
  /** This app's caches and intake writer (app-state.ts). */
  state: AppState;
}
