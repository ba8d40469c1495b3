import type { ParamPair, SignableParams, SignableValue } from '../signing';

/**
 * Decodes a URL query into its pairs, in order. `+` is read as a space, as
 * the Rails/Rack servers behind GoCardless (and every web framework) do.
 * Malformed escapes are kept literally rather than failing the whole query.
 */
export function queryPairs(search: string): ParamPair[] {
  const query = search.startsWith('?') ? search.slice(1) : search;
  if (query === '') return [];
  const pairs: ParamPair[] = [];
  for (const part of query.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    const value = eq < 0 ? '' : part.slice(eq + 1);
    pairs.push([decodeQueryComponent(key), decodeQueryComponent(value)]);
  }
  return pairs;
}

function decodeQueryComponent(text: string): string {
  const spaced = text.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}

type Tree = { [key: string]: SignableValue };

/**
 * Rebuilds nested params from flattened pairs, the way Rack reads
 * `a[b][c]=x` and `a[][b]=x`: the inverse of flattenParams for everything a
 * query can express (values are strings).
 */
export function unflattenPairs(pairs: readonly ParamPair[]): SignableParams {
  const root = tree();
  for (const [key, value] of pairs) assign(root, key, value);
  return root;
}

/**
 * The pairs come from an untrusted URL: every object is built without a
 * prototype, and a key naming `__proto__` at any level is skipped (see assign).
 */
function tree(): Tree {
  return Object.create(null) as Tree;
}

const KEY = /^([^[\]]+)((?:\[[^[\]]*\])*)$/;

function assign(target: Tree, key: string, value: string): void {
  const m = KEY.exec(key);
  if (!m) {
    if (key !== '__proto__') target[key] = value;
    return;
  }
  const segments = [...(m[2] ?? '').matchAll(/\[([^[\]]*)\]/g)].map((s) => s[1] ?? '');
  if (m[1] === '__proto__' || segments.includes('__proto__')) return;
  put(target, m[1]!, segments, value);
}

function isTree(v: SignableValue): v is Tree {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function put(target: Tree, name: string, rest: readonly string[], value: string): void {
  const [next, ...after] = rest;
  if (next === undefined) {
    target[name] = value;
    return;
  }
  if (next === '') {
    const existing = target[name];
    const list: SignableValue[] = Array.isArray(existing) ? [...(existing as SignableValue[])] : [];
    const [child, ...deeper] = after;
    if (child === undefined) {
      list.push(value);
    } else {
      // a[][b]=1&a[][c]=2 is one member; a second a[][b] starts the next (Rack's rule).
      const last = list[list.length - 1];
      if (last !== undefined && isTree(last) && !(child in last)) {
        put(last, child, deeper, value);
      } else {
        const member: Tree = tree();
        put(member, child, deeper, value);
        list.push(member);
      }
    }
    target[name] = list;
    return;
  }
  const existing = target[name];
  const child: Tree = existing !== undefined && isTree(existing) ? existing : tree();
  target[name] = child;
  put(child, next, after, value);
}
