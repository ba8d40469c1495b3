import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Field names read from the example responses of the API reference (the spec,
 * a copy of the seed text kept in test/fixtures/spec), per resource. A field
 * the sandbox sends that no example shows would pass here and be missing from
 * GoCardless's answers.
 */

export const SPEC_PATH = join(__dirname, '..', '..', 'fixtures', 'spec', 'basic-api-reference.txt');

export type SpecResource = 'bill' | 'subscription' | 'pre_authorization' | 'user' | 'payout' | 'merchant';

/** The resource an example request's path answers with, or undefined (confirm). */
function resourceOfPath(path: string): SpecResource | undefined {
  const parts = path.replace(/\.json$/, '').split('/').filter(Boolean);
  // merchants/{MERCHANT_ID}/bills → the listed kind; merchants/{MERCHANT_ID} → merchant.
  const collection = parts[0] === 'merchants' ? (parts[2] ?? 'merchants') : parts[0];
  const byCollection: Record<string, SpecResource> = {
    bills: 'bill', subscriptions: 'subscription', pre_authorizations: 'pre_authorization', users: 'user', payouts: 'payout', merchants: 'merchant',
  };
  return collection === undefined ? undefined : byCollection[collection];
}

/**
 * The JSON text starting at `from` (a `{` or `[`), up to its matching bracket.
 * The seed text ends inside the users example, so brackets still open at the
 * end are closed.
 */
function balancedJson(text: string, from: number): string {
  const closers: string[] = [];
  let inString = false;
  for (let i = from; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{') closers.push('}');
    else if (c === '[') closers.push(']');
    else if (c === '}' || c === ']') {
      closers.pop();
      if (closers.length === 0) return text.slice(from, i + 1);
    }
  }
  return text.slice(from).replace(/,\s*$/, '') + closers.reverse().join('');
}

/** Keys of an object, nested objects as "parent.child". */
function keysOf(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  return Object.entries(value).flatMap(([k, v]) => [prefix + k, ...keysOf(v, `${prefix}${k}.`)]);
}

/** Every field name the spec's example responses show, per resource. */
export function specResponseFields(text = readFileSync(SPEC_PATH, 'utf8')): Map<SpecResource, Set<string>> {
  const fields = new Map<SpecResource, Set<string>>();
  const request = /^(GET|POST|PUT) https:\/\/gocardless\.com\/api\/v1\/(\S+) HTTP\/1\.1$/gm;
  for (let m = request.exec(text); m; m = request.exec(text)) {
    const resource = resourceOfPath(m[2]!);
    if (!resource) continue;
    // The response follows the status line ("HTTP/1.1 200 OK", "HTTP/1.1 201 CREATED", "HTTP/1.1 Created").
    const status = text.indexOf('\nHTTP/1.1 ', m.index + m[0].length);
    if (status < 0) continue;
    const start = text.slice(status).search(/\n[[{]/);
    if (start < 0) continue;
    const parsed: unknown = JSON.parse(balancedJson(text, status + start + 1));
    const records = Array.isArray(parsed) ? parsed : [parsed];
    const set = fields.get(resource) ?? new Set<string>();
    for (const r of records) for (const k of keysOf(r)) set.add(k);
    fields.set(resource, set);
  }
  return fields;
}

/** Object field names of the spec's example webhooks, per webhook resource_type. */
export function specWebhookObjectFields(text = readFileSync(SPEC_PATH, 'utf8')): Map<string, Set<string>> {
  const fields = new Map<string, Set<string>>();
  const opening = /^\{\s*$/gm;
  for (let m = opening.exec(text); m; m = opening.exec(text)) {
    let parsed: { payload?: Record<string, unknown> };
    try {
      parsed = JSON.parse(balancedJson(text, m.index)) as typeof parsed;
    } catch {
      continue;
    }
    const payload = parsed.payload;
    if (!payload || typeof payload['resource_type'] !== 'string') continue;
    const type = payload['resource_type'];
    const objects = payload[`${type}s`];
    if (!Array.isArray(objects)) continue;
    const set = fields.get(type) ?? new Set<string>();
    for (const o of objects) for (const k of keysOf(o)) set.add(k);
    fields.set(type, set);
  }
  return fields;
}
