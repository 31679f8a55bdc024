/** The case loop's invariants in SQL, over every case in a database: shared by the property and demo tests. */
import type { Queryable } from '../../src/server/db/pool.ts';
import { ANNOTATION_EVENTS, FINAL_STATUSES } from '../../src/shared/cases/workflow.ts';

/** The SQL invariants, over every case in the database; returns the list of violations. */
export async function caseInvariantViolations(db: Queryable): Promise<string[]> {
  const out: string[] = [];
  const q = async (label: string, sql: string) => {
    const { rows } = await db.query(sql);
    for (const r of rows) out.push(`${label}: ${JSON.stringify(r)}`);
  };
  // Annotations (a contact revealed, an alarm acknowledged) are events that keep the case's status and version.
  const annotation = `type = ANY ($$${toPgArray(ANNOTATION_EVENTS)}$$::text[])`;
  await q('version = number of state-changing events; events = max(seq)', `
    SELECT c.id, c.version, count(e.id) FILTER (WHERE NOT e.${annotation}) AS n, count(e.id) AS events, max(e.seq) AS max_seq
      FROM cases c LEFT JOIN case_events e ON e.case_id = c.id
     GROUP BY c.id HAVING c.version <> count(e.id) FILTER (WHERE NOT e.${annotation}) OR count(e.id) IS DISTINCT FROM max(e.seq)`);
  await q('events numbered 1..n, version = state-changing events so far, from = previous to, annotations keep the status, hash chained', `
    SELECT case_id, seq, type, version, from_status, to_status, prev_to, rn, state_n FROM (
      SELECT e.*, row_number() OVER w AS rn, count(*) FILTER (WHERE NOT ${annotation}) OVER w AS state_n, ${annotation} AS is_annotation,
             lag(to_status) OVER w AS prev_to, lag(hash) OVER w AS prev_h
        FROM case_events e WINDOW w AS (PARTITION BY case_id ORDER BY seq)) x
     WHERE seq <> rn OR version <> state_n OR from_status IS DISTINCT FROM prev_to OR (is_annotation AND from_status <> to_status)
        OR (rn > 1 AND prev_hash <> prev_h)`);
  await q('status = last event to_status', `
    SELECT c.id, c.status, e.to_status FROM cases c JOIN LATERAL (SELECT to_status FROM case_events WHERE case_id = c.id ORDER BY seq DESC LIMIT 1) e ON true
     WHERE c.status <> e.to_status`);
  await q('two open steps of one kind', `SELECT case_id, step, count(*) FROM case_steps WHERE ended_at IS NULL GROUP BY case_id, step HAVING count(*) > 1`);
  await q('ended step without on_time or ending before it started', `
    SELECT id, case_id, step, started_at, ended_at, on_time FROM case_steps WHERE ended_at IS NOT NULL AND (on_time IS NULL OR ended_at < started_at)`);
  await q('open step not due after its start', `
    SELECT id, case_id, step, started_at, due_at, limit_amount FROM case_steps
     WHERE ended_at IS NULL AND NOT (due_at > started_at OR (limit_amount = 0 AND due_at = started_at))`);
  await q('open step in a final case', `
    SELECT c.id, c.status, x.step FROM cases c JOIN case_steps x ON x.case_id = c.id AND x.ended_at IS NULL WHERE c.status = ANY($$${toPgArray(FINAL_STATUSES)}$$::text[])`);
  await q('suspended step outside a suspending status', `
    SELECT c.id, c.status, x.step FROM cases c JOIN case_steps x ON x.case_id = c.id AND x.ended_at IS NULL AND x.suspended_at IS NOT NULL
     WHERE c.status NOT IN ('voidPending', 'returnRequested', 'shelveRequested', 'shelved')`);
  // Which steps may be open in each status (DOMAIN §4: whom the case waits for; a void or return
  // request keeps the steps it suspended; an extension may be asked before accepting).
  const mayOpen: Record<string, string[]> = {
    reported: ['sendToVerify'], verifying: ['verify'], pendingFiling: ['file'],
    voidPending: ['approveVoid', 'sendToVerify', 'verify', 'file', 'dispatch'], pendingDispatch: ['dispatch'],
    dispatched: ['accept', 'handle'], handling: ['handle'], extensionRequested: ['approveRequest', 'handle', 'accept'],
    returnRequested: ['approveRequest', 'accept', 'handle'], shelveRequested: ['approveRequest', 'handle'], shelved: ['handle'],
    pendingCheck: ['sendToCheck'], checking: ['check'], pendingCallback: ['callback'], pendingClose: ['close'], selfHandled: ['close'],
  };
  await q('open step the status does not wait for', `
    SELECT c.id, c.status, x.step FROM cases c JOIN case_steps x ON x.case_id = c.id AND x.ended_at IS NULL
     WHERE NOT COALESCE(($$${JSON.stringify(mayOpen)}$$::jsonb -> c.status) ? x.step, false)`);
  await q('negative suspended time', `SELECT id, suspended_seconds FROM case_steps WHERE suspended_seconds < 0`);
  await q('priorStatus set exactly while a request waits', `
    SELECT id, status, prior_status FROM cases
     WHERE (prior_status IS NOT NULL) <> (status IN ('voidPending', 'returnRequested', 'extensionRequested', 'shelveRequested'))`);
  await q('on_time is COALESCE(suspended_at, ended_at) <= due_at', `
    SELECT id FROM case_steps WHERE ended_at IS NOT NULL AND on_time <> (COALESCE(suspended_at, ended_at) <= due_at)`);
  await q('every open case waits for some step', `
    SELECT c.id, c.status FROM cases c WHERE NOT (c.status = ANY($$${toPgArray(FINAL_STATUSES)}$$::text[]))
       AND NOT EXISTS (SELECT 1 FROM case_steps x WHERE x.case_id = c.id AND x.ended_at IS NULL)`);
  return out;
}

function toPgArray(xs: readonly string[]): string {
  return `{${xs.join(',')}}`;
}
