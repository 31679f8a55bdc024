/**
 * One 1-second clock for every countdown on the page: a table of 200 rows subscribes 200 times but
 * there is one interval, started with the first subscriber and stopped with the last.
 */
type Fn = () => void;
const subscribers = new Set<Fn>();
let timer: ReturnType<typeof setInterval> | undefined;
let now = Date.now();

function tick(): void {
  now = Date.now();
  for (const fn of subscribers) fn();
}

export function subscribeTicker(fn: Fn): () => void {
  subscribers.add(fn);
  if (!timer) {
    now = Date.now();
    timer = setInterval(tick, 1000);
  }
  return () => {
    subscribers.delete(fn);
    if (subscribers.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

/** The time the last tick saw (stable between ticks, as useSyncExternalStore needs). */
export function tickerNow(): number {
  return now;
}

/** How many intervals are running (for tests: always 0 or 1). */
export function tickerIntervals(): number {
  return timer ? 1 : 0;
}
