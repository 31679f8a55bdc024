/**
 * Who is signed in. The session lives in an http-only cookie; this keeps the user the server
 * described (roles, permissions, scopes), the CSRF token for writes, and what happens when the
 * server says the session is gone: back to sign-in, remembering where the user was.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { meSchema, sessionResponse } from '../../../shared/api/auth.ts';
import type { Permission, Role } from '../../../shared/roles.ts';
import { api, ApiError, onSignedOut, setCsrfToken } from '../api/client.ts';

export type Me = z.output<typeof meSchema>;
type SessionDto = z.output<typeof sessionResponse>;

export type SessionState =
  | { status: 'loading' }
  | { status: 'signedOut'; reason?: 'idle' | 'signedOut' }
  | { status: 'signedIn'; user: Me };

interface SessionApi {
  state: SessionState;
  signIn(username: string, password: string): Promise<Me>;
  signOut(): Promise<void>;
  /** After a password change: the server keeps the session; reload who we are. */
  refresh(): Promise<void>;
}

const Ctx = createContext<SessionApi | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const queryClient = useQueryClient();

  const adopt = useCallback((s: SessionDto) => {
    setCsrfToken(s.csrfToken);
    setState({ status: 'signedIn', user: s.user });
    return s.user;
  }, []);

  const refresh = useCallback(async () => {
    try {
      adopt(await api<SessionDto>('/api/auth/session', { background: true }));
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        setCsrfToken(null);
        setState({ status: 'signedOut' });
      } else throw err;
    }
  }, [adopt]);

  useEffect(() => {
    refresh().catch(() => setState({ status: 'signedOut' }));
  }, [refresh]);

  useEffect(
    () =>
      onSignedOut((code) => {
        setCsrfToken(null);
        queryClient.clear();
        setState({ status: 'signedOut', reason: code === 'SESSION_EXPIRED' ? 'idle' : undefined });
      }),
    [queryClient],
  );

  const value = useMemo<SessionApi>(
    () => ({
      state,
      refresh,
      signIn: async (username, password) => adopt(await api<SessionDto>('/api/auth/login', { body: { username, password } })),
      signOut: async () => {
        await api('/api/auth/logout', { method: 'POST' }).catch(() => {});
        setCsrfToken(null);
        queryClient.clear();
        setState({ status: 'signedOut', reason: 'signedOut' });
      },
    }),
    [state, refresh, adopt, queryClient],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useSession(): SessionApi {
  const v = useContext(Ctx);
  if (!v) throw new Error('useSession outside SessionProvider');
  return v;
}

/** The signed-in user (only inside the signed-in part of the app). */
export function useMe(): Me {
  const { state } = useSession();
  if (state.status !== 'signedIn') throw new Error('useMe while signed out');
  return state.user;
}

export function can(me: Me, p: Permission): boolean {
  return (me.permissions as readonly string[]).includes(p);
}
export function hasRole(me: Me, ...roles: Role[]): boolean {
  return roles.some((r) => me.roles.includes(r));
}
