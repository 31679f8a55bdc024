/**
 * One demo report and the life of its case (bulk-history.ts): where, what and who, drawn from the city's
 * rhythm, then each next action a while after the last, decided by the pure workflow rules (CaseSim).
 */
import type { CaseSource, CaseStatus } from '../../shared/cases/workflow.ts';
import { handleLimitOf } from '../modules/cases/commands/command-context.ts';
import type { ActionInput } from '../modules/cases/case.workflow.ts';
import type { GridHit } from '../modules/geo/grid-index.ts';
import { CaseSim, type PlanCase, type Person } from './bulk-case-sim.ts';
import { DEMO_DESCRIPTIONS, categoriesAt, weighted } from './bulk-rhythm.ts';
import type { DemoCategory, DemoUnit, DemoWorld } from './bulk-world.ts';

/** How long after an urgent report the demo's receiver acknowledges its alarm. */
const ALERT_ACKNOWLEDGED_AFTER_MS = 60_000;

export interface DemoReport {
  hit: GridHit;
  lng: number;
  lat: number;
  source: CaseSource;
  categoryCode: string;
  category: DemoCategory;
  phone: string | null;
  /** The grid's reporting supervisor, who also verifies and checks. */
  supervisor: Person;
}

/** Where, what and who for one report, drawn from the city's rhythm at `hour`; null when it cannot be reported. */
export function drawReport(w: DemoWorld, r: () => number, hour: number, beatShare: number): DemoReport | null {
  const place = r();
  const grid = place < beatShare && w.demoBeat.length ? w.demoBeat[Math.floor(r() * w.demoBeat.length)]!
    : place < 0.4 ? w.hotspots[Math.floor(r() * w.hotspots.length)]! : w.gridRows[Math.floor(r() * w.gridRows.length)]!;
  let lng = 0, lat = 0, hit: GridHit | null = null;
  for (let tries = 0; tries < 10 && hit?.code !== grid.code; tries++) {
    lng = grid.min_lng + r() * (grid.max_lng - grid.min_lng);
    lat = grid.min_lat + r() * (grid.max_lat - grid.min_lat);
    hit = w.grids.locate(lng, lat);
  }
  const source: CaseSource = weighted(r, [['supervisor', 80], ['hotline', 12], ['citizen', 6], ['video', 2]] as Array<[CaseSource, number]>);
  const categoryCode = weighted(r, categoriesAt(hour));
  const phone = source !== 'supervisor' ? `139${String(Math.floor(r() * 1e8)).padStart(8, '0')}` : null;
  const category = w.catOf.get(categoryCode);
  const supId = hit ? w.reporterOf.get(hit.code) : undefined;
  if (!hit || !supId || !category?.active) return null;
  return { hit, lng, lat, source, categoryCode, category, phone, supervisor: w.person(supId) };
}

/**
 * One case's life from `reportedAt`: each next action a while after the last (`r` draws the delays and
 * the branches), until the next would happen after now, `budget` actions have been taken or the case has
 * reached a status in `waitAt` — then the case waits at its open step.
 */
export function liveCase(w: DemoWorld, d: DemoReport, reportedAt: Date, r: () => number, budget: number, waitAt: readonly CaseStatus[] = []): PlanCase {
  const reporter = d.source === 'supervisor' ? d.supervisor : w.centre.receiver;
  const c = newPlanCase(w, d, reporter, reportedAt);
  const sim = new CaseSim(c, w.settings, w.env, w.supervisorsOf, w.unitCalendar);
  sim.report(reporter, d.source);
  // An emergency rings in the centre until a desk acknowledges it: a minute later, before any next step (3 min at
  // the soonest); one reported in the last minute still rings when the demo starts.
  const acknowledgedAt = new Date(reportedAt.getTime() + ALERT_ACKNOWLEDGED_AFTER_MS);
  if (c.state.urgency === 'urgent' && acknowledgedAt <= w.now) sim.acknowledgeAlert(w.centre.receiver, acknowledgedAt);
  const lead = leadFor(w, d.categoryCode, d.hit.code);
  if (!lead) return c;
  const run: CaseRun = { w, c, sim, r, budget, waitAt, clock: reportedAt };
  if (!verifyAndFile(run, d.supervisor)) return c;
  const handler = w.person(lead.user_id!);
  if (!dispatchAndAccept(run, d.hit.code, lead, handler)) return c;
  if (!handleAndCheck(run, handler, d.supervisor)) return c;
  callBackAndClose(run);
  return c;
}

function newPlanCase(w: DemoWorld, d: DemoReport, reporter: Person, reportedAt: Date): PlanCase {
  const { hit, source, categoryCode, category } = d;
  return {
    state: { status: 'reported', priorStatus: null, source, urgency: category.urgency, leadUnitId: null, coUnitIds: [], extensionCount: 0, reworkCount: 0, urgeCount: 0, reporterPhone: d.phone },
    districtCode: hit.districtCode,
    reporterUserId: reporter.userId,
    reporterName: source !== 'supervisor' ? '市民' : null,
    categoryCode,
    lng: d.lng,
    lat: d.lat,
    gridCode: hit.code,
    communityCode: hit.communityCode,
    streetCode: hit.streetCode,
    description: DEMO_DESCRIPTIONS[categoryCode] ?? '发现问题，请处置',
    handleLimit: handleLimitOf(category, w.settings),
    requiresAfterPhoto: !!category.requires_after_photo,
    citizenRating: null,
    handlingResult: null,
    photos: [],
    reportedAt,
    filedAt: null,
    closedAt: null,
    updatedAt: reportedAt,
    steps: [],
    events: [],
    alertAcknowledged: null,
  };
}

/** The unit that handles the category in the grid: its unit type's closest unit, else the street office, else any handling unit. */
function leadFor(w: DemoWorld, categoryCode: string, gridCode: string): DemoUnit | undefined {
  const type = w.catOf.get(categoryCode)?.default_unit_type ?? 'streetOffice';
  const candidates = w.units.filter((u) => u.type === type && gridCode.startsWith(u.area_code) && u.user_id);
  candidates.sort((a, b) => b.area_code.length - a.area_code.length);
  return (
    candidates[0] ??
    w.units.find((u) => u.type === 'streetOffice' && gridCode.startsWith(u.area_code) && u.user_id) ??
    w.units.find((u) => u.user_id && !['supervisionCenter', 'commandCenter'].includes(u.type) && gridCode.startsWith(u.area_code)) ??
    w.units.find((u) => u.user_id && !['supervisionCenter', 'commandCenter'].includes(u.type))
  );
}

/** A case being lived: `budget` counts down per action tried, `clock` is the time of the last action. */
interface CaseRun {
  w: DemoWorld;
  c: PlanCase;
  sim: CaseSim;
  r: () => number;
  budget: number;
  waitAt: readonly CaseStatus[];
  clock: Date;
}

/** The next action, `minutes` after the last; false when the case waits instead (budget spent, a waitAt status, or past now). */
function act(run: CaseRun, who: Person, minutes: [number, number], input: ActionInput): boolean {
  if (run.budget-- <= 0 || run.waitAt.includes(run.c.state.status)) return false;
  const next = new Date(run.clock.getTime() + (minutes[0] + run.r() * (minutes[1] - minutes[0])) * 60_000);
  if (next > run.w.now) return false;
  run.clock = next;
  const { photos } = run.w;
  if (input.action === 'handle' && input.photoIds) input = { ...input, photoIds: [photos.after[Math.floor(run.r() * photos.after.length)]!] };
  if (input.action === 'check' && input.photoIds) input = { ...input, photoIds: [photos.check[Math.floor(run.r() * photos.check.length)]!] };
  run.sim.act(who, input, run.clock);
  return true;
}

/** Read afresh after each action (a narrowed `run.c.state.status` would not be). */
function status(run: CaseRun): CaseStatus {
  return run.c.state.status;
}

/** A field step (verify, accept, check; limit one working hour): mostly well within it, one in twelve late. */
function field(r: () => number, lo: number): [number, number] {
  return r() < 1 / 12 ? [60, 150] : [lo, 50];
}

/** Verified (unless a supervisor reported it), then voided — rarely — or filed. False when the case stops here. */
function verifyAndFile(run: CaseRun, supervisor: Person): boolean {
  const { r, w: { centre } } = run;
  if (status(run) === 'reported') {
    if (!act(run, centre.receiver, [3, 25], { action: 'sendToVerify' })) return false;
    if (!act(run, supervisor, field(r, 10), { action: 'verify', isTrue: r() > 0.05 })) return false;
    if (status(run) === 'notTrue') return false;
  }
  if (r() < 0.03) {
    if (act(run, centre.receiver, [5, 20], { action: 'proposeVoid', reason: '重复或不属于城管职责' })) act(run, centre.shiftLeader, [5, 30], { action: 'approveVoid' });
    return false;
  }
  return act(run, centre.shiftLeader, [3, 30], { action: 'file' });
}

/** Dispatched to the lead unit — one in twenty-five first to a wrong street office, which returns it — and accepted. */
function dispatchAndAccept(run: CaseRun, gridCode: string, lead: DemoUnit, handler: Person): boolean {
  const { r, w: { centre, units, person } } = run;
  const wrongFirst = r() < 0.04;
  const firstLead = wrongFirst ? units.find((u) => u.type === 'streetOffice' && gridCode.startsWith(u.area_code) && u.id !== lead.id && u.user_id) ?? lead : lead;
  if (!act(run, centre.dispatcher, [3, 30], { action: 'dispatch', leadUnitId: Number(firstLead.id) })) return false;
  if (firstLead.id !== lead.id) {
    if (!act(run, person(firstLead.user_id!), [10, 60], { action: 'requestReturn', reason: '非本单位职责' })) return false;
    if (!act(run, centre.dispatcher, [5, 25], { action: 'approveReturn' })) return false;
    if (!act(run, centre.dispatcher, [3, 20], { action: 'dispatch', leadUnitId: Number(lead.id) })) return false;
  }
  return act(run, handler, field(r, 5), { action: 'accept' });
}

/** Up to three rounds of handling (a share of the limit: one in ten past it) and the supervisor's check. */
function handleAndCheck(run: CaseRun, handler: Person, supervisor: Person): boolean {
  const { r } = run;
  for (let round = 0; round < 3; round++) {
    const handleDue = run.sim.handlingDueAt();
    const due = handleDue ? handleDue.getTime() : run.clock.getTime() + 4 * 3_600_000;
    const span = Math.max(30 * 60_000, due - run.clock.getTime());
    const share = r() < 0.1 ? 1 + r() * 1.5 : 0.2 + r() * 0.75;
    const minutes = (span * share) / 60_000;
    if (!act(run, handler, [minutes, minutes + 1], { action: 'handle', result: '已按要求处置完毕', photoIds: ['after'] })) return false;
    if (!act(run, run.w.centre.receiver, [3, 30], { action: 'sendToCheck' })) return false;
    const passed = r() > 0.06;
    if (!act(run, supervisor, field(r, 10), { action: 'check', passed, photoIds: ['check'] })) return false;
    if (passed) break;
  }
  return true;
}

function callBackAndClose(run: CaseRun): void {
  const { r, w: { centre } } = run;
  if (status(run) === 'pendingCallback') {
    if (!act(run, centre.receiver, [20, 240], { action: 'recordCallback', reached: r() > 0.1, satisfaction: r() > 0.08 ? 'satisfied' : 'basicallySatisfied' })) return;
  }
  if (status(run) === 'pendingClose') act(run, centre.shiftLeader, [5, 50], { action: 'close' });
}
