/**
 * Flattening nested parameters into key/value pairs, as the Signature Guide
 * describes: array members take the array's key plus `[]`, object members the
 * parent key plus `[name]`.
 *
 * Value rules (the guide is silent on these; they match what the official
 * Ruby and PHP libraries send):
 * - strings as they are;
 * - numbers as their decimal string (`10.5` → "10.5"); NaN and ±Infinity are refused;
 * - booleans as `true` / `false`;
 * - `null` gives an empty value and the key is kept (`key=`);
 * - `undefined` gives no pair, as in JSON;
 * - empty arrays and empty objects give no pairs.
 */

export type SignableValue =
  | string
  | number
  | boolean
  | null
  | undefined
  | readonly SignableValue[]
  | { readonly [key: string]: SignableValue };

export type SignableParams = { readonly [key: string]: SignableValue };

/** One flattened, not yet encoded, parameter. */
export type ParamPair = readonly [key: string, value: string];

export class UnsignableValueError extends Error {
  constructor(readonly key: string, reason: string) {
    super(`Parameter "${key}" cannot be signed: ${reason}`);
    this.name = 'UnsignableValueError';
  }
}

/** How leaf values become strings; the signing variants in diagnoseSignature swap these. */
export interface ValueRules {
  boolean(value: boolean): string;
  /** Returns undefined to drop the pair. */
  null(): string | undefined;
}

export const SPEC_VALUE_RULES: ValueRules = {
  boolean: (value) => (value ? 'true' : 'false'),
  null: () => '',
};

export function flattenParams(params: SignableParams, rules: ValueRules = SPEC_VALUE_RULES): ParamPair[] {
  const pairs: ParamPair[] = [];
  for (const key of Object.keys(params)) flattenInto(pairs, key, params[key], rules);
  return pairs;
}

function flattenInto(pairs: ParamPair[], key: string, value: SignableValue, rules: ValueRules): void {
  switch (typeof value) {
    case 'string':
      pairs.push([key, value]);
      return;
    case 'number':
      if (!Number.isFinite(value)) throw new UnsignableValueError(key, `${value} is not a finite number`);
      pairs.push([key, String(value)]);
      return;
    case 'boolean':
      pairs.push([key, rules.boolean(value)]);
      return;
    case 'undefined':
      return;
    case 'object': {
      if (value === null) {
        const v = rules.null();
        if (v !== undefined) pairs.push([key, v]);
        return;
      }
      if (Array.isArray(value)) {
        const arrayKey = key + '[]';
        for (const member of value as readonly SignableValue[]) flattenInto(pairs, arrayKey, member, rules);
        return;
      }
      const record = value as { readonly [k: string]: SignableValue };
      for (const sub of Object.keys(record)) flattenInto(pairs, `${key}[${sub}]`, record[sub], rules);
      return;
    }
    default:
      throw new UnsignableValueError(key, `a ${typeof value} has no string form`);
  }
}
