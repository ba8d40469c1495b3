/**
 * The one reader of dates and date-times the API takes: `expires_at`,
 * `start_at`, `charge_customer_at`, the `before`/`after` filters and the
 * Connect `timestamp`, in the sandbox, the client and the link builder alike.
 *
 * It is lenient the way GoCardless's servers were, because the official
 * client libraries each send their own shape (docs/client-libraries.md):
 * - `T` or a space between date and time (Python's `str(datetime)`);
 * - hours alone, hours and minutes, or seconds, with a fraction of any length
 *   after `.` or `,` (Node's milliseconds, Python's microseconds);
 * - `Z`, `UTC`, `GMT`, `+01`, `+0100` or `+01:00`, optionally after a space
 *   (Ruby's `Time#to_s`, PHP's `DATE_ISO8601`);
 * - a date alone, which is midnight UTC;
 * - no zone at all, which is UTC.
 * Anything else is refused: a year of other than 4 digits, a day that does
 * not exist (2030-02-30), 24:00, a leap second, a zone without a time.
 *
 * Pure TypeScript with no Node imports: the link builder webview bundles it.
 */

export interface ApiDate {
  /** The instant, in epoch milliseconds (a fraction beyond milliseconds is cut). */
  readonly ms: number;
  /** The calendar date as written, "YYYY-MM-DD" (for date fields such as charge_customer_at). */
  readonly date: string;
  /** Whether a time of day was given. */
  readonly hasTime: boolean;
  /** Whether a zone or offset was given (without one the value is read as UTC). */
  readonly hasZone: boolean;
}

/** Shown in every refusal so the reader sees a form that works. */
export const ACCEPTED_DATE_FORMS = '2030-01-31, 2030-01-31T09:00:00Z or 2030-01-31 09:00:00.123456';

const PATTERN = new RegExp(
  '^(\\d{4})-(\\d{2})-(\\d{2})' // date
  + '(?:[Tt ](\\d{2})(?::(\\d{2})(?::(\\d{2})(?:[.,](\\d+))?)?)?' // time: hh, hh:mm, hh:mm:ss, hh:mm:ss.f…
  + ' ?(?:([Zz]|UTC|GMT)|([+-])(\\d{2})(?::?(\\d{2}))?)?)?$', // zone, only after a time
);

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Reads a date or date-time; undefined when it is not one. */
export function parseApiDate(text: string): ApiDate | undefined {
  if (typeof text !== 'string') return undefined;
  const m = PATTERN.exec(text.trim());
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  const hasTime = m[4] !== undefined;
  const [hours, minutes, seconds] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  if (hours > 23 || minutes > 59 || seconds > 59) return undefined;
  const millis = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'));
  let offsetMinutes = 0;
  if (m[9] !== undefined) {
    const [oh, om] = [Number(m[10]), Number(m[11] ?? 0)];
    if (oh > 23 || om > 59) return undefined;
    offsetMinutes = (m[9] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day); // setUTCFullYear keeps years 0-99 as written, unlike Date.UTC
  utc.setUTCHours(hours, minutes, seconds, millis);
  return {
    ms: utc.getTime() - offsetMinutes * 60_000,
    date: `${m[1]}-${m[2]}-${m[3]}`,
    hasTime,
    hasZone: m[8] !== undefined || m[9] !== undefined,
  };
}

/** The instant of a date or date-time (epoch ms), or undefined. */
export function parseApiInstant(text: string): number | undefined {
  return parseApiDate(text)?.ms;
}

/** The refusal for a value that does not parse: names the field, quotes the value, shows accepted forms. */
export function dateFormatMessage(field: string, value: unknown): string {
  // The value itself is not repeated: a reason may reach a notification, and the value is whatever was sent.
  const got = typeof value === 'string' ? '' : ` (got a ${value === null ? 'null' : typeof value})`;
  return `${field} must be an ISO 8601 date or date-time such as ${ACCEPTED_DATE_FORMS}${got}`;
}
