/** "2 h 59 min 41 s" until `expiresAt`, or null once it has passed. */
export function remainingText(expiresAt: string, now: number): string | null {
  const ms = Date.parse(expiresAt) - now;
  if (!Number.isFinite(ms) || ms <= 0) return null;
  const s = Math.floor(ms / 1000);
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  return `${hours} h ${String(minutes).padStart(2, '0')} min ${String(s % 60).padStart(2, '0')} s`;
}
