/**
 * One test driver for the case loop over HTTP (`app.inject()`), built on `login`/`call`:
 * signed-in sessions cached per username, reporting with sensible defaults, acting at the case's
 * current version, and `caseAt(status)`, which walks a new case through the real workflow to a status.
 *
 * Convention: `report`, `get` and `act` assert success (201/200, the body in the message) and return the
 * case's JSON; `raw.report`, `raw.get` and `raw.act` send the same requests and return the response, for
 * tests about refusals.
 */
import assert from 'node:assert/strict';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { TRANSITIONS, type CaseAction, type CaseStatus } from '../../src/shared/cases/workflow.ts';
import type { Role } from '../../src/shared/roles.ts';
import { call, login, type Session, type TestApp } from './app.ts';
import { photoId, seedPhotos } from './factories.ts';

/** A case as the API returns it; tests read whatever field they assert on. */
export type CaseJson = { id: number; trackingNo: string; version: number; status: CaseStatus; [field: string]: any };
export type Body = Record<string, unknown>;

/** In grid 410104001001001 (community 410104001001, street 001): the supervisor's grid, the street office's and squad's street. */
export const POINT = { lng: 113.7005, lat: 34.7035 } as const;

export interface CaseAtOptions {
  /**
   * How the case comes in: `supervisor` (source supervisor, starts at pendingFiling), `citizen` (a receiver
   * registers it, starts at reported and is verified), or `selfHandle` (a supervisor handled it on the spot).
   * Default: `citizen` for statuses only reachable before filing and for pendingCallback, else `supervisor`.
   */
  via?: 'supervisor' | 'citizen' | 'selfHandle';
  /** Merged into the report body (point, category, description, source, reporterPhone, urgency, …). */
  report?: Body;
  /** Who reports (default: `supervisor` for the supervisor ways in, `receiver` for citizens). */
  reporter?: string;
  /** The lead unit the dispatcher names (default the street office); its user accepts and handles. */
  leadUnitId?: number;
  /** For `merged`: the case to merge into (default: a new citizen report at the same place). */
  originalId?: number;
}

export interface Driver {
  t: TestApp;
  /** A signed-in session for a username (logged in once, then cached). */
  session(username: string): Promise<Session>;
  /** An authenticated request as `who` (null: anonymous). */
  call(who: string | null, opts: InjectOptions & { csrf?: boolean }): Promise<LightMyRequestResponse>;
  /** POST /api/cases with defaults (category 06010, POINT, a description, the source `who`'s role reports through) merged with `body`; asserts 201. */
  report(who: string, body?: Body): Promise<CaseJson>;
  /** GET /api/cases/:id; asserts 200. */
  get(who: string, caseId: number): Promise<CaseJson>;
  /** POST /api/cases/:id/:action at the current version (unless `body.version` is given); asserts 200. */
  act(who: string, caseId: number, action: CaseAction, body?: Body): Promise<CaseJson>;
  /** A new case driven over HTTP, each step by the user whose role the transition table names, until it is in `status`. */
  caseAt(status: CaseStatus, opts?: CaseAtOptions): Promise<CaseJson>;
  /** The same requests, unasserted: the response as it came (`act` still reads the version first unless given, and asserts that read). */
  raw: {
    report(who: string, body?: Body): Promise<LightMyRequestResponse>;
    get(who: string, caseId: number): Promise<LightMyRequestResponse>;
    act(who: string, caseId: number, action: CaseAction, body?: Body): Promise<LightMyRequestResponse>;
  };
}

/** The mini district's user for each centre role (factories.ts). */
const CENTRE_USER: Partial<Record<Role, string>> = { receiver: 'receiver', shiftLeader: 'shiftleader', dispatcher: 'dispatcher', leader: 'leader' };
/** Statuses only reached from a report that waits for the receiver. */
const BEFORE_FILING: readonly CaseStatus[] = ['reported', 'verifying', 'notTrue', 'voidPending', 'voided', 'merged'];

export function driver(t: TestApp): Driver {
  const sessions = new Map<string, Promise<Session>>();
  const session = (username: string): Promise<Session> => {
    let s = sessions.get(username);
    if (!s) {
      s = login(t.app, username);
      sessions.set(username, s);
      s.catch(() => sessions.delete(username));
    }
    return s;
  };
  const callAs = async (who: string | null, opts: InjectOptions & { csrf?: boolean }) => call(t.app, who === null ? null : await session(who), opts);

  const sourceFor = (who: string): string => {
    const roles = t.district.users[who]?.roles ?? [];
    return roles.includes('supervisor') ? 'supervisor' : roles.includes('leader') ? 'leader' : 'citizen';
  };
  const rawReport = (who: string, body: Body = {}) =>
    callAs(who, { method: 'POST', url: '/api/cases', payload: { source: sourceFor(who), categoryKind: 'event', categoryCode: '06010', ...POINT, description: '路边有暴露垃圾', ...body } });
  const rawGet = (who: string, caseId: number) => callAs(who, { method: 'GET', url: `/api/cases/${caseId}` });
  const rawAct = async (who: string, caseId: number, action: CaseAction, body: Body = {}) => {
    let version = body.version;
    if (version === undefined) {
      const current = await rawGet(who, caseId);
      assert.equal(current.statusCode, 200, `${who} cannot see case ${caseId} to ${action} it: ${current.body}`);
      version = current.json().version;
    }
    return callAs(who, { method: 'POST', url: `/api/cases/${caseId}/${action}`, payload: { ...body, version } });
  };

  const report = async (who: string, body: Body = {}): Promise<CaseJson> => {
    const res = await rawReport(who, body);
    assert.equal(res.statusCode, 201, `${who} reports ${JSON.stringify(body)}: ${res.body}`);
    return res.json();
  };
  const get = async (who: string, caseId: number): Promise<CaseJson> => {
    const res = await rawGet(who, caseId);
    assert.equal(res.statusCode, 200, `${who} cannot see case ${caseId}: ${res.body}`);
    return res.json();
  };
  const act = async (who: string, caseId: number, action: CaseAction, body: Body = {}): Promise<CaseJson> => {
    const res = await rawAct(who, caseId, action, body);
    assert.equal(res.statusCode, 200, `${who} ${action} case ${caseId}: ${res.body}`);
    return res.json();
  };

  /** Who takes an action on a case: the grid's supervisor, the lead unit's user, or the centre user of the first role the table names. */
  const actorFor = (action: CaseAction, c: CaseJson): string => {
    const tr = TRANSITIONS[action];
    if (tr.party === 'gridSupervisor') {
      const grid = c.location?.gridCode as string | undefined;
      const sup = Object.values(t.district.users).find((u) => u.roles.includes('supervisor') && grid !== undefined && u.scopes.includes(grid));
      if (!sup) throw new Error(`caseAt: no supervisor of the mini district holds grid ${grid} (case ${c.id}) to ${action}`);
      return sup.username;
    }
    if (tr.party === 'leadUnit') {
      const { streetOffice, squad } = t.district.unitIds;
      const unit = c.leadUnitId as number | null | undefined;
      if (unit === streetOffice) return 'handler';
      if (unit === squad) return 'officer';
      throw new Error(`caseAt: the mini district has no user in lead unit ${unit} (case ${c.id}) to ${action}`);
    }
    const user = tr.roles.map((r) => CENTRE_USER[r]).find((u) => u !== undefined);
    if (!user) throw new Error(`caseAt: no centre user for ${action} (${tr.roles.join(', ')})`);
    return user;
  };

  let seeded: Promise<unknown> | undefined;
  const photos = () => (seeded ??= seedPhotos(t.db, ['driver-after', 'driver-self']));

  /** The next step from `status` towards `target`: the main path, or the side road the target lies on. */
  const nextStep = async (status: CaseStatus, target: CaseStatus, c: CaseJson, opts: CaseAtOptions): Promise<[CaseAction, Body] | null> => {
    switch (status) {
      case 'reported':
        if (target === 'voidPending' || target === 'voided') return ['proposeVoid', { reason: '测试作废' }];
        if (target === 'merged') return ['merge', { originalId: opts.originalId ?? (await report('receiver', { source: 'citizen', lng: c.location.lng, lat: c.location.lat })).id }];
        return ['sendToVerify', {}];
      case 'verifying': return ['verify', { isTrue: target !== 'notTrue' }];
      case 'voidPending': return ['approveVoid', {}];
      case 'pendingFiling': return ['file', {}];
      case 'pendingDispatch': return ['dispatch', { leadUnitId: opts.leadUnitId ?? t.district.unitIds.streetOffice }];
      case 'dispatched': return ['accept', {}];
      case 'handling':
        if (target === 'extensionRequested') return ['requestExtension', { amount: 1, unit: 'days', reason: '需协调' }];
        if (target === 'returnRequested') return ['requestReturn', { reason: '不属本单位职责' }];
        if (target === 'shelveRequested' || target === 'shelved') return ['requestShelve', { reason: '需协调' }];
        await photos();
        return ['handle', { result: '已处理完毕', photoIds: [photoId('driver-after')] }];
      case 'shelveRequested': return ['approveShelve', {}];
      case 'pendingCheck': return ['sendToCheck', {}];
      case 'checking': return ['check', { passed: true }];
      case 'pendingCallback': return ['recordCallback', { reached: true, satisfaction: 'satisfied' }];
      case 'pendingClose': case 'selfHandled': return ['close', {}];
      default: return null;
    }
  };

  const caseAt = async (target: CaseStatus, opts: CaseAtOptions = {}): Promise<CaseJson> => {
    const via = opts.via ?? (BEFORE_FILING.includes(target) || target === 'pendingCallback' ? 'citizen' : target === 'selfHandled' ? 'selfHandle' : 'supervisor');
    const reporter = opts.reporter ?? (via === 'citizen' ? 'receiver' : 'supervisor');
    const body: Body = via === 'citizen'
      ? { source: 'citizen', ...(target === 'pendingCallback' ? { reporterPhone: '13800000000' } : {}), ...opts.report }
      : { source: 'supervisor', ...opts.report };
    if (via === 'selfHandle') {
      await photos();
      body.selfHandle ??= { result: '已当场处理', photoIds: [photoId('driver-self')] };
    }
    let c = await report(reporter, body);
    const path: string[] = [`${reporter} reports → ${c.status}`];
    while (c.status !== target) {
      const next = path.length < 20 ? await nextStep(c.status, target, c, opts) : null;
      if (!next) throw new Error(`caseAt(${target}): stuck at ${c.status} (case ${c.id}, via ${via}): ${path.join('; ')}`);
      const [action, actionBody] = next;
      const who = actorFor(action, c);
      try {
        c = await act(who, c.id, action, actionBody);
      } catch (err) {
        throw new Error(`caseAt(${target}): ${path.join('; ')}; then ${who} ${action} failed: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
      }
      path.push(`${who} ${action} → ${c.status}`);
    }
    return c;
  };

  return { t, session, call: callAs, report, get, act, caseAt, raw: { report: rawReport, get: rawGet, act: rawAct } };
}
