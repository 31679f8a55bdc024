/**
 * The live stream (GET /api/stream, server-sent events): one EventSource per signed-in tab. A `case`
 * message invalidates the cached views of that case (detail, lists, queues, counts, map), so every view
 * agrees without a reload and without losing the user's place (react-query keeps old data while it
 * refetches). Features may also listen (`useLiveEvent`) — e.g. the emergency alarm.
 * The stream never restarts the idle clock (the server ignores it); a 60 s background session check
 * notices when the session has ended and sends the user to sign-in.
 */
import { createContext, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { CaseChangeDto } from '../../../shared/api/notifications.ts';
import { api } from '../api/client.ts';

export type LiveStatus = 'connecting' | 'open' | 'lost';
export type LiveMessage = { event: 'case'; data: CaseChangeDto } | { event: string; data: unknown };
type Listener = (m: LiveMessage) => void;

interface LiveApi {
  status: LiveStatus;
  subscribe(fn: Listener): () => void;
}

const Ctx = createContext<LiveApi>({ status: 'connecting', subscribe: () => () => {} });

/** The query-key prefixes a case change touches. Features key their queries under these. */
export const CASE_QUERY_PREFIXES = ['cases', 'queue', 'queueSummary', 'casesMap', 'alerts', 'duplicates'] as const;

export function invalidateCase(qc: QueryClient, caseId: number): void {
  void qc.invalidateQueries({ queryKey: ['case', caseId] });
  for (const p of CASE_QUERY_PREFIXES) void qc.invalidateQueries({ queryKey: [p] });
}

export function LiveProvider({ children, enabled = true }: { children: ReactNode; enabled?: boolean }) {
  const qc = useQueryClient();
  const [status, setStatus] = useState<LiveStatus>('connecting');
  const listeners = useRef(new Set<Listener>());
  const pending = useRef(new Set<number>());

  useEffect(() => {
    if (!enabled) return;
    const es = new EventSource('/api/stream');
    let timer: ReturnType<typeof setTimeout> | undefined;
    // Many changes at once (a sweep, a bulk action) are one refetch of each list, not one per case.
    const flush = () => {
      timer = undefined;
      const ids = [...pending.current];
      pending.current.clear();
      for (const id of ids) void qc.invalidateQueries({ queryKey: ['case', id] });
      for (const p of CASE_QUERY_PREFIXES) void qc.invalidateQueries({ queryKey: [p] });
    };
    const emit = (m: LiveMessage) => {
      for (const fn of listeners.current) fn(m);
    };
    es.addEventListener('open', () => setStatus('open'));
    es.addEventListener('ready', () => setStatus('open'));
    es.addEventListener('error', () => setStatus(es.readyState === EventSource.CLOSED ? 'lost' : 'connecting'));
    es.addEventListener('case', (ev) => {
      const data = JSON.parse((ev as MessageEvent<string>).data) as CaseChangeDto;
      pending.current.add(data.caseId);
      timer ??= setTimeout(flush, 250);
      emit({ event: 'case', data });
    });
    es.addEventListener('notification', (ev) => {
      void qc.invalidateQueries({ queryKey: ['notifications'] });
      emit({ event: 'notification', data: JSON.parse((ev as MessageEvent<string>).data) as unknown });
    });
    // Away too long for a replay: refetch everything shown.
    es.addEventListener('resync', () => void qc.invalidateQueries());
    // A closed stream (server restart, sign-out elsewhere) is retried by the browser; a dead session is
    // found by this check, which is background (it never keeps the session alive).
    const check = setInterval(() => {
      void api('/api/auth/session', { background: true }).catch(() => {});
    }, 60_000);
    return () => {
      es.close();
      clearInterval(check);
      if (timer) clearTimeout(timer);
    };
  }, [qc, enabled]);

  const value = useMemo<LiveApi>(
    () => ({
      status,
      subscribe: (fn) => {
        listeners.current.add(fn);
        return () => listeners.current.delete(fn);
      },
    }),
    [status],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useLiveStatus(): LiveStatus {
  return useContext(Ctx).status;
}

export function useLiveEvent(fn: Listener): void {
  const { subscribe } = useContext(Ctx);
  const ref = useRef(fn);
  ref.current = fn;
  useEffect(() => subscribe((m) => ref.current(m)), [subscribe]);
}
