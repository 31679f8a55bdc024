/**
 * The demo: 管城回族区 (410104) — and with `districts: 2` a schematic 金水区 (410105) beside it and a
 * city-level leader over both — each with schematic street/community zones, unit grids, the bureau's
 * units and calendars, a realistic roster with one sign-in per staff role (demo-districts.ts,
 * demo-district-write.ts) and two months of case history (bulk-history.ts); then an audit checkpoint
 * over all of it, so `guancheng audit verify` finds a fresh demo fully covered.
 */
import path from 'node:path';
import { repoRoot, type Config } from '../config.ts';
import { inTransaction, type Db } from '../db/pool.ts';
import { hashPassword } from '../modules/auth/password.ts';
import { createCheckpoint, type AuditKey } from '../modules/audit/checkpoint.ts';
import { seedStandardCategories } from '../modules/categories/category.service.ts';
import { createGridIndexHolder } from '../modules/geo/grid-index.holder.ts';
import { createPrng } from '../modules/geo/prng.ts';
import { generateBulkHistory } from './bulk-history.ts';
import { insertDemoDistrict, insertUser } from './demo-district-write.ts';
import { CITY_LOGINS, DEMO_CITY, demoDistricts, GUANCHENG, type DemoLogin } from './demo-districts.ts';
import { generateSchematicDistrict } from './schematic.ts';

export { demoLogins, type DemoLogin } from './demo-districts.ts';

export const DEMO_PASSWORD = 'Guancheng@2026';

/** The first district's sign-ins (a one-district demo's all); demoLogins(2) adds 金水区's and the city leader. */
export const DEMO_LOGINS: DemoLogin[] = GUANCHENG.logins;

export interface DemoSummary {
  districts: number;
  streets: number;
  communities: number;
  grids: number;
  units: number;
  users: number;
  categories: number;
  cases: number;
  events: number;
  /** The audit checkpoint written over the loaded history (with `auditKey`), or null. */
  checkpoint: { id: number; upto: number } | null;
  ms: number;
}

export interface DemoOptions {
  seed?: number;
  /** Days of case history before now, and cases reported per day (per district). */
  days?: number;
  perDay?: number;
  now?: Date;
  /** 1 (管城回族区) or 2 (also 金水区 and the city leader); default `cfg.demoDistricts`. */
  districts?: number;
  /** Write an audit checkpoint with this key once the history is in (server first start, `guancheng demo`). */
  auditKey?: AuditKey;
}

export const DEFAULT_DEMO_DAYS = 60;
export const DEFAULT_DEMO_PER_DAY = 200;

export async function loadDemo(db: Db, cfg: Config, opts: DemoOptions = {}): Promise<DemoSummary> {
  const t0 = Date.now();
  const seed = opts.seed ?? 410104;
  const districts = demoDistricts(opts.districts ?? cfg.demoDistricts);
  const categories = await seedStandardCategories(db);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const totals = { streets: 0, communities: 0, grids: 0, units: 0, users: 0 };
  for (const [i, d] of districts.entries()) {
    const source = await d.source(path.join(repoRoot, 'data'));
    const geo = generateSchematicDistrict(source, { seed: seed + i, sparseStreetCodes: d.sparseStreets });
    const counts = await inTransaction(db, (tx) => insertDemoDistrict(tx, d, source, geo, seed + i, passwordHash, createPrng(seed + 2 * i + 1)));
    for (const k of Object.keys(totals) as (keyof typeof totals)[]) totals[k] += counts[k];
  }
  if (districts.length > 1) {
    const rand = createPrng(seed - 1);
    await inTransaction(db, async (tx) => {
      for (const l of CITY_LOGINS) await insertUser(tx, l.username, l.displayName, [l.role], [DEMO_CITY.code], null, passwordHash, rand);
    });
    totals.users += CITY_LOGINS.length;
  }
  const grids = createGridIndexHolder(db);
  await grids.refresh();
  const history = await generateBulkHistory(db, cfg, grids, {
    days: opts.days ?? DEFAULT_DEMO_DAYS,
    perDay: opts.perDay ?? DEFAULT_DEMO_PER_DAY,
    seed,
    now: opts.now ?? new Date(),
    districts: districts.map((d) => ({ code: d.code, prefix: d.prefix })),
  });
  const cp = opts.auditKey ? await createCheckpoint(db, opts.auditKey) : null;
  return {
    districts: districts.length, ...totals, categories, cases: history.cases, events: history.events,
    checkpoint: cp && { id: cp.id, upto: cp.upto }, ms: Date.now() - t0,
  };
}

/** Removes every row of every application table (schema stays), for `guancheng demo --reset`. */
export async function wipeAll(db: Db): Promise<void> {
  const { rows } = await db.query<{ tablename: string }>(
    `SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> 'schema_migrations'`,
  );
  if (rows.length) await db.query(`TRUNCATE ${rows.map((r) => `"${r.tablename}"`).join(', ')} RESTART IDENTITY CASCADE`);
}

export async function isEmpty(db: Db): Promise<boolean> {
  const { rows } = await db.query(`SELECT NOT EXISTS (SELECT 1 FROM divisions) AS empty`);
  return rows[0].empty as boolean;
}
