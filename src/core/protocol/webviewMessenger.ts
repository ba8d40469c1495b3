import {
  describeRejected, parseEnvelope,
  type EventNames, type PayloadOf, type Protocol, type ReplyOf, type RequestNames,
} from './descriptors';

export interface WebviewMessengerOptions<P extends Protocol> {
  readonly protocol: P;
  /** `acquireVsCodeApi().postMessage`. */
  readonly post: (message: unknown) => void;
  readonly log?: (line: string) => void;
  /** How long a request waits for its reply. */
  readonly timeoutMs?: number;
  readonly setTimer?: (fn: () => void, ms: number) => unknown;
  readonly clearTimer?: (handle: unknown) => void;
}

interface Pending {
  readonly name: string;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: Error) => void;
  readonly timer: unknown;
}

export class RequestFailedError extends Error {
  constructor(readonly requestName: string, message: string) {
    super(message);
    this.name = 'RequestFailedError';
  }
}

/**
 * The webview's end: requests carry an increasing id and resolve with the
 * host's reply once it passes the descriptor's reply guard; events from the
 * host are validated before their listeners run.
 */
export class WebviewMessenger<P extends Protocol> {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Map<string, ((payload: unknown) => void)[]>();
  private readonly log: (line: string) => void;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;

  constructor(private readonly options: WebviewMessengerOptions<P>) {
    this.log = options.log ?? ((line) => console.warn(line));
    this.setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = options.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  }

  request<K extends RequestNames<P>>(name: K, payload: PayloadOf<P[K]>): Promise<ReplyOf<P[K]>> {
    const d = this.options.protocol[name];
    if (!d || d.kind !== 'request' || !d.payload(payload)) {
      return Promise.reject(new RequestFailedError(name, `invalid "${name}" request`));
    }
    const id = this.nextId++;
    return new Promise<ReplyOf<P[K]>>((resolve, reject) => {
      const timer = this.setTimer(() => {
        this.pending.delete(id);
        reject(new RequestFailedError(name, `no reply to "${name}" within ${this.options.timeoutMs ?? 30_000} ms`));
      }, this.options.timeoutMs ?? 30_000);
      this.pending.set(id, { name, resolve: resolve as (v: unknown) => void, reject, timer });
      this.options.post({ kind: 'request', id, name, payload });
    });
  }

  on<K extends EventNames<P, 'toWebview'>>(name: K, listener: (payload: PayloadOf<P[K]>) => void): void {
    const list = this.listeners.get(name) ?? [];
    list.push(listener as (payload: unknown) => void);
    this.listeners.set(name, list);
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  /** Handles one raw message from the host. Never throws. */
  receive(raw: unknown): void {
    const envelope = parseEnvelope(raw);
    if (typeof envelope === 'string') return this.log(describeRejected(raw, envelope));
    if (envelope.kind === 'request') return this.log(describeRejected(raw, 'the webview serves no requests'));
    const d = Object.prototype.hasOwnProperty.call(this.options.protocol, envelope.name) ? this.options.protocol[envelope.name] : undefined;
    if (envelope.kind === 'event') {
      if (!d || d.kind !== 'event' || d.direction !== 'toWebview') return this.log(describeRejected(raw, 'unknown event'));
      if (!d.payload(envelope.payload)) return this.log(describeRejected(raw, 'invalid payload'));
      for (const l of this.listeners.get(envelope.name) ?? []) {
        try {
          l(envelope.payload);
        } catch (e) {
          this.log(`listener for "${envelope.name}" failed: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
      return;
    }
    const p = this.pending.get(envelope.id);
    if (!p || p.name !== envelope.name) return this.log(describeRejected(raw, 'reply to no pending request'));
    this.pending.delete(envelope.id);
    this.clearTimer(p.timer);
    if (!envelope.ok) return p.reject(new RequestFailedError(p.name, envelope.error));
    if (!d || d.kind !== 'request' || !d.reply(envelope.payload)) {
      this.log(describeRejected(raw, 'invalid reply'));
      return p.reject(new RequestFailedError(p.name, `invalid reply to "${p.name}"`));
    }
    p.resolve(envelope.payload);
  }
}
