/** The catalogue's vocabulary as the admin reads it: unit types, clock types and how a limit is counted. */
import type { MessageKey } from '../../../common/i18n/catalogue.ts';
import type { ClockType, UnitType } from '../../../../shared/org.ts';

export const unitTypeKey = (u: UnitType): MessageKey => `adminCatalog.unit_${u}`;
export const clockKey = (c: ClockType): MessageKey => `adminCatalog.clock_${c}`;
/** What one unit of a limit is on this clock (the server counts hours on the hour clocks, days on the day clocks). */
export const clockUnitKey = (c: ClockType): MessageKey => `adminCatalog.clockUnit_${c}`;
export const clockHintKey = (c: ClockType): MessageKey => `adminCatalog.clockHint_${c}`;
export const isHourClock = (c: ClockType) => c === 'workingHours' || c === 'emergency';
