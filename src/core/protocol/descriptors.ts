import { boundedString, isFiniteNumber, isRecord, isBoolean, literal, type Guard } from './guards';

/**
 * One descriptor per message, shared by the host and the webview: its name,
 * who sends it, the guard its payload must pass and, for requests, the guard
 * of the reply. Both sides validate what they receive AND what they send.
 */
export interface RequestDescriptor<N extends string = string, P = unknown, R = unknown> {
  readonly kind: 'request';
  readonly name: N;
  /** Requests always go webview → host; the host answers with a reply. */
  readonly direction: 'toHost';
  readonly payload: Guard<P>;
  readonly reply: Guard<R>;
}

export type Direction = 'toHost' | 'toWebview';

export interface EventDescriptor<N extends string = string, P = unknown, D extends Direction = Direction> {
  readonly kind: 'event';
  readonly name: N;
  readonly direction: D;
  readonly payload: Guard<P>;
}

export type MessageDescriptor = RequestDescriptor<string, never, unknown> | EventDescriptor<string, never>;
export type Protocol = Readonly<Record<string, RequestDescriptor<string, any, any> | EventDescriptor<string, any>>>; // eslint-disable-line @typescript-eslint/no-explicit-any

export function request<N extends string, P, R>(name: N, payload: Guard<P>, reply: Guard<R>): RequestDescriptor<N, P, R> {
  return { kind: 'request', name, direction: 'toHost', payload, reply };
}

export function event<N extends string, P, D extends Direction>(name: N, direction: D, payload: Guard<P>): EventDescriptor<N, P, D> {
  return { kind: 'event', name, direction, payload };
}

export type RequestNames<P extends Protocol> = { [K in keyof P]: P[K] extends RequestDescriptor ? K : never }[keyof P] & string;
export type EventNames<P extends Protocol, D extends Direction> = {
  [K in keyof P]: P[K] extends { kind: 'event'; direction: D } ? K : never;
}[keyof P] & string;
export type PayloadOf<D> = D extends { payload: Guard<infer T> } ? T : never;
export type ReplyOf<D> = D extends { reply: Guard<infer T> } ? T : never;

// ---- the wire format --------------------------------------------------------

const MAX_NAME = 64;
const MAX_ERROR = 2_000;

export interface RequestEnvelope { kind: 'request'; id: number; name: string; payload: unknown }
export type ReplyEnvelope =
  | { kind: 'reply'; id: number; name: string; ok: true; payload: unknown }
  | { kind: 'reply'; id: number; name: string; ok: false; error: string };
export interface EventEnvelope { kind: 'event'; name: string; payload: unknown }
export type Envelope = RequestEnvelope | ReplyEnvelope | EventEnvelope;

const isName = boundedString(MAX_NAME);
const isId: Guard<number> = (v): v is number => isFiniteNumber(v) && Number.isSafeInteger(v) && v >= 0;
const isKind = literal('request', 'reply', 'event');

/** Reads the envelope only; the payload is checked against its descriptor by the receiver. */
export function parseEnvelope(raw: unknown): Envelope | string {
  if (!isRecord(raw)) return 'not an object';
  const { kind, name } = raw;
  if (!isKind(kind)) return 'unknown kind';
  if (!isName(name)) return 'missing or overlong name';
  if (kind === 'event') {
    if (Object.keys(raw).some((k) => k !== 'kind' && k !== 'name' && k !== 'payload')) return 'unexpected envelope keys';
    return { kind, name, payload: raw['payload'] };
  }
  if (!isId(raw['id'])) return 'missing or invalid id';
  const id = raw['id'];
  if (kind === 'request') return { kind, id, name, payload: raw['payload'] };
  if (!isBoolean(raw['ok'])) return 'reply without ok';
  if (raw['ok']) return { kind, id, name, ok: true, payload: raw['payload'] };
  const error = raw['error'];
  if (typeof error !== 'string') return 'failed reply without error';
  return { kind, id, name, ok: false, error: error.slice(0, MAX_ERROR) };
}

/** A short, safe description of a rejected message for logs (never the payload: it may hold user data). */
export function describeRejected(raw: unknown, reason: string): string {
  const name = isRecord(raw) && typeof raw['name'] === 'string' ? raw['name'].slice(0, MAX_NAME) : '?';
  return `rejected message "${name}": ${reason}`;
}
