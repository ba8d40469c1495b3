/**
 * Small composable type guards for untrusted JSON (webview messages travel
 * both ways as plain objects; neither side trusts the other's shapes).
 */
export type Guard<T> = (value: unknown) => value is T;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export const isString: Guard<string> = (v): v is string => typeof v === 'string';
export const isBoolean: Guard<boolean> = (v): v is boolean => typeof v === 'boolean';
export const isFiniteNumber: Guard<number> = (v): v is number => typeof v === 'number' && Number.isFinite(v);

/** Strings are bounded so a hostile or buggy peer cannot make the other side hold megabytes. */
export function boundedString(max: number): Guard<string> {
  return (v): v is string => typeof v === 'string' && v.length <= max;
}

export function literal<const T extends readonly (string | number | boolean)[]>(...values: T): Guard<T[number]> {
  return (v): v is T[number] => values.includes(v as T[number]);
}

export function optional<T>(guard: Guard<T>): Guard<T | undefined> {
  return (v): v is T | undefined => v === undefined || guard(v);
}

export function nullable<T>(guard: Guard<T>): Guard<T | null> {
  return (v): v is T | null => v === null || guard(v);
}

export function arrayOf<T>(guard: Guard<T>, maxLength = 10_000): Guard<T[]> {
  return (v): v is T[] => Array.isArray(v) && v.length <= maxLength && v.every(guard);
}

/** A record whose keys all satisfy `key` and values `value` (e.g. form fields). */
export function recordOf<T>(value: Guard<T>, key: Guard<string> = isString, maxKeys = 200): Guard<Record<string, T>> {
  return (v): v is Record<string, T> => {
    if (!isRecord(v)) return false;
    const entries = Object.entries(v);
    return entries.length <= maxKeys && entries.every(([k, x]) => key(k) && value(x));
  };
}

type GuardShape = Record<string, Guard<unknown>>;
type FromShape<S extends GuardShape> = {
  [K in keyof S as undefined extends GuardType<S[K]> ? never : K]: GuardType<S[K]>;
} & {
  [K in keyof S as undefined extends GuardType<S[K]> ? K : never]?: GuardType<S[K]>;
};
export type GuardType<G> = G extends Guard<infer T> ? T : never;

/** An object with exactly these keys (extra keys are refused: they signal a peer from another version or a forged message). */
export function object<S extends GuardShape>(shape: S): Guard<FromShape<S>> {
  const keys = Object.keys(shape);
  return (v): v is FromShape<S> => {
    if (!isRecord(v)) return false;
    for (const k of Object.keys(v)) if (!(k in shape)) return false;
    return keys.every((k) => shape[k]!(v[k]));
  };
}

export function oneOf<A, B>(a: Guard<A>, b: Guard<B>): Guard<A | B> {
  return (v): v is A | B => a(v) || b(v);
}
