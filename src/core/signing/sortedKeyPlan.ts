import { percentEncode } from './percentEncode';

/**
 * The keys of one object level, encoded and in the order the normalized
 * string lists them. When no encoded key is a prefix of another, every pair
 * under key A sorts before every pair under key B exactly when A < B, whatever
 * follows, so a whole subtree can be written in this order without sorting
 * its lines. `undefined` when that condition fails (keys such as `a` and `ab`).
 */
export interface KeyPlan {
  /** The object's keys in Object.keys order, to check a cache hit. */
  readonly keys: readonly string[];
  /** [raw key, encoded key] in normalized order. */
  readonly order: readonly (readonly [string, string])[];
}

const plans = new Map<string, KeyPlan | null>();
const MAX_PLANS = 2048;

/**
 * Plans are remembered by key list: links and webhooks of one kind share their
 * keys, so the per-level sort happens once. A hit is checked key by key, so a
 * separator inside a key cannot make two lists collide.
 */
export function sortedKeyPlan(keys: readonly string[]): KeyPlan | undefined {
  const id = keys.join('\u0001');
  const cached = plans.get(id);
  if (cached !== undefined && (cached === null || sameKeys(cached.keys, keys))) return cached ?? undefined;
  const plan = makePlan(keys);
  if (cached === undefined) {
    if (plans.size >= MAX_PLANS) plans.clear();
    plans.set(id, plan ?? null);
  }
  return plan;
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function makePlan(keys: readonly string[]): KeyPlan | undefined {
  const order = keys.map((k) => [k, percentEncode(k)] as const).sort((x, y) => (x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0));
  // Sorted, a key that prefixes others is immediately followed by one of them.
  for (let i = 1; i < order.length; i++) if (order[i]![1].startsWith(order[i - 1]![1])) return undefined;
  return { keys: [...keys], order };
}
