/**
 * Units and working calendars over the API (shared/api/org.ts). The unit list shares the `['units']` entry
 * every screen reads unit names from (common/components/useReference.ts), so a saved unit shows everywhere;
 * calendars live under `['calendars']`, a year's holidays under `['holidays', year]`.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { CalendarDto, createCalendarBody, createUnitBody, UnitDto, updateCalendarBody, updateUnitBody } from '../../../../shared/api/org.ts';
import type { holidayYearResponse } from '../../../../shared/api/settings.ts';
import type { UserDto } from '../../../../shared/api/users.ts';
import { api } from '../../../common/api/client.ts';

export type Unit = UnitDto;
export type Calendar = CalendarDto;
export type CreateUnitInput = z.input<typeof createUnitBody>;
export type UpdateUnitInput = z.input<typeof updateUnitBody>;
export type CreateCalendarInput = z.input<typeof createCalendarBody>;
export type UpdateCalendarInput = z.input<typeof updateCalendarBody>;
export type HolidayYear = z.input<typeof holidayYearResponse>;

export function useCalendars() {
  return useQuery({
    queryKey: ['calendars'],
    queryFn: ({ signal }) => api<{ items: Calendar[] }>('/api/calendars', { signal }).then((r) => r.items),
    staleTime: 5 * 60_000,
  });
}

export function useHolidays(year: number) {
  return useQuery({
    queryKey: ['holidays', year],
    queryFn: ({ signal }) => api<HolidayYear>(`/api/holidays/${year}`, { signal }),
    staleTime: 30 * 60_000,
  });
}

export function useSaveUnit() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: number; patch: UpdateUnitInput } | { create: CreateUnitInput }) =>
      'create' in v ? api<Unit>('/api/units', { method: 'POST', body: v.create }) : api<Unit>(`/api/units/${v.id}`, { method: 'PATCH', body: v.patch }),
    onSuccess: (u) => {
      qc.setQueryData(['unit', u.id], u);
      void qc.invalidateQueries({ queryKey: ['units'] });
    },
  });
}

export function useSaveCalendar() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: number; patch: UpdateCalendarInput } | { create: CreateCalendarInput }) =>
      'create' in v ? api<Calendar>('/api/calendars', { method: 'POST', body: v.create }) : api<Calendar>(`/api/calendars/${v.id}`, { method: 'PATCH', body: v.patch }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['calendars'] });
      // Units show their calendar's name.
      void qc.invalidateQueries({ queryKey: ['units'] });
    },
  });
}

/** A unit's accounts (the same `['users', …]` entry the user administration reads for a unit filter). */
export function useUnitMembers(unitId: number) {
  return useQuery({
    queryKey: ['users', { unitId }],
    queryFn: ({ signal }) => api<{ items: UserDto[]; total: number }>('/api/users', { query: { unitId, limit: 500 }, signal }),
    staleTime: 30_000,
  });
}
