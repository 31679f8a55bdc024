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
import type { Catalogue } from '../catalogue.ts';
import { intake } from './intake.ts';
import { alarm } from './alarm.ts';
import { inbox } from './inbox.ts';
import { settings } from './settings.ts';
import { map } from './map.ts';
import { audit } from './audit.ts';

export const en: Catalogue = { common, auth, nav, timeLeft, workbench, caseList, bulk, caseDetail, caseTimeline, caseActions, intake, alarm, inbox, settings, map, audit };
