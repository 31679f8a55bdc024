import type { NotificationChannel } from './notification-channel.ts';

export interface ChannelLog {
  info(o: object, msg: string): void;
}

/** One structured log line per notification: what the demo shows instead of sending SMS. */
export function createLogChannel(log: ChannelLog): NotificationChannel {
  return {
    name: 'log',
    async send(n) {
      log.info(
        { notification: { id: n.id, kind: n.kind, caseId: n.caseId, trackingNo: n.trackingNo, urgent: n.urgent, to: n.recipient.username }, title: n.title, body: n.body },
        `notification ${n.kind} → ${n.recipient.username}`,
      );
    },
  };
}
