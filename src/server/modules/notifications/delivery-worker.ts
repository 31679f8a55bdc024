/**
 * The per-process delivery loop: the scheduler calls drain() every few seconds and the live hub calls
 * wake() when a job is queued anywhere. Runs never overlap in one process; a wake during a run makes it
 * go round once more, so a job committed mid-run is not left for the next tick.
 */
import type { Db } from '../../db/pool.ts';
import type { NotificationChannel } from './channels/notification-channel.ts';
import { deliverNotifications, type DeliveryResult } from './commands/deliver-notifications.ts';

export interface DeliveryWorker {
  drain(): Promise<DeliveryResult>;
  wake(): void;
  stop(): Promise<void>;
}

export interface DeliveryWorkerOptions {
  db: Db;
  channels: NotificationChannel[];
  now: () => Date;
  maxAttempts: number;
  batch?: number;
  log: { warn(o: object, msg: string): void; error(o: object, msg: string): void };
}

export function createDeliveryWorker(o: DeliveryWorkerOptions): DeliveryWorker {
  const batch = o.batch ?? 50;
  let running: Promise<DeliveryResult> | null = null;
  let again = false;
  let stopped = false;

  async function loop(): Promise<DeliveryResult> {
    const total: DeliveryResult = { jobs: 0, inboxRows: 0, channelSends: 0, retries: 0, abandoned: 0 };
    do {
      again = false;
      for (;;) {
        if (stopped) return total;
        const r = await deliverNotifications(o.db, { channels: o.channels, now: o.now(), maxAttempts: o.maxAttempts, batch, log: o.log });
        for (const k of Object.keys(total) as (keyof DeliveryResult)[]) total[k] += r[k];
        if (r.jobs < batch) break;
      }
    } while (again && !stopped);
    return total;
  }

  const worker: DeliveryWorker = {
    drain() {
      if (running) {
        again = true;
        return running;
      }
      running = loop().finally(() => {
        running = null;
      });
      return running;
    },
    wake() {
      if (stopped) return;
      worker.drain().catch((err) => o.log.error({ err }, 'notification delivery failed'));
    },
    async stop() {
      stopped = true;
      await running?.catch(() => {});
    },
  };
  return worker;
}
