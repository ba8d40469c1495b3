import type { WebhookDelivery } from './WebhookDelivery';

/**
 * A delivery's line in the JSON-lines store. Its fields come first, in this
 * order; the raw body comes last, either as `"bodyJson":` followed by the body
 * exactly as it was received, when it is JSON on one line (every webhook that
 * parsed), or as the JSON string `"body":"…"` otherwise.
 *
 * Written verbatim, a webhook's body needs no escaping (JSON.stringify of a
 * 600-byte body is half the cost of the whole line, which the listener pays
 * before answering each delivery), and `jq '.bodyJson.payload'` reads it as
 * the object it is. The bytes stay exactly those received, which the signature
 * check, replay and the fixtures depend on: reading takes the text after the
 * top-level `"bodyJson":` rather than re-serializing the parsed value.
 */
/** 'id' first: toDeliveryLine opens the object with it. */
const FIELDS = [
  'id', 'receivedAt', 'remoteAddress', 'method', 'path', 'headers', 'bodyBytes', 'verification',
  'resourceType', 'action', 'objectIds', 'response', 'retryOf', 'attempt', 'retryKey', 'forward',
] as const satisfies ReadonlyArray<Exclude<keyof WebhookDelivery, 'body'>>;

// Every field but the body is in FIELDS (a field added to WebhookDelivery and not here fails to compile).
type Missing = Exclude<keyof WebhookDelivery, 'body' | (typeof FIELDS)[number]>;
const everyField: [Missing] extends [never] ? true : Missing = true;
void everyField;

const PREFIXES = FIELDS.map((name) => `,"${name}":`);
const BODY_JSON = ',"bodyJson":';

/**
 * The line for `d`, without its newline. `bodyIsJson` says the body was
 * parsed as JSON (by the listener's check); it is embedded as it is unless it
 * spans lines, which would split the record, or starts with a byte-order mark,
 * which the check skips but JSON.parse and jq refuse.
 */
export function toDeliveryLine(d: WebhookDelivery, bodyIsJson: boolean): string {
  // The id is always there, so the object opens with it and every later field follows a comma.
  let line = '{"id":' + JSON.stringify(d.id);
  for (let i = 1; i < FIELDS.length; i++) {
    const value = d[FIELDS[i]!];
    if (value !== undefined) line += PREFIXES[i]! + (typeof value === 'object' ? jsonOf(value) : JSON.stringify(value));
  }
  const body = d.body;
  return bodyIsJson && body.charCodeAt(0) !== 0xfeff && body.indexOf('\n') < 0 && body.indexOf('\r') < 0
    ? line + BODY_JSON + body + '}'
    : line + ',"body":' + JSON.stringify(body) + '}';
}

/**
 * The JSON of records shared by many deliveries (a valid delivery's
 * verification, the response), frozen all the way down so it cannot go stale:
 * written once, not once per line.
 */
const SHARED_JSON = new WeakMap<object, string>();

function jsonOf(value: object): string {
  let json = SHARED_JSON.get(value);
  if (json !== undefined) return json;
  json = JSON.stringify(value);
  if (isDeepFrozen(value)) SHARED_JSON.set(value, json);
  return json;
}

function isDeepFrozen(value: object): boolean {
  if (!Object.isFrozen(value)) return false;
  for (const v of Object.values(value)) if (typeof v === 'object' && v !== null && !isDeepFrozen(v as object)) return false;
  return true;
}

/**
 * The value of a store line, with a verbatim body put back as the `body`
 * string it was received as. Throws a SyntaxError as JSON.parse does when the
 * line (or its embedded body) is not JSON.
 */
export function parseDeliveryLine(line: string): unknown {
  const at = topLevelBodyJson(line);
  if (at < 0) return JSON.parse(line);
  const end = line.trimEnd();
  if (!end.endsWith('}')) throw new SyntaxError('The line does not end its record after the body.');
  const body = end.slice(at + BODY_JSON.length, end.length - 1);
  JSON.parse(body);
  const head: unknown = JSON.parse(line.slice(0, at) + '}');
  if (typeof head !== 'object' || head === null || Array.isArray(head)) return head;
  return { ...head, body };
}

/**
 * Where `,"bodyJson":` starts as a key of the line's own object, or -1: the
 * first occurrence outside any string and nested value. A header or a
 * diagnosis could hold that text, the body anything; neither can fool this.
 */
function topLevelBodyJson(line: string): number {
  if (line.indexOf(BODY_JSON) < 0) return -1;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // a backslash escapes the next character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) depth++;
    else if (c === 0x7d || c === 0x5d) depth--;
    else if (c === 0x2c && depth === 1 && line.startsWith(BODY_JSON, i)) return i;
  }
  return -1;
}
