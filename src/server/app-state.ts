/**
 * What an app keeps between requests: short-lived caches and report intake's writer. Held by the
 * AppContext (one per app), never in module variables, so a process or a test builds as many apps as it
 * likes, each with its own. Commands reach it through their context; code run without an app (the CLI,
 * the demo writer, tests calling a function directly) reads the database uncached.
 */
import type { Db } from './db/pool.ts';
import { ttlCache, type TtlCache } from './db/ttl-cache.ts';
import { createActorCache, type ActorCache } from './modules/auth/actor-cache.ts';
import type { Holders } from './modules/cases/case-notify.ts';
import type { CategoryRules } from './modules/cases/category-rules.ts';
import { IntakeWriter, type IntakeOptions } from './modules/cases/commands/intake-writer.ts';
import type { ClockEnv } from './modules/cases/step-clock.ts';
import type { WorkflowSettings } from './modules/cases/workflow-settings.ts';

/**
 * Settings read on every command, for 2 s: an edit through this app clears them at once (the routes that
 * edit call clear()), other processes see it within the TTL.
 */
export interface SettingsCaches {
  workflow: TtlCache<string, WorkflowSettings>;
  clockEnv: TtlCache<string, ClockEnv>;
  categoryRules: TtlCache<string, CategoryRules | undefined>;
  clear(): void;
}

/** Signed-in callers, and who holds which role where: emptied by any change to users, roles, scopes, sessions or tokens. */
export interface AuthCaches {
  actors: ActorCache;
  holders: TtlCache<string, Holders>;
  clear(): void;
}

export interface AppState {
  settings: SettingsCaches;
  auth: AuthCaches;
  /** Report intake's group commits (intake-writer.ts), with how this app delivers notifications. */
  intake: IntakeWriter;
}

export function createSettingsCaches(): SettingsCaches {
  const workflow = ttlCache<string, WorkflowSettings>(2000);
  const clockEnv = ttlCache<string, ClockEnv>(2000);
  const categoryRules = ttlCache<string, CategoryRules | undefined>(2000);
  return { workflow, clockEnv, categoryRules, clear: () => [workflow, clockEnv, categoryRules].forEach((c) => c.clear()) };
}

export function createAuthCaches(): AuthCaches {
  const actors = createActorCache();
  const holders = ttlCache<string, Holders>(5000);
  return { actors, holders, clear: () => (actors.clear(), holders.clear()) };
}

export function createAppState(db: Db, intake: IntakeOptions = { inboxInTransaction: false }): AppState {
  const settings = createSettingsCaches();
  const auth = createAuthCaches();
  return { settings, auth, intake: new IntakeWriter(db, { ...intake, settings, holders: auth.holders }) };
}
