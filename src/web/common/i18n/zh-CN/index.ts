/**
 * The zh-CN catalogue: every UI string of the web, one section per feature (a feature owns its file).
 * Domain labels (statuses, roles, sources, urgency…) are not here: they come from src/shared.
 */
import { auth } from './auth.ts';
import { common } from './common.ts';
import { nav } from './nav.ts';
import { timeLeft } from './timeLeft.ts';
import { workbench } from './workbench.ts';
import { caseList } from './caseList.ts';
import { bulk } from './bulk.ts';
import { caseDetail } from './caseDetail.ts';
import { caseTimeline } from './caseTimeline.ts';
import { caseActions } from './caseActions.ts';
import { intake } from './intake.ts';
import { alarm } from './alarm.ts';
import { inbox } from './inbox.ts';
import { settings } from './settings.ts';
import { map } from './map.ts';
import { desk } from './desk.ts';
import { overview } from './overview.ts';
import { adminGeo } from './adminGeo.ts';
import { adminCatalog } from './adminCatalog.ts';
import { audit } from './audit.ts';
import { adminUsers } from './adminUsers.ts';
import { adminUnits } from './adminUnits.ts';

export const zhCN = { common, auth, nav, timeLeft, workbench, caseList, bulk, caseDetail, caseTimeline, caseActions, intake, alarm, inbox, settings, map, desk, overview, adminGeo, adminCatalog, audit, adminUsers, adminUnits };
