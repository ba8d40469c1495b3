import {
  describeRejected, parseEnvelope,
  type EventNames, type PayloadOf, type Protocol, type ReplyEnvelope, type ReplyOf, type RequestNames,
} from './descriptors';

export type RequestHandlers<P extends Protocol> = {
  [K in RequestNames<P>]: (payload: PayloadOf<P[K]>) => Promise<ReplyOf<P[K]>> | ReplyOf<P[K]>;
};

export interface HostMessengerOptions<P extends Protocol> {
  readonly protocol: P;
  /** Posts to the webview (vscode's `webview.postMessage`). */
  readonly post: (message: unknown) => unknown;
  readonly handlers: RequestHandlers<P>;
  /** Where rejected or failing messages are reported. */
  readonly log: (line: string) => void;
  /** Name of the request the webview sends first; events wait for it, since a webview drops messages posted before its script runs. */
  readonly readyRequest?: RequestNames<P>;
}

/**
 * The host's end of a webview's message channel: validates every incoming
 * message against its descriptor (the webview is untrusted input), runs the
 * handler, validates the reply and answers with the request's id.
 */
export class HostMessenger<P extends Protocol> {
  private ready = false;
  private readonly queued: unknown[] = [];
  private readonly readyListeners: (() => void)[] = [];

  constructor(private readonly options: HostMessengerOptions<P>) {}

  get isReady(): boolean {
    return this.ready;
  }

  onReady(listener: () => void): void {
    if (this.ready) listener();
    else this.readyListeners.push(listener);
  }

  /**
   * The webview's page went away (a hidden panel without retainContextWhenHidden
   * is torn down and reloads when shown): queue events until it says ready again.
   */
  unready(): void {
    this.ready = false;
  }

  /** Sends an event; queued until the webview said it is ready. Throws if the payload fails its own guard (a host bug). */
  emit<K extends EventNames<P, 'toWebview'>>(name: K, payload: PayloadOf<P[K]>): void {
    const d = this.options.protocol[name];
    if (!d || d.kind !== 'event' || d.direction !== 'toWebview' || !d.payload(payload)) {
      throw new TypeError(`host tried to send an invalid "${name}" event`);
    }
    const message = { kind: 'event', name, payload };
    if (this.ready) this.options.post(message);
    else this.queued.push(message);
  }

  /** Handles one raw message from the webview. Never throws: bad input is logged and, when it has an id, answered with an error. */
  async receive(raw: unknown): Promise<void> {
    const envelope = parseEnvelope(raw);
    if (typeof envelope === 'string') return this.options.log(describeRejected(raw, envelope));
    const d = Object.prototype.hasOwnProperty.call(this.options.protocol, envelope.name) ? this.options.protocol[envelope.name] : undefined;
    if (envelope.kind === 'reply') return this.options.log(describeRejected(raw, 'the host does not expect replies'));
    if (envelope.kind === 'event') {
      // No webview → host events are needed by the builder; any that arrive are unknown.
      return this.options.log(describeRejected(raw, d ? 'event not accepted by the host' : 'unknown message'));
    }
    const { id, name } = envelope;
    const fail = (error: string): void => {
      this.options.log(describeRejected(raw, error));
      this.send({ kind: 'reply', id, name, ok: false, error });
    };
    if (!d || d.kind !== 'request') return fail('unknown request');
    if (!d.payload(envelope.payload)) return fail('invalid payload');
    let result: unknown;
    try {
      const handler = (this.options.handlers as Record<string, (p: unknown) => unknown>)[name];
      if (!handler) return fail('no handler');
      result = await handler(envelope.payload);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.options.log(`request "${name}" failed: ${message}`);
      this.send({ kind: 'reply', id, name, ok: false, error: message });
      return;
    }
    if (!d.reply(result)) return fail('the host produced an invalid reply');
    this.send({ kind: 'reply', id, name, ok: true, payload: result });
    if (name === this.options.readyRequest) this.markReady();
  }

  private markReady(): void {
    this.ready = true;
    for (const m of this.queued.splice(0)) this.options.post(m);
    for (const l of this.readyListeners.splice(0)) l();
  }

  private send(reply: ReplyEnvelope): void {
    this.options.post(reply);
  }
}
