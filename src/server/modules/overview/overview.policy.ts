/** Who may read the overview (shared/api/overview.ts OVERVIEW_ROLES says why these). */
import { OVERVIEW_ROLES } from '../../../shared/api/overview.ts';
import type { Actor } from '../auth/actor.ts';

export const mayReadOverview = (actor: Pick<Actor, 'roles'>): boolean => actor.roles.some((r) => OVERVIEW_ROLES.includes(r));
