import { HOUR_MS } from './time';

/** "The nonce is stored for a period of 3 hours, after which it may be re-used." Keyed per app. */
export const NONCE_WINDOW_MS = 3 * HOUR_MS;

interface Seen {
  usedMs: number;
  /** Until when a replay is refused: 3 hours after use, or longer if the link itself stays acceptable longer. */
  untilMs: number;
}

export class NonceStore {
  private readonly seen = new Map<string, Seen>();

  /**
   * Records the nonce; false if it is still remembered. `linkAcceptedUntilMs`
   * is the end of the link's timestamp window: a link stamped up to 3 hours
   * ahead stays acceptable for up to 6 hours, and its nonce must be remembered
   * that long or the same link could be opened twice.
   */
  use(appId: string, nonce: string, nowMs: number, linkAcceptedUntilMs = 0): boolean {
    this.prune(nowMs);
    const key = `${appId}\u0000${nonce}`;
    const at = this.seen.get(key);
    if (at !== undefined && nowMs < at.untilMs) return false;
    this.seen.delete(key); // re-inserted last, so insertion order stays use order
    this.seen.set(key, { usedMs: nowMs, untilMs: Math.max(nowMs + NONCE_WINDOW_MS, linkAcceptedUntilMs) });
    return true;
  }

  private prune(nowMs: number): void {
    // Insertion order is use order: once an entry was used less than 3 hours ago, so were all after it,
    // and none of them can have expired. Before that point, only entries kept longer for their link survive.
    for (const [key, at] of this.seen) {
      if (nowMs - at.usedMs < NONCE_WINDOW_MS) break;
      if (nowMs >= at.untilMs) this.seen.delete(key);
    }
  }

  clear(): void {
    this.seen.clear();
  }
}
