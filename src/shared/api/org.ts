/** Units (handling departments, squads, street offices, the centres) and their working calendars. */
import { z } from 'zod';
import { calendarDefinitionSchema } from '../calendar.ts';
import { UNIT_TYPES } from '../org.ts';
import { code40, districtCode, divisionCode, idParam, idRef, phone, text } from './fields.ts';

export const unitSchema = z.object({
  id: z.number(),
  districtCode: z.string(),
  code: z.string(),
  name: z.string(),
  type: z.enum(UNIT_TYPES),
  areaCode: z.string(),
  calendarId: z.number(),
  calendarName: z.string(),
  parentId: z.number().nullable(),
  phone: z.string().nullable(),
  active: z.boolean(),
  staffCount: z.number(),
});
export type UnitDto = z.input<typeof unitSchema>;

export const idParams = z.strictObject({ id: idParam });
export const unitListQuery = z.strictObject({ type: z.enum(UNIT_TYPES).optional(), areaCode: divisionCode.optional() });
export const unitListResponse = z.object({ items: z.array(unitSchema) });
export const createUnitBody = z.strictObject({
  code: code40,
  name: text(100, { min: 1 }),
  type: z.enum(UNIT_TYPES),
  areaCode: divisionCode,
  calendarId: idRef,
  parentId: idRef.nullable().optional(),
  phone: phone.nullable().optional(),
});
export const updateUnitBody = createUnitBody.omit({ code: true }).partial().extend({ active: z.boolean().optional() });

export const calendarSchema = z.object({ id: z.number(), districtCode: z.string(), code: z.string(), name: z.string(), definition: calendarDefinitionSchema });
export type CalendarDto = z.input<typeof calendarSchema>;
export const calendarListResponse = z.object({ items: z.array(calendarSchema) });
export const createCalendarBody = z.strictObject({ districtCode, code: code40, name: text(60, { min: 1 }), definition: calendarDefinitionSchema });
export const updateCalendarBody = z.strictObject({ name: text(60, { min: 1 }).optional(), definition: calendarDefinitionSchema.optional() });
