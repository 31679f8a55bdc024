/**
 * The per-case part of verifyAudit: a merge walk over cases, case_events and checkpoint heads, all
 * ordered by case id, holding one case's heads in memory at a time.
 */
import type pg from 'pg';
import { GENESIS, hashEvent, rowToChainEvent, type CaseEventRow } from './audit-chain.ts';
import type { AuditProblem } from './audit.types.ts';
import { openStream } from './cursor.ts';

export interface CheckpointInfo {
  id: number;
  upto: number;
  createdAt: Date;
  root: string;
  hmac: string;
  /** Signature, links and heads all check out: only such checkpoints vouch for anything. */
  valid: boolean;
}

type Add = (p: Omit<AuditProblem, 'detail'>) => void;

interface Head {
  checkpointId: number;
  seq: number;
  hash: string;
}

export interface CaseStats {
  events: number;
  cases: number;
  uncovered: { events: number; since: Date | null };
}

export async function verifyCases(client: pg.PoolClient, checkpoints: CheckpointInfo[], add: Add, onProgress?: (events: number) => void): Promise<CaseStats> {
  // Checkpoints with a rising horizon, so "which checkpoint first covered global seq g" is a binary
  // search; a non-rising one is already reported as invalid.
  const ladder: CheckpointInfo[] = [];
  for (const c of checkpoints) if (c.upto > (ladder.at(-1)?.upto ?? 0)) ladder.push(c);
  const coveringOf = (g: number): CheckpointInfo | undefined => {
    let lo = 0;
    let hi = ladder.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ladder[mid]!.upto >= g) hi = mid;
      else lo = mid + 1;
    }
    return ladder[lo];
  };
  const validIds = new Set(checkpoints.filter((c) => c.valid).map((c) => c.id));
  const coveredUpto = checkpoints.filter((c) => c.valid).at(-1)?.upto ?? 0;

  const cases = await openStream<{ id: number; status: string; version: number }>(client, 'audit_cases', `SELECT id, status, version FROM cases ORDER BY id`);
  const events = await openStream<CaseEventRow>(client, 'audit_events', `SELECT * FROM case_events ORDER BY case_id, seq`);
  const heads = await openStream<{ checkpoint_id: number; case_id: number; seq: number; hash: string }>(
    client, 'audit_heads', `SELECT checkpoint_id, case_id, seq, hash FROM audit_checkpoint_heads ORDER BY case_id, checkpoint_id`,
  );
  const stats: CaseStats = { events: 0, cases: 0, uncovered: { events: 0, since: null } };

  for (;;) {
    const ids = [(await cases.peek())?.id, (await events.peek())?.case_id, (await heads.peek())?.case_id].filter((x): x is number => x !== undefined);
    if (!ids.length) break;
    const caseId = Math.min(...ids);
    stats.cases++;
    const row = (await cases.peek())?.id === caseId ? await cases.next() : undefined;
    const caseHeads: Head[] = [];
    for (let h = await heads.peek(); h?.case_id === caseId; h = await heads.peek()) {
      await heads.next();
      // Heads of a checkpoint that does not verify prove nothing; that checkpoint is reported already.
      if (validIds.has(h.checkpoint_id)) caseHeads.push({ checkpointId: h.checkpoint_id, seq: h.seq, hash: h.hash });
    }
    // prefixMax[i]: the furthest seq any checkpoint up to caseHeads[i] had seen for this case.
    const prefixMax: number[] = [];
    for (const h of caseHeads) prefixMax.push(Math.max(prefixMax.at(-1) ?? 0, h.seq));
    const seenBy = (checkpointId: number): number => {
      let lo = 0;
      let hi = caseHeads.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (caseHeads[mid]!.checkpointId <= checkpointId) lo = mid + 1;
        else hi = mid;
      }
      return lo === 0 ? 0 : prefixMax[lo - 1]!;
    };
    const headBySeq = new Map(caseHeads.map((h) => [h.seq, h]));
    let headReported = false;
    let prev: { seq: number; hash: string; id: number; ok: boolean } | undefined;
    let last: CaseEventRow | undefined;

    for (let e = await events.peek(); e?.case_id === caseId; e = await events.peek()) {
      await events.next();
      stats.events++;
      if (onProgress && stats.events % 5000 === 0) onProgress(stats.events);
      if (e.global_seq > coveredUpto) {
        stats.uncovered.events++;
        if (!stats.uncovered.since || e.at < stats.uncovered.since) stats.uncovered.since = e.at;
      }
      const at = { caseId, seq: e.seq, eventId: e.id };
      const expectedSeq = (prev?.seq ?? 0) + 1;
      const ok = hashEvent(e.prev_hash, rowToChainEvent(e)) === e.hash;
      if (e.seq > expectedSeq) add({ kind: 'rowRemoved', reason: 'gap', caseId, eventId: e.id, fromSeq: expectedSeq, toSeq: e.seq - 1 });
      if (!ok) add({ kind: 'rowAltered', reason: 'content', ...at });
      else if (e.seq === expectedSeq && e.prev_hash !== (prev?.hash ?? GENESIS)) {
        // This row is self-consistent but the link is not: the row before was rewritten with a
        // fresh hash (blame it), unless that one already failed on its own.
        if (prev?.ok) add({ kind: 'rowAltered', reason: 'rehashed', caseId, seq: prev.seq, eventId: prev.id });
        else if (!prev) add({ kind: 'rowAltered', reason: 'link', ...at });
      }
      const head = headBySeq.get(e.seq);
      if (head && head.hash !== e.hash && !headReported) {
        // Only the earliest: every later head of a rewritten chain differs as a consequence.
        add({ kind: 'headMismatch', reason: 'head', ...at, checkpointId: head.checkpointId, expected: head.hash, found: e.hash });
        headReported = true;
      }
      const cover = coveringOf(e.global_seq);
      if (cover?.valid && e.seq > seenBy(cover.id)) {
        add({ kind: 'rowsAddedOutOfOrder', reason: 'outOfOrder', ...at, globalSeq: e.global_seq, checkpointId: cover.id });
      }
      prev = { seq: e.seq, hash: e.hash, id: e.id, ok };
      last = e;
    }

    const furthest = caseHeads.reduce<Head | undefined>((m, h) => (!m || h.seq > m.seq ? h : m), undefined);
    if (!last) {
      if (furthest) add({ kind: 'caseRemoved', reason: row ? 'events' : 'entirely', caseId, toSeq: furthest.seq, checkpointId: furthest.checkpointId });
      else if (row) add({ kind: 'caseStateMismatch', reason: 'noEvents', caseId });
      continue;
    }
    if (furthest && furthest.seq > last.seq) {
      add({ kind: 'rowRemoved', reason: 'tail', caseId, seq: last.seq, eventId: last.id, toSeq: furthest.seq, checkpointId: furthest.checkpointId });
    }
    if (!row) add({ kind: 'caseRemoved', reason: 'row', caseId });
    else if (row.status !== last.to_status || row.version !== last.version) {
      add({ kind: 'caseStateMismatch', reason: 'state', caseId, seq: last.seq, eventId: last.id, expected: `${last.to_status} v${last.version}`, found: `${row.status} v${row.version}` });
    }
  }
  for (const s of [cases, events, heads]) await s.close();
  return stats;
}
