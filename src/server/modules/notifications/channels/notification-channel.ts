/**
 * Outside channels behind one interface: the delivery worker hands each inbox row to every configured
 * channel; a channel throws to ask for a retry (the job's run_at backs off), and never affects the inbox.
 */
import type { Config } from '../../../config.ts';
import { createLogChannel, type ChannelLog } from './log-channel.ts';
import { createWebhookChannel } from './webhook-channel.ts';

export interface OutgoingNotification {
  id: number;
  kind: string;
  caseId: number | null;
  trackingNo: string | null;
  title: string;
  body: string;
  urgent: boolean;
  createdAt: Date;
  recipient: { userId: number; username: string; displayName: string; phone: string | null };
}

export interface NotificationChannel {
  /** Stable: recorded in notifications.channels_done so a retried job skips channels that succeeded. */
  readonly name: string;
  send(n: OutgoingNotification): Promise<void>;
}

/** Whether any outside channel is configured (notify jobs are then needed, to retry them). */
export function hasOutsideChannels(cfg: Config['notifications']): boolean {
  return cfg.logChannel || cfg.webhook !== null;
}

export function channelsFromConfig(cfg: Config['notifications'], log: ChannelLog): NotificationChannel[] {
  const channels: NotificationChannel[] = [];
  if (cfg.logChannel) channels.push(createLogChannel(log));
  if (cfg.webhook) channels.push(createWebhookChannel(cfg.webhook));
  return channels;
}
