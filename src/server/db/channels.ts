/**
 * Every LISTEN/NOTIFY channel in one place. Each app process holds one LISTEN connection for all of them
 * (modules/notifications/live-hub.ts).
 */
/** A committed case event: {caseId, eventId, type, status, version}, sent after COMMIT (db/notifier.ts). */
export const CASE_EVENTS_CHANNEL = 'guancheng_case_events';
/** New inbox rows of one recipient: {userId, ids}, sent at the delivery statement's commit. */
export const NOTIFICATIONS_CHANNEL = 'guancheng_notifications';
/** Signals without a payload worth reading; after a lost connection each is assumed to have fired. */
export const JOBS_CHANNEL = 'guancheng_jobs';
/** Users, roles, scopes, sessions or tokens changed (triggers of migration 0008). */
export const AUTH_CHANGED_CHANNEL = 'guancheng_auth_changed';
/** A grid import committed: the point → grid index must be rebuilt. */
export const GRIDS_CHANNEL = 'guancheng_grids_changed';

export const SIGNAL_CHANNELS = [JOBS_CHANNEL, AUTH_CHANGED_CHANNEL, GRIDS_CHANNEL] as const;
export type SignalChannel = (typeof SIGNAL_CHANNELS)[number];
