/**
 * "at 14:32 (in 2 h 59 min)": a link's expiry in the user's local time and how long is left, instead of the raw
 * UTC timestamp. `now`, the time zone and the locale are parameters so tests pin them.
 */
export function formatExpiry(expiresAt: string, now: number, zone: { timeZone?: string; locale?: string } = {}): string {
  const at = Date.parse(expiresAt);
  if (!Number.isFinite(at)) return `at ${expiresAt}`;
  const time = new Intl.DateTimeFormat(zone.locale, { hour: '2-digit', minute: '2-digit', ...(zone.timeZone ? { timeZone: zone.timeZone } : {}) }).format(at);
  // Whole minutes left, rounded down: "2 h 59 min" while any second of the third hour has passed.
  const left = Math.floor((at - now) / 60_000);
  if (left <= 0) return `at ${time} (expired)`;
  const hours = Math.floor(left / 60);
  const minutes = left % 60;
  return `at ${time} (in ${hours > 0 ? `${hours} h ` : ''}${minutes} min)`;
}
