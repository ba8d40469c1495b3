import { type ParamPair, type SignableParams, type SignableValue, UnsignableValueError } from './flattenParams';
import { EncodedWriter } from './encodedWriter';
import { percentEncode } from './percentEncode';
import { type KeyPlan, rememberedPlan, sortedKeyPlan } from './sortedKeyPlan';

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
 * This is the hot path of signing a Connect link, so an object whose levels
 * hold only plain values and objects is written in its keys' encoded order
 * (see sortedKeyPlan) without sorting the flattened lines. Anything else
 * (keys that prefix each other, arrays, values that cannot be signed) takes
 * the general path, normalizeBySorting. A property test holds both equal to
 * `normalizePairs(flattenParams(params))`.
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
      // Members of an array share one key, so their lines interleave: sorting them is the general path's job.
      if (Array.isArray(value)) return false;
      return writeObject(w, value as { readonly [k: string]: SignableValue }, encodedKey);
    default:
      return false;
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
