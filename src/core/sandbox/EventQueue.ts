/** Something due on the sandbox clock; checked against the record when it fires, so stale entries are harmless. */
export interface DueEvent {
  at: number;
  kind: 'settle' | 'withdraw' | 'subscriptionBill' | 'preAuthInterval' | 'expire' | 'removeUnconfirmed';
  id: string;
  seq: number;
}

/** A binary min-heap by (at, seq): events due at the same moment fire in the order they were scheduled. */
export class EventQueue {
  private readonly heap: DueEvent[] = [];
  private seq = 0;

  get size(): number {
    return this.heap.length;
  }

  push(at: number, kind: DueEvent['kind'], id: string): void {
    const h = this.heap;
    h.push({ at, kind, id, seq: this.seq++ });
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!less(h[i]!, h[parent]!)) break;
      [h[i], h[parent]] = [h[parent]!, h[i]!];
      i = parent;
    }
  }

  /** The earliest event if it is due at or before `ms`. */
  popDue(ms: number): DueEvent | undefined {
    const h = this.heap;
    const top = h[0];
    if (!top || top.at > ms) return undefined;
    const last = h.pop()!;
    if (h.length) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && less(h[l]!, h[m]!)) m = l;
        if (r < h.length && less(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }

  clear(): void {
    this.heap.length = 0;
  }
}

function less(a: DueEvent, b: DueEvent): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}
