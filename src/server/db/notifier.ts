/**
 * Post-commit NOTIFYs, batched. PostgreSQL serialises the commits of all transactions that NOTIFY
 * (a global lock held across the commit's WAL flush), so a NOTIFY inside every intake transaction caps
 * intake at one commit per fsync. Commands instead hand their wake-ups here after COMMIT; one statement
 * sends everything queued in the last few milliseconds. A crash between commit and send loses only the
 * wake-up: listeners resynchronise, nothing written is lost.
 */
import type { Queryable } from './pool.ts';

export type Notify = (channel: string, payload: string) => void;

export interface Notifier {
  notify: Notify;
  flush(): Promise<void>;
  close(): Promise<void>;
}

export function createNotifier(db: Queryable, intervalMs = 10): Notifier {
  let channels: string[] = [];
  let payloads: string[] = [];
  let timer: NodeJS.Timeout | null = null;
  let inFlight: Promise<void> = Promise.resolve();

  const flush = (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (!channels.length) return inFlight;
    const c = channels;
    const p = payloads;
    channels = [];
    payloads = [];
    inFlight = inFlight.then(() =>
      db.query(`SELECT pg_notify(c, p) FROM unnest($1::text[], $2::text[]) AS t(c, p)`, [c, p]).then(
        () => {},
        () => {}, // a lost wake-up is tolerable (see above); never fail a request for it
      ),
    );
    return inFlight;
  };

  return {
    notify(channel, payload) {
      channels.push(channel);
      payloads.push(payload);
      if (channels.length >= 500) void flush();
      else timer ??= setTimeout(() => void flush(), intervalMs);
    },
    flush,
    async close() {
      await flush();
    },
  };
}

/** Without a shared notifier (CLI, tests): send at once, after the caller's commit. */
export function directNotify(db: Queryable): Notify {
  return (channel, payload) => {
    void db.query(`SELECT pg_notify($1, $2)`, [channel, payload]).catch(() => {});
  };
}
