/** The audit trail's state for the auditor (GET /api/audit/status) and a verification on demand (POST /api/audit/verify). */
import { z } from 'zod';
import { timestamp } from './fields.ts';

export const VERIFICATION_TRIGGERS = ['user', 'scheduler', 'cli'] as const;
export type VerificationTrigger = (typeof VERIFICATION_TRIGGERS)[number];
export const VERIFICATION_TRIGGER_LABELS: Record<VerificationTrigger, { zh: string; en: string }> = {
  user: { zh: '审计员发起', en: 'Started by an auditor' },
  scheduler: { zh: '每日定时核验', en: 'Daily schedule' },
  cli: { zh: '命令行 guancheng audit verify', en: 'Command line (guancheng audit verify)' },
};

const label = z.object({ zh: z.string(), en: z.string() });

export const auditProblemSchema = z.object({
  kind: z.string(),
  reason: z.string(),
  caseId: z.number().optional(),
  eventId: z.number().optional(),
  seq: z.number().optional(),
  checkpointId: z.number().optional(),
  /** The problem in words (report.ts describeProblem). */
  description: label,
});

export const verificationSchema = z.object({
  id: z.number(),
  startedAt: timestamp,
  /** Null while it runs. */
  finishedAt: timestamp.nullable(),
  trigger: z.enum(VERIFICATION_TRIGGERS),
  username: z.string().nullable(),
  /** Null while it runs, and when it could not finish (`error`). */
  ok: z.boolean().nullable(),
  problemCount: z.number().nullable(),
  firstProblem: auditProblemSchema.nullable(),
  /** While running: the events checked so far, of about `expectedEvents`. */
  checkedEvents: z.number().nullable(),
  expectedEvents: z.number().nullable(),
  checkedCases: z.number().nullable(),
  checkpoints: z.number().nullable(),
  /** The horizon of the newest valid checkpoint it found. */
  coveredUpto: z.number().nullable(),
  uncoveredEvents: z.number().nullable(),
  durationMs: z.number().nullable(),
  /** Why it did not finish ('interrupted': the process stopped; otherwise the failure). */
  error: z.string().nullable(),
});

export const auditStatusResponse = z.object({
  /** The newest checkpoint as stored (a verification says whether it is valid). */
  lastCheckpoint: z.object({
    id: z.number(),
    at: timestamp,
    uptoEvent: z.number(),
    headCount: z.number(),
    root: z.string(),
    keyId: z.string(),
  }).nullable(),
  checkpointCount: z.number(),
  /** Events newer than the newest checkpoint: chained, but not yet sealed by a signed checkpoint. */
  uncovered: z.object({ events: z.number(), since: timestamp.nullable() }),
  /** The global sequence number of the newest event. */
  lastEvent: z.number().nullable(),
  /** How often a checkpoint is written, and whether a daily verification runs. */
  checkpointSeconds: z.number(),
  dailyVerify: z.boolean(),
  lastVerification: verificationSchema.nullable(),
  /** The verification running now, if any. */
  running: verificationSchema.nullable(),
});

export const verifyStartedResponse = z.object({ verification: verificationSchema });
