import { HOUR_MS } from './time';

/** "The nonce is stored for a period of 3 hours, after which it may be re-used." Keyed per app. */
export const NONCE_WINDOW_MS = 3 * HOUR_MS;

export class NonceStore {
  private readonly seen = new Map<string, number>();

  /** Records the nonce; false if it was already used within the window. */
  use(appId: string, nonce: string, nowMs: number): boolean {
    this.prune(nowMs);
    const key = `${appId}\u0000${nonce}`;
    const at = this.seen.get(key);
    if (at !== undefined && nowMs - at < NONCE_WINDOW_MS) return false;
    this.seen.set(key, nowMs);
    return true;
  }

  private prune(nowMs: number): void {
    // Insertion order is time order, so stop at the first fresh entry.
    for (const [key, at] of this.seen) {
      if (nowMs - at < NONCE_WINDOW_MS) break;
      this.seen.delete(key);
    }
  }

  clear(): void {
    this.seen.clear();
  }
}
