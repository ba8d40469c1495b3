import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The user's app in the tests: a loopback server that keeps every body it gets and answers 202. */
export interface RecordingApp {
  /** Where the listener forwards to (`…/hooks`). */
  readonly url: string;
  /** The bodies received, in order. */
  readonly received: string[];
  close(): Promise<void>;
}

export async function startRecordingApp(): Promise<RecordingApp> {
  const received: string[] = [];
  const app = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => { body += c.toString(); });
    req.on('end', () => { received.push(body); res.writeHead(202); res.end('ok'); });
  });
  await new Promise<void>((r) => app.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(app.address() as AddressInfo).port}/hooks`,
    received,
    close: () => new Promise<void>((r) => app.close(() => r())),
  };
}
