export type ProblemKind =
  | 'rowAltered'
  | 'rowRemoved'
  | 'rowsAddedOutOfOrder'
  | 'caseRemoved'
  | 'headMismatch'
  | 'checkpointInvalid'
  | 'caseStateMismatch';

/** The finer cause within a kind, so a report can be rendered in either language from the fields. */
export type ProblemReason =
  | 'content' // rowAltered: the row no longer hashes to its stored hash
  | 'rehashed' // rowAltered: the row was edited and re-hashed; the next event still links to the old hash
  | 'link' // rowAltered: the first event does not start from GENESIS
  | 'gap' // rowRemoved: seqs fromSeq..toSeq are missing
  | 'tail' // rowRemoved: a checkpoint saw up to toSeq, only seq is left
  | 'entirely' // caseRemoved: neither the case row nor any event is left
  | 'events' // caseRemoved: the case row is left but all its events are gone
  | 'row' // caseRemoved: events are left but the case row is gone
  | 'head' // headMismatch: the event at a checkpointed head has another hash now
  | 'outOfOrder' // rowsAddedOutOfOrder
  | 'state' // caseStateMismatch: status/version differ from the last event
  | 'noEvents' // caseStateMismatch: a case without any event
  | 'hmac' | 'key' | 'root' | 'delta' | 'prevLink' | 'upto' | 'missing' | 'exportDiffers'; // checkpointInvalid

export interface AuditProblem {
  kind: ProblemKind;
  reason: ProblemReason;
  caseId?: number;
  eventId?: number;
  seq?: number;
  checkpointId?: number;
  fromSeq?: number;
  toSeq?: number;
  globalSeq?: number;
  expected?: string;
  found?: string;
  /** The same sentence formatReport(…, 'en') prints. */
  detail: string;
}

export interface AuditReport {
  ok: boolean;
  /** At most MAX_PROBLEMS, in the order found (checkpoints first, then by case id). */
  problems: AuditProblem[];
  /** All problems found, including those beyond the list's cap. */
  problemCount: number;
  firstProblem?: AuditProblem;
  checkedEvents: number;
  checkedCases: number;
  checkpoints: number;
  /** The horizon of the newest valid checkpoint: events up to it are protected. */
  coveredUpto: number | null;
  lastCheckpointAt: Date | null;
  /** Events newer than the newest checkpoint: chained, but an editor could still rewrite them unnoticed. */
  uncovered: { events: number; since: Date | null };
  durationMs: number;
}
