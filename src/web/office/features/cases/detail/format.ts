/** Times on the case detail, always in Asia/Shanghai (the district's time, whatever the browser's zone). */
const parts = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

function pieces(iso: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of parts.formatToParts(new Date(iso))) out[p.type] = p.value;
  return out;
}

/** 2026-12-03 16:08 */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const p = pieces(iso);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** 2026-12-03 16:08:57 */
export function formatTimeSeconds(iso: string | null | undefined): string {
  if (!iso) return '—';
  const p = pieces(iso);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

/** Wall-clock seconds a step took (or has taken so far), less the time it was suspended. */
export function elapsedSeconds(step: { startedAt: string; endedAt: string | null; suspendedSeconds: number }, nowMs: number): number {
  const end = step.endedAt ? Date.parse(step.endedAt) : nowMs;
  return Math.max(0, Math.floor((end - Date.parse(step.startedAt)) / 1000) - step.suspendedSeconds);
}

/** 12-03 16:08 (tables where the year is the same on every row). */
export function formatShort(iso: string | null | undefined): string {
  if (!iso) return '—';
  const p = pieces(iso);
  return `${p.month}-${p.day} ${p.hour}:${p.minute}`;
}
