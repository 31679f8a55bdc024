/**
 * What `guancheng start` runs per process: the delivery worker with the configured channels, woken by
 * the jobs channel on the shared live hub; the scheduler drains it on its timer as well.
 */
import type { Config } from '../../config.ts';
import { JOBS_CHANNEL } from '../../db/channels.ts';
import type { Db } from '../../db/pool.ts';
import { channelsFromConfig } from './channels/notification-channel.ts';
import { createDeliveryWorker, type DeliveryWorker } from './delivery-worker.ts';
import { acquireLiveHub } from './live-hub.ts';

type Log = { info(o: object, msg: string): void; warn(o: object, msg: string): void; error(o: object, msg: string): void };

export function startNotificationDelivery(db: Db, cfg: Config['notifications'], log: Log): { delivery: DeliveryWorker & { seconds: number }; release(): Promise<void> } {
  const live = acquireLiveHub(db, log);
  const worker = createDeliveryWorker({ db, channels: channelsFromConfig(cfg, log), now: () => new Date(), maxAttempts: cfg.maxAttempts, log });
  const off = live.hub.onSignal(JOBS_CHANNEL, () => worker.wake());
  return {
    delivery: { ...worker, seconds: cfg.deliverySeconds },
    async release() {
      off();
      await worker.stop();
      await live.release();
    },
  };
}
