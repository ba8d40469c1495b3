import type { IntervalUnit } from '../api/models';
import { parseApiInstant } from '../validation/parseApiDate';

export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;

/** The API writes times to the second, in UTC ("2014-08-20T21:41:25Z"). */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19) + 'Z';
}

export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function startOfDay(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** A calendar date "YYYY-MM-DD" → midnight UTC, or undefined if not a real date (2014-02-30). */
export function parseDate(text: string): number | undefined {
  const m = DATE.exec(text);
  if (!m) return undefined;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return isoDate(ms) === text ? ms : undefined;
}

/** Any date or date-time the API takes → epoch ms, or undefined: the one lenient parser (core/validation/parseApiDate.ts). */
export function parseDateTime(text: string): number | undefined {
  return parseApiInstant(text);
}

/** Adds interval units; months keep the day of month, clamped to the month's end (31 Jan + 1 month = 28/29 Feb). */
export function addInterval(ms: number, unit: IntervalUnit, length: number): number {
  if (unit === 'day') return ms + length * DAY_MS;
  if (unit === 'week') return ms + length * 7 * DAY_MS;
  const d = new Date(ms);
  const targetMonth = d.getUTCMonth() + length;
  const firstOfTarget = Date.UTC(d.getUTCFullYear(), targetMonth, 1);
  const daysInTarget = new Date(Date.UTC(d.getUTCFullYear(), targetMonth + 1, 0)).getUTCDate();
  const day = Math.min(d.getUTCDate(), daysInTarget);
  return firstOfTarget + (day - 1) * DAY_MS + (ms - startOfDay(ms));
}

/**
 * The start of the next calendar interval strictly after the day of `ms`
 * (pre_authorization[calendar_intervals]): the next Monday for weeks, the 1st
 * of the next month for months, the next midnight for days.
 */
export function nextCalendarBoundary(ms: number, unit: IntervalUnit): number {
  const day = startOfDay(ms);
  if (unit === 'day') return day + DAY_MS;
  if (unit === 'week') {
    const weekday = (new Date(day).getUTCDay() + 6) % 7; // Monday = 0
    return day + (7 - weekday) * DAY_MS;
  }
  const d = new Date(day);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}
