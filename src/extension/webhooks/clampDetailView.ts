// No `vscode` import: unit-tested.
import { WEBHOOK_DETAIL_LIMITS as LIMITS, type WebhookDetailView } from '../../core/protocol';

/** Room kept at the end of a cut string for the note saying how much was cut. */
const NOTE_ROOM = 80;

const count = (n: number): string => n.toLocaleString('en-GB');

/** `s`, or its start and "… 123,456 more characters not shown" so that the whole fits in `max`. */
export function clampText(s: string, max: number): string {
  if (s.length <= max) return s;
  const keep = Math.max(0, max - NOTE_ROOM);
  return `${s.slice(0, keep)}\n… ${count(s.length - keep)} more characters not shown`;
}

function clampList<T>(items: readonly T[], max: number, note: (more: number) => T): T[] {
  if (items.length <= max) return [...items];
  return [...items.slice(0, max - 1), note(items.length - (max - 1))];
}

function clampRecord(record: Readonly<Record<string, string>>, maxKeys: number): Record<string, string> {
  const entries = Object.entries(record).map(([k, v]) => [clampText(k, LIMITS.short), clampText(v, LIMITS.short)] as const);
  const kept = clampList(entries, maxKeys, (more) => ['…', `${count(more)} more fields not shown`] as const);
  return Object.fromEntries(kept);
}

/** Strings of an object: the `…Normalized` ones (normalized strings, as long as the payload) as text, the rest as short values. */
function clampFields<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, typeof v === 'string' ? clampText(v, k.endsWith('Normalized') || k === 'body' ? LIMITS.text : LIMITS.short) : v])) as T;
}

/**
 * A delivery's view cut to what the detail panel's protocol accepts
 * (WEBHOOK_DETAIL_LIMITS), each cut saying how much is not shown. A body
 * near the listener's limit, pretty-printed, or a request with a huge path
 * or many headers, would otherwise fail the message check and leave the
 * panel empty with an unhandled rejection.
 */
export function clampDetailView(view: WebhookDetailView): WebhookDetailView {
  return {
    ...clampFields(view),
    payload: clampText(view.payload, LIMITS.text),
    objectIds: clampList(view.objectIds.map((id) => clampText(id, LIMITS.short)), LIMITS.list, (more) => `… ${count(more)} more ids not shown`),
    warnings: clampList(view.warnings.map((w) => clampText(w, LIMITS.short)), LIMITS.list, (more) => `… ${count(more)} more warnings not shown`),
    objects: clampList(view.objects.map((o) => clampRecord(o, LIMITS.objectFields)), LIMITS.objects, (more) => ({ '…': `${count(more)} more objects not shown` })),
    headers: clampRecord(view.headers, LIMITS.headers),
    signature: clampFields(view.signature),
    forward: view.forward === null ? null : clampFields(view.forward),
  };
}
