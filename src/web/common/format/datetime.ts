/**
 * Business times are shown in Asia/Shanghai (UTC+8, no daylight saving), whatever the browser's zone:
 * a command centre's screens, a printed form and a phone in another province must agree.
 */
import dayjs, { type Dayjs } from 'dayjs';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);

export const SHANGHAI_OFFSET_MINUTES = 480;

export function inShanghai(v: string | number | Date): Dayjs {
  return dayjs(v).utcOffset(SHANGHAI_OFFSET_MINUTES);
}
