import { percentEncode } from './percentEncode';

/**
 * The keys of one object level, encoded and in the order the normalized
 * string lists them. When no encoded key is a prefix of another, every pair
 * under key A sorts before every pair under key B exactly when A < B, whatever
 * follows, so a whole subtree can be written in this order without sorting
 * its lines. sortedKeyPlan returns undefined when that condition fails (keys
 * such as `a` and `ab`), and the caller sorts every line instead.
 */
const UNSET: unique symbol = Symbol('unset');

export class KeyPlan {
  /**
   * For each key in normalized order, its index in `keys` (the object's own
   * key order). The caller reads the values in that order, in one pass (a
   * for-in walk or Object.values), instead of looking each key up: a lookup
   * by a changing key cost about as much as writing a short pair.
   */
  readonly sourceIndex: readonly number[];
  /** The keys' encodings, in normalized order. */
  readonly encoded: readonly string[];
  private lastPrefix: string | undefined | typeof UNSET = UNSET;
  private lastFull: readonly string[] = [];
  private lastPairPrefixes: readonly Uint8Array[] = [];

  constructor(readonly keys: readonly string[], order: readonly (readonly [raw: string, encoded: string, sourceIndex: number])[]) {
    this.sourceIndex = order.map(([, , i]) => i);
    this.encoded = order.map(([, e]) => e);
  }

  /**
   * The full encoded keys under a parent's encoded key (`parent%5Bkey%5D`), or
   * the bare encodings at the top level (prefix undefined; '' is the encoded
   * empty key, a real parent). The last prefix's list is
   * kept: the same link shape asks for the same one every time.
   */
  fullKeys(prefix: string | undefined): readonly string[] {
    if (prefix !== this.lastPrefix) this.computeFor(prefix);
    return this.lastFull;
  }

  /**
   * What a leaf's pair starts with, as the bytes EncodedWriter copies in one
   * step: `&`, the full key, `=` (the normalized string drops the first `&`).
   */
  pairPrefixes(prefix: string | undefined): readonly Uint8Array[] {
    if (prefix !== this.lastPrefix) this.computeFor(prefix);
    return this.lastPairPrefixes;
  }

  private computeFor(prefix: string | undefined): void {
    const full = prefix === undefined ? this.encoded : this.encoded.map((e) => prefix + '%5B' + e + '%5D');
    this.lastPrefix = prefix;
    this.lastFull = full;
    this.lastPairPrefixes = full.map((k) => Buffer.from('&' + k + '=', 'latin1'));
  }
}

/**
 * Plans are remembered per object level, indexed by the first key (property
 * names are interned, so that lookup is cheap); a hit is checked key by key and
 * a different list under the same first key replaces the entry.
 */
const plans = new Map<string, { readonly plan: KeyPlan | undefined; readonly keys: readonly string[] }>();
const MAX_PLANS = 2048;
const MAX_KEYS_KEPT = 64;
const MAX_KEY_CHARS_KEPT = 2048;
const EMPTY = new KeyPlan([], []);

export function sortedKeyPlan(keys: readonly string[]): KeyPlan | undefined {
  const first = keys[0];
  if (first === undefined) return EMPTY;
  const cached = plans.get(first);
  if (cached !== undefined && sameKeys(cached.keys, keys)) return cached.plan;
  const plan = makePlan(keys);
  if (!worthKeeping(keys)) return plan;
  if (cached === undefined && plans.size >= MAX_PLANS) plans.clear();
  plans.set(first, { plan, keys: [...keys] });
  return plan;
}

/**
 * The plan remembered for a key list starting with `first`, without checking
 * the rest of the list: the caller compares `plan.keys` with the object's own
 * keys as it walks them, and calls sortedKeyPlan when they differ.
 */
export function rememberedPlan(first: string): KeyPlan | undefined {
  return plans.get(first)?.plan;
}

/**
 * Only small key lists are remembered: signing untrusted input (a webhook body)
 * must not let its sender fill memory with huge keys or key lists.
 */
export function worthKeeping(keys: readonly string[], otherChars = 0): boolean {
  if (keys.length > MAX_KEYS_KEPT) return false;
  let chars = otherChars;
  for (const k of keys) chars += k.length;
  return chars <= MAX_KEY_CHARS_KEPT;
}

export function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function makePlan(keys: readonly string[]): KeyPlan | undefined {
  const order = keys.map((k, i) => [k, percentEncode(k), i] as const).sort((x, y) => (x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0));
  // Sorted, a key that prefixes others is immediately followed by one of them.
  for (let i = 1; i < order.length; i++) if (order[i]![1].startsWith(order[i - 1]![1])) return undefined;
  return new KeyPlan([...keys], order);
}
