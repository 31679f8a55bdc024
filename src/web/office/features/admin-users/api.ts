/**
 * User administration over the API (shared/api/users.ts): the list under `['users', …]`, one account under
 * `['user', username]`, an integration account's tokens under `['userTokens', username]`. Every write puts
 * the server's answer in the cache and refreshes the lists, so the table and the drawer agree at once.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { createdTokenSchema, tokenListResponse } from '../../../../shared/api/auth.ts';
import type { createUserBody, updateUserBody, UserDto } from '../../../../shared/api/users.ts';
import type { Role } from '../../../../shared/roles.ts';
import { api } from '../../../common/api/client.ts';

export type User = UserDto;
export type CreateUserInput = z.input<typeof createUserBody>;
export type UpdateUserInput = z.input<typeof updateUserBody>;
export type Token = z.input<typeof tokenListResponse>['items'][number];
export type CreatedToken = z.input<typeof createdTokenSchema>;

/** The server filters by role, unit and name; the rest of the table's filters work on the rows it returns. */
export interface UserQuery {
  q?: string;
  role?: Role;
  unitId?: number;
}

/** The most the API returns in one page (userListQuery's limit). */
export const USER_PAGE_MAX = 500;

export function useUsers(query: UserQuery) {
  return useQuery({
    queryKey: ['users', query],
    queryFn: ({ signal }) => api<{ items: User[]; total: number }>('/api/users', { query: { ...query, limit: USER_PAGE_MAX }, signal }),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}

function settle(qc: QueryClient, u?: User) {
  if (u) qc.setQueryData(['user', u.username], u);
  void qc.invalidateQueries({ queryKey: ['users'] });
  // A unit's staff count follows its active members.
  void qc.invalidateQueries({ queryKey: ['units'] });
}

export function useCreateUser() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateUserInput) => api<User>('/api/users', { method: 'POST', body }),
    onSuccess: (u) => settle(qc, u),
  });
}

export function useUpdateUser() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ username, patch }: { username: string; patch: UpdateUserInput }) =>
      api<User>(`/api/users/${encodeURIComponent(username)}`, { method: 'PATCH', body: patch }),
    onSuccess: (u) => settle(qc, u),
  });
}

export function useSetDisabled() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ username, disabled }: { username: string; disabled: boolean }) =>
      api<User>(`/api/users/${encodeURIComponent(username)}/${disabled ? 'disable' : 'enable'}`, { method: 'POST', body: {} }),
    onSuccess: (u) => {
      settle(qc, u);
      // Disabling revokes the account's tokens.
      void qc.invalidateQueries({ queryKey: ['userTokens', u.username] });
    },
  });
}

export function useResetPassword() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ username, password }: { username: string; password: string }) =>
      api<void>(`/api/users/${encodeURIComponent(username)}/password`, { method: 'POST', body: { password } }),
    onSuccess: () => settle(qc),
  });
}

export function useTokens(username: string | null) {
  return useQuery({
    queryKey: ['userTokens', username],
    queryFn: ({ signal }) => api<{ items: Token[] }>(`/api/users/${encodeURIComponent(username!)}/tokens`, { signal }).then((r) => r.items),
    enabled: username !== null,
  });
}

export function useMintToken(username: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; expiresInDays?: number }) =>
      api<CreatedToken>(`/api/users/${encodeURIComponent(username)}/tokens`, { method: 'POST', body }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['userTokens', username] }),
  });
}

export function useRevokeToken(username: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api<void>(`/api/users/${encodeURIComponent(username)}/tokens/${id}`, { method: 'DELETE' }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['userTokens', username] }),
  });
}

/**
 * A first or reset password the policy accepts (four character classes, 16 characters, never the username):
 * the admin hands it over once and the person replaces it at the next sign-in.
 */
export function temporaryPassword(): string {
  const sets = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnpqrstuvwxyz', '23456789', '#%+=@!?'];
  const all = sets.join('');
  const rnd = new Uint32Array(16);
  crypto.getRandomValues(rnd);
  const chars = [...rnd].map((r, i) => {
    const pool = i < sets.length ? sets[i]! : all;
    return pool[r % pool.length]!;
  });
  // Shuffle so the classes are not always in the same places.
  const order = new Uint32Array(chars.length);
  crypto.getRandomValues(order);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = order[i]! % (i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}

/** One account as the cache holds it now (writes put the server's answer there), starting from the list's row. */
export function useUser(initial: User | null) {
  return useQuery({
    queryKey: ['user', initial?.username],
    queryFn: ({ signal }) => api<User>(`/api/users/${encodeURIComponent(initial!.username)}`, { signal }),
    enabled: initial !== null,
    initialData: initial ?? undefined,
    staleTime: 30_000,
  });
}
