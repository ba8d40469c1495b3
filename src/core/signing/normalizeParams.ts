import { type ParamPair, type SignableParams, type SignableValue, UnsignableValueError } from './flattenParams';
import { compareEncoded } from './compareEncoded';
import { EncodedWriter } from './encodedWriter';
import { percentEncode } from './percentEncode';
import { type KeyPlan, rememberedPlan, sameKeys, sortedKeyPlan, worthKeeping } from './sortedKeyPlan';

/** Byte-order comparison; encoded strings are ASCII, so UTF-16 code-unit order is byte order. */
function compareAscii(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Sort by encoded key, then by encoded value (Signature Guide, "Normalizing the parameters"). */
export function compareEncodedPairs(a: ParamPair, b: ParamPair): number {
  return compareAscii(a[0], b[0]) || compareAscii(a[1], b[1]);
}

export function encodePairs(pairs: readonly ParamPair[]): ParamPair[] {
  return pairs.map(([k, v]) => [percentEncode(k), percentEncode(v)] as const);
}

export function joinPairs(pairs: readonly ParamPair[]): string {
  let out = '';
  for (let i = 0; i < pairs.length; i++) {
    const pair = pairs[i]!;
    out += (i === 0 ? '' : '&') + pair[0] + '=' + pair[1];
  }
  return out;
}

/**
 * The normalized string that is signed: flatten, percent-encode, sort, join.
 *
 * This is the hot path of signing, so it avoids sorting the flattened lines
 * when it can: each object level is written in its keys' encoded order (see
 * sortedKeyPlan), and arrays of plain values sort only their own values.
 * Anything else (keys that prefix each other, arrays holding objects, values
 * that cannot be signed) takes the general path, normalizeBySorting. A
 * property test holds both equal to `normalizePairs(flattenParams(params))`.
 *
 * The ordered path writes bytes (see EncodedWriter): every pair as `&key=value`,
 * the first `&` dropped at the end.
 */
export function normalizeParams(params: SignableParams): string {
  const w = takeWriter();
  try {
    return writeObject(w, params, undefined) ? w.text(1) : normalizeBySorting(params);
  } finally {
    giveBackWriter(w);
  }
}

/**
 * One writer is kept for reuse. A getter among the params could sign other
 * params while this call is writing (nothing in this extension does, but the
 * writer must not be shared then), so a nested call gets a writer of its own.
 */
let spareWriter: EncodedWriter | undefined = new EncodedWriter();

function takeWriter(): EncodedWriter {
  const w = spareWriter ?? new EncodedWriter();
  spareWriter = undefined;
  w.reset();
  return w;
}

function giveBackWriter(w: EncodedWriter): void {
  w.reset();
  spareWriter = w;
}

/** Writes one object level in order; false means "take the general path". */
function writeObject(w: EncodedWriter, record: { readonly [k: string]: SignableValue }, encodedPrefix: string | undefined): boolean {
  let values: SignableValue[] = [];
  let plan = walkRememberedPlan(record, values);
  if (plan === undefined) {
    plan = sortedKeyPlan(Object.keys(record));
    if (plan === undefined) return false;
    values = Object.values(record);
  }
  const sourceIndex = plan.sourceIndex;
  // Object.values follows Object.keys' order; only a getter deleting keys as they are read makes it shorter.
  if (values.length !== sourceIndex.length) return false;
  const full = plan.fullKeys(encodedPrefix);
  const pairPrefixes = plan.pairPrefixes(encodedPrefix);
  for (let i = 0; i < sourceIndex.length; i++) {
    if (!writeValue(w, full[i]!, pairPrefixes[i]!, values[sourceIndex[i]!])) return false;
  }
  return true;
}

/**
 * The common case, an object whose key list was planned before: one for-in
 * walk checks its keys against the plan and collects their values. V8 reads
 * `record[key]` inside for-in from the object's enum cache; this was about
 * half the cost of Object.keys, the plan lookup and Object.values. Undefined
 * (with `values` partly filled) when the keys are not exactly the remembered
 * list, in order; inherited enumerable keys make them differ too.
 */
function walkRememberedPlan(record: { readonly [k: string]: SignableValue }, values: SignableValue[]): KeyPlan | undefined {
  let plan: KeyPlan | undefined;
  for (const key in record) {
    plan ??= rememberedPlan(key);
    if (plan === undefined || plan.keys[values.length] !== key) return undefined;
    values.push(record[key]);
  }
  return plan !== undefined && values.length === plan.keys.length ? plan : undefined;
}

/** Writes the pairs of one value; `pairPrefix` is `&key=` as bytes. */
function writeValue(w: EncodedWriter, encodedKey: string, pairPrefix: Uint8Array, value: SignableValue): boolean {
  switch (typeof value) {
    case 'string':
      w.pair(pairPrefix, value);
      return true;
    case 'number':
      if (!Number.isFinite(value)) return false;
      w.pair(pairPrefix, String(value));
      return true;
    case 'boolean':
      w.pair(pairPrefix, value ? 'true' : 'false');
      return true;
    case 'undefined':
      return true;
    case 'object':
      if (value === null) {
        w.bytes(pairPrefix);
        return true;
      }
      if (Array.isArray(value)) return writeArray(w, encodedKey, value as readonly SignableValue[]);
      return writeObject(w, value as { readonly [k: string]: SignableValue }, encodedKey);
    default:
      return false;
  }
}

/**
 * Members of an array share one key, so their lines interleave: arrays of plain
 * values sort only their own values; arrays of flat records with one key list
 * (the webhook's `bills`) go to writeRecordArray; anything else takes the
 * general path.
 */
function writeArray(w: EncodedWriter, encodedKey: string, members: readonly SignableValue[]): boolean {
  const first = members[0];
  if (typeof first === 'object' && first !== null) return !Array.isArray(first) && writeRecordArray(w, encodedKey, members);
  const values: string[] = [];
  for (const member of members) {
    const t = plainText(member);
    if (t === NOT_PLAIN) return false;
    if (t !== undefined) values.push(t);
  }
  sortByEncoding(values, values.length);
  const pairPrefix = Buffer.from('&' + encodedKey + '%5B%5D=', 'latin1');
  for (const v of values) w.pair(pairPrefix, v);
  return true;
}

/**
 * An array of records that all have the same own keys, in the same order, and
 * only plain values (a webhook's `bills`). Every line of the array starts with
 * `key%5B%5D%5B`, then the member's encoded key and `%5D`: a leaf's line key
 * ends there, so the lines fall into one group per member key, the groups in
 * the order of those full keys (no prefix problem: a key never continues past
 * its own `%5D`), and within a group the members' encoded values sorted.
 * False (the general path) for anything else.
 *
 * The values are sorted as they are, by their encoding (compareEncoded), and
 * encoded once, straight into the writer: a string per encoded value (and
 * the ropes that escaping builds) cost as much again as the encoding.
 */
function writeRecordArray(w: EncodedWriter, encodedKey: string, members: readonly SignableValue[]): boolean {
  const plan = recordArrayPlan(encodedKey, members[0] as { readonly [k: string]: SignableValue });
  if (plan === undefined) return false;
  const keys = plan.keys;
  const k = keys.length;
  const n = members.length;
  // texts[m * k + j]: member m's value under keys[j] as text, not yet encoded; undefined for a value that gives no pair.
  const texts = new Array<string | undefined>(n * k);
  for (let m = 0; m < n; m++) {
    const member = members[m];
    if (typeof member !== 'object' || member === null || Array.isArray(member)) return false;
    let j = 0;
    for (const key in member as { readonly [k: string]: SignableValue }) {
      if (keys[j] !== key) return false;
      const t = plainText((member as { readonly [k: string]: SignableValue })[key]);
      if (t === NOT_PLAIN) return false;
      texts[m * k + j++] = t;
    }
    // Fewer keys than the first member (or inherited enumerable ones, which Object.keys does not list).
    if (j !== k) return false;
  }
  const column = new Array<string>(n);
  for (let i = 0; i < k; i++) {
    const j = plan.sourceIndex[i]!;
    const pairPrefix = plan.pairPrefixes[i]!;
    let count = 0;
    for (let m = 0; m < n; m++) {
      const t = texts[m * k + j];
      if (t !== undefined) column[count++] = t;
    }
    sortByEncoding(column, count);
    for (let c = 0; c < count; c++) w.pair(pairPrefix, column[c]!);
  }
  return true;
}

/**
 * Sorts `values[0, count)` by their encoding. A webhook's column holds a
 * handful of values (one per bill), where Array#sort's set-up costs more than
 * the sorting, so small ones are insertion-sorted; a large one, from a webhook
 * with many bills, is not quadratic.
 */
function sortByEncoding(values: string[], count: number): void {
  if (count > 16) {
    const sorted = values.slice(0, count).sort(compareEncoded);
    for (let i = 0; i < count; i++) values[i] = sorted[i]!;
    return;
  }
  for (let i = 1; i < count; i++) {
    const value = values[i]!;
    let j = i;
    for (; j > 0 && compareEncoded(values[j - 1]!, value) > 0; j--) values[j] = values[j - 1]!;
    values[j] = value;
  }
}

interface RecordArrayPlan {
  /** The records' own keys, in their order. */
  readonly keys: readonly string[];
  /** For each full key in normalized order, its index in `keys`. */
  readonly sourceIndex: readonly number[];
  /** `&key%5B%5D%5Bmember%5D=` as bytes, in normalized order. */
  readonly pairPrefixes: readonly Uint8Array[];
}

/** Remembered per array key, like the object plans (bounded the same way: the keys can come from a webhook's sender). */
const recordArrayPlans = new Map<string, RecordArrayPlan>();
const MAX_RECORD_ARRAY_PLANS = 256;

function recordArrayPlan(encodedKey: string, first: { readonly [k: string]: SignableValue }): RecordArrayPlan | undefined {
  const keys = Object.keys(first);
  const cached = recordArrayPlans.get(encodedKey);
  if (cached !== undefined && sameKeys(cached.keys, keys)) return cached;
  const groupPrefix = encodedKey + '%5B%5D%5B';
  const order = keys.map((key, i) => [groupPrefix + percentEncode(key) + '%5D', i] as const).sort((x, y) => compareAscii(x[0], y[0]));
  const plan: RecordArrayPlan = {
    keys,
    sourceIndex: order.map(([, i]) => i),
    pairPrefixes: order.map(([full]) => Buffer.from('&' + full + '=', 'latin1')),
  };
  if (worthKeeping(keys, encodedKey.length)) {
    if (cached === undefined && recordArrayPlans.size >= MAX_RECORD_ARRAY_PLANS) recordArrayPlans.clear();
    recordArrayPlans.set(encodedKey, plan);
  }
  return plan;
}

const NOT_PLAIN: unique symbol = Symbol('not plain');

/**
 * A plain value's text, before encoding, as an array member or a record field:
 * undefined gives no pair, null an empty value; NOT_PLAIN (an object, an
 * array, a non-finite number) sends the caller to the general path.
 */
function plainText(value: SignableValue): string | undefined | typeof NOT_PLAIN {
  switch (typeof value) {
    case 'string': return value;
    case 'number': return Number.isFinite(value) ? String(value) : NOT_PLAIN;
    case 'boolean': return value ? 'true' : 'false';
    case 'undefined': return undefined;
    default: return value === null ? '' : NOT_PLAIN;
  }
}

/** The general path: every flattened pair as a line, all lines sorted. */
export function normalizeBySorting(params: SignableParams): string {
  const lines: string[] = [];
  for (const key of Object.keys(params)) collectLines(lines, key, percentEncode(key), params[key]);
  return sortAndJoin(lines);
}

function collectLines(lines: string[], key: string, encodedKey: string, value: SignableValue): void {
  switch (typeof value) {
    case 'string':
      lines.push(encodedKey + SEP + percentEncode(value));
      return;
    case 'number':
      if (!Number.isFinite(value)) throw new UnsignableValueError(key, `${value} is not a finite number`);
      lines.push(encodedKey + SEP + percentEncode(String(value)));
      return;
    case 'boolean':
      lines.push(encodedKey + (value ? SEP + 'true' : SEP + 'false'));
      return;
    case 'undefined':
      return;
    case 'object': {
      if (value === null) {
        lines.push(encodedKey + SEP);
        return;
      }
      if (Array.isArray(value)) {
        const arrayKey = key + '[]';
        const encodedArrayKey = encodedKey + '%5B%5D';
        for (const member of value as readonly SignableValue[]) collectLines(lines, arrayKey, encodedArrayKey, member);
        return;
      }
      const record = value as { readonly [k: string]: SignableValue };
      for (const sub of Object.keys(record)) {
        collectLines(lines, key + '[' + sub + ']', encodedKey + '%5B' + percentEncode(sub) + '%5D', record[sub]);
      }
      return;
    }
    default:
      throw new UnsignableValueError(key, `a ${typeof value} has no string form`);
  }
}

/**
 * Each pair is written `key SEP value` and the lines are sorted as whole
 * strings. SEP (NUL) sorts below every character encoded text can contain
 * (a NUL in the data is `%00`), so this is exactly "by encoded key, then by
 * encoded value" in byte order, and much faster than a comparator over tuples.
 */
const SEP = '\0';

function sortAndJoin(lines: string[]): string {
  lines.sort();
  return lines.join('&').replaceAll(SEP, '=');
}

export function normalizePairs(pairs: readonly ParamPair[]): string {
  const n = pairs.length;
  const lines = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const pair = pairs[i]!;
    lines[i] = percentEncode(pair[0]) + SEP + percentEncode(pair[1]);
  }
  return sortAndJoin(lines);
}


/** Splits a normalized string back into its decoded pairs (the inverse of normalizePairs, up to order). */
export function parseNormalized(normalized: string): ParamPair[] {
  if (normalized === '') return [];
  return normalized.split('&').map((part) => {
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    const value = eq < 0 ? '' : part.slice(eq + 1);
    return [decodeURIComponent(key), decodeURIComponent(value)] as const;
  });
}
