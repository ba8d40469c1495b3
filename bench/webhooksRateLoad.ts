/**
 * The latency part's load generator: an open loop at a fixed rate over raw
 * keep-alive sockets, every request built before the clock starts.
 *
 * Why not undici, as the throughput part uses: at 1,000 req/s the undici
 * sender's own garbage collections paused it 5–16 ms several times in a 5 s
 * run, and an answer that arrives during such a pause is timed late. Those
 * pauses were in the tail of bare node:http and of the listener alike, and
 * were most of it. This sender allocates little per request (a socket chunk
 * and a view of the prepared bytes), so what it times is the server and the
 * loopback, not itself.
 *
 * Argument: one JSON object (RateLoadSpec). Output, one line:
 * `{"summary":{...}}` (LoadSummary).
 */
import { connect, type Socket } from 'node:net';
import { summarize } from './loadSummary';
import { twoBillWebhook } from './twoBillWebhook';

export interface RateLoadSpec {
  readonly url: string;
  readonly secret: string;
  readonly rate: number;
  /** Connections opened before the clock starts; a request due when all are busy waits for one, and that wait is timed. */
  readonly connections: number;
  readonly total: number;
  /** Events are numbered from here, so two runs against one listener send different events, not retries. */
  readonly firstBody?: number;
}

interface Connection {
  readonly socket: Socket;
  /** Index of the request in flight on it, or -1. */
  current: number;
  /** Bytes of the answer received so far (usually one chunk holds all of it). */
  pending: Buffer | undefined;
}

const HEADER_END = Buffer.from('\r\n\r\n');
const CRLF = Buffer.from('\r\n');
const CONTENT_LENGTH = '\r\ncontent-length:';

async function main(): Promise<void> {
  const spec = JSON.parse(process.argv[2] ?? '{}') as RateLoadSpec;
  const { hostname, port, host } = new URL(spec.url);
  const first = spec.firstBody ?? 3_000_000;
  // Every request as the bytes that go on the wire: one buffer, one view per request.
  const parts: Buffer[] = [];
  const offsets = new Uint32Array(spec.total + 1);
  let length = 0;
  for (let i = 0; i < spec.total; i++) {
    const body = Buffer.from(twoBillWebhook(spec.secret, first + i), 'utf8');
    const head = Buffer.from(`POST /webhooks HTTP/1.1\r\nhost: ${host}\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n`, 'latin1');
    parts.push(head, body);
    offsets[i] = length;
    length += head.length + body.length;
  }
  offsets[spec.total] = length;
  const wire = Buffer.concat(parts, length);
  parts.length = 0;

  const latencies = new Float64Array(spec.total);
  const dueAt = new Float64Array(spec.total);
  let ok = 0, other = 0, errors = 0, done = 0, sent = 0;
  const idle: Connection[] = [];
  const waiting: number[] = [];
  let finished: () => void = () => undefined;
  const allDone = new Promise<void>((r) => { finished = r; });

  /** Request i answered with `status` (0: no answer, the connection closed). */
  const record = (i: number, status: number): void => {
    latencies[i] = performance.now() - dueAt[i]!;
    if (status === 200) ok++;
    else if (status > 0) other++;
    else errors++;
    if (++done === spec.total) finished();
  };

  const complete = (c: Connection, status: number, open = true): void => {
    record(c.current, status);
    c.current = -1;
    c.pending = undefined;
    if (!open) return;
    const next = waiting.shift();
    if (next !== undefined) send(c, next);
    else idle.push(c);
  };

  const send = (c: Connection, i: number): void => {
    c.current = i;
    c.socket.write(wire.subarray(offsets[i], offsets[i + 1]));
  };

  /** One answer: its head, then Content-Length bytes or chunks up to the last (bare node:http answers chunked). */
  const onData = (c: Connection, chunk: Buffer): void => {
    const data = c.pending === undefined ? chunk : Buffer.concat([c.pending, chunk]);
    const end = answerEnd(data);
    if (end < 0) { c.pending = data; return; }
    if (end < data.length) throw new Error('The server sent more than one answer to one request.');
    complete(c, parseInt(data.toString('latin1', 9, 12), 10));
  };

  let open = 0;
  const connections = await Promise.all(Array.from({ length: spec.connections }, () => new Promise<Connection>((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port), noDelay: true }, () => { open++; resolve(c); });
    const c: Connection = { socket, current: -1, pending: undefined };
    // Before the connection: the server is not there. After it: counted as an error when the socket closes.
    socket.on('error', reject);
    socket.on('data', (chunk: Buffer) => onData(c, chunk));
    socket.on('close', () => {
      open--;
      const i = idle.indexOf(c);
      if (i >= 0) idle.splice(i, 1);
      if (c.current >= 0) complete(c, 0, false);
      // The last connection gone: what waits for one would wait for ever.
      if (open === 0) for (const w of waiting.splice(0)) record(w, 0);
    });
  })));
  idle.push(...connections);

  const interval = 1000 / spec.rate;
  const start = performance.now();
  // Open loop: requests go out on schedule whether or not earlier ones have been answered. Each timer
  // tick sends every request due by then (timers fire about once a millisecond); each is timed from
  // when it was due, so a late tick or a wait for a free connection counts against the server's figure.
  while (sent < spec.total) {
    const now = performance.now();
    while (sent < spec.total && start + sent * interval <= now) {
      const i = sent++;
      dueAt[i] = start + i * interval;
      // The longest idle first, as a pool does: every connection stays in use, none idles into the server's keep-alive timeout.
      const c = idle.shift();
      if (c) send(c, i);
      else if (open === 0) record(i, 0);
      else waiting.push(i);
    }
    await new Promise((r) => setTimeout(r, Math.max(0, start + sent * interval - performance.now())));
  }
  await allDone;
  const elapsedMs = performance.now() - start;
  for (const c of connections) c.socket.destroy();
  const summary = summarize({ sent, ok, other, errors }, latencies, elapsedMs);
  process.stdout.write(JSON.stringify({ summary }) + '\n');
}

/** Where the first answer in `data` ends, or -1 while it is incomplete. */
function answerEnd(data: Buffer): number {
  const headEnd = data.indexOf(HEADER_END);
  if (headEnd < 0) return -1;
  const head = data.toString('latin1', 0, headEnd).toLowerCase();
  let at = headEnd + HEADER_END.length;
  if (!head.includes('\r\ntransfer-encoding: chunked')) {
    const cl = head.indexOf(CONTENT_LENGTH);
    const end = at + (cl < 0 ? 0 : parseInt(head.slice(cl + CONTENT_LENGTH.length), 10));
    return data.length < end ? -1 : end;
  }
  for (;;) {
    const lineEnd = data.indexOf(CRLF, at);
    if (lineEnd < 0) return -1;
    const size = parseInt(data.toString('latin1', at, lineEnd), 16);
    // A chunk is its size line, its bytes and a CRLF; the last (size 0) is followed by the CRLF that ends the answer.
    at = lineEnd + CRLF.length + size + CRLF.length;
    if (data.length < at) return -1;
    if (size === 0) return at;
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`rate load: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
