/**
 * Rebuilds nested params from flattened pairs (`bill[user][email]=x`,
 * `cars[]=a`), the inverse of the Signature Guide's flattening. Used to read
 * Connect links and form bodies; signatures are checked on the pairs themselves.
 */
export type NestedValue = string | NestedValue[] | { [key: string]: NestedValue };
export type NestedParams = { [key: string]: NestedValue };

const KEY = /^([^[\]]+)((?:\[[^[\]]*\])*)$/;

export function nestParams(pairs: Iterable<readonly [string, string]>): NestedParams {
  const root: NestedParams = Object.create(null) as NestedParams;
  for (const [key, value] of pairs) {
    const m = KEY.exec(key);
    if (!m) {
      root[key] = value;
      continue;
    }
    const path = [m[1]!, ...[...m[2]!.matchAll(/\[([^[\]]*)\]/g)].map((x) => x[1]!)];
    let node: { [key: string]: NestedValue } | NestedValue[] = root;
    for (let i = 0; i < path.length; i++) {
      const part = path[i]!;
      const last = i === path.length - 1;
      if (Array.isArray(node)) {
        // Only `[]` leaves are supported inside arrays (what the spec's flattening produces for strings).
        if (last) node.push(value);
        break;
      }
      if (last) {
        node[part] = value;
        break;
      }
      const nextIsArray = path[i + 1] === '';
      let child: NestedValue | undefined = node[part];
      if (nextIsArray) {
        if (!Array.isArray(child)) node[part] = child = [];
        if (i + 1 === path.length - 1) {
          (child as NestedValue[]).push(value);
          break;
        }
        node = child as NestedValue[];
        i++;
        continue;
      }
      if (child === undefined || typeof child === 'string' || Array.isArray(child)) node[part] = child = Object.create(null) as NestedParams;
      node = child as NestedParams;
    }
  }
  return root;
}

export function stringField(obj: NestedValue | undefined, key: string): string | undefined {
  if (obj === undefined || typeof obj === 'string' || Array.isArray(obj)) return undefined;
  const v = obj[key];
  return typeof v === 'string' ? v : undefined;
}

export function objectField(obj: NestedValue | undefined, key: string): NestedParams | undefined {
  if (obj === undefined || typeof obj === 'string' || Array.isArray(obj)) return undefined;
  const v = obj[key];
  return v !== undefined && typeof v === 'object' && !Array.isArray(v) ? v : undefined;
}
