import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RequestRecord } from '../../../src/core/sandbox';
import { loadSnapshot } from '../../../src/core/sandbox/persistence';
import { SandboxHttpError } from '../../../src/core/sandbox/SandboxHttpError';
import { api, asBills, errorMessage, startReceiver, startTestSandbox, waitForDelivery } from './sandboxFixtures';

type TestSandbox = Awaited<ReturnType<typeof startTestSandbox>>;

/** A log that can be awaited: resolves once a line matching the pattern has been written. */
function recordingLog(): { lines: string[]; log: (line: string) => void; next(pattern: RegExp): Promise<string> } {
  const lines: string[] = [];
  const waiting: Array<{ pattern: RegExp; resolve: (line: string) => void }> = [];
  return {
    lines,
    log: (line) => {
      lines.push(line);
      for (const w of [...waiting]) if (w.pattern.test(line)) { waiting.splice(waiting.indexOf(w), 1); w.resolve(line); }
    },
    next: (pattern) => new Promise((resolve) => {
      const found = lines.find((l) => pattern.test(l));
      if (found) resolve(found);
      else waiting.push({ pattern, resolve });
    }),
  };
}

function notFound(message: string): (e: unknown) => boolean {
  return (e) => e instanceof SandboxHttpError && e.status === 404 && e.message === message;
}

describe('startSandbox and its controls', () => {
  let dir: string;
  const running: TestSandbox[] = [];
  const start = async (options: Parameters<typeof startTestSandbox>[0] = {}): Promise<TestSandbox> => {
    const sb = await startTestSandbox(options);
    running.push(sb);
    return sb;
  };
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gc-sandbox-start-'));
  });
  afterEach(async () => {
    for (const sb of running.splice(0)) await sb.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  describe('controls', () => {
    it('setWebhookUrl sends the default merchant\'s next webhooks to the new URL', async () => {
      const receiver = await startReceiver();
      try {
        const sb = await start({ webhookRetryScale: 1e-6 });
        sb.setWebhookUrl(receiver.url);
        const pending = asBills(await api(sb, `/api/v1/merchants/${sb.credentials.merchant_id}/bills?status=pending`))[0];
        assert.ok(pending, 'the seed has a pending bill');
        await sb.triggerBillOutcome(pending.id, 'paid');
        const delivery = await waitForDelivery(sb, (d) => d.action === 'paid' && d.state === 'delivered');
        assert.equal(delivery.url, receiver.url);
        assert.ok(receiver.bodies.some((b) => b.includes(pending.id)));
      } finally {
        await receiver.close();
      }
    });

    it('an unknown merchant or bill is refused with a 404 that names it', async () => {
      const sb = await start();
      assert.throws(() => sb.setWebhookUrl('http://127.0.0.1:9/hooks', 'NOSUCHMERCHANT'), notFound('Merchant NOSUCHMERCHANT not found.'));
      assert.throws(() => sb.setMerchantSettings({ refunds_enabled: true }, 'NOSUCHMERCHANT'), notFound('Merchant NOSUCHMERCHANT not found.'));
      await assert.rejects(sb.triggerBillOutcome('NOSUCHBILL', 'paid'), notFound('Bill NOSUCHBILL not found.'));
    });

    it('a saved state without the app of the credentials given says so when the redirect URIs are set', async () => {
      const first = await start({ dataDir: dir });
      await first.dispose();
      const sb = await start({ dataDir: dir, credentials: { app_id: 'ANOTHERAPP' } });
      assert.throws(() => sb.setRedirectUris({ redirectUri: 'https://merchant.example/return' }), { message: 'The default app is missing from the sandbox state.' });
    });
  });

  describe('serving', () => {
    it('logs each request: its method, its path without the query (which may carry secrets), its status and time on the sandbox\'s real clock', async () => {
      const out = recordingLog();
      const sb = await start({ log: out.log });
      const path = `/api/v1/merchants/${sb.credentials.merchant_id}/bills`;
      assert.equal((await api(sb, `${path}?per_page=1&signature=abc`)).status, 200);
      // The injected clock stands still, so the request took 0 ms on it.
      assert.equal(await out.next(/bills /), `GET ${path} 200 0ms`);
      const posted = await api(sb, '/api/v1/bills', { method: 'POST', body: {} });
      assert.equal(posted.status, 400, posted.text);
      assert.equal(await out.next(/^POST /), 'POST /api/v1/bills 400 0ms');
    });

    it('the request log names the merchant of the bearer token when the path names none', async () => {
      const sb = await start({ requestLog: true });
      const records: RequestRecord[] = [];
      sb.onRequest((r) => records.push(r));
      const bill = asBills(await api(sb, `/api/v1/merchants/${sb.credentials.merchant_id}/bills?per_page=1`))[0]!;
      const startedAt = performance.now();
      assert.equal((await api(sb, `/api/v1/bills/${bill.id}`)).status, 200);
      const took = performance.now() - startedAt;
      const record = await new Promise<RequestRecord>((resolve) => {
        const find = (): RequestRecord | undefined => records.find((r) => r.path === `/api/v1/bills/${bill.id}`);
        const found = find();
        if (found) return resolve(found);
        sb.onRequest(() => { const r = find(); if (r) resolve(r); });
      });
      assert.equal(record.merchantId, sb.credentials.merchant_id);
      // Its duration is measured, so it fits within the time the test saw the request take.
      assert.ok(record.durationMs >= 0 && record.durationMs <= took + 0.1, `${record.durationMs} ms of ${took} ms`);
    });

    it('a request the sandbox fails on is answered 500 and its stack logged; the sandbox keeps serving', async () => {
      const first = await start({ dataDir: dir });
      const bill = asBills(await api(first, `/api/v1/merchants/${first.credentials.merchant_id}/bills?per_page=1`))[0]!;
      await first.dispose();
      // A hand-edited state file whose bill has an impossible created date: rendering that bill throws.
      const file = join(dir, 'sandbox-state.json');
      const saved = JSON.parse(await readFile(file, 'utf8')) as { bills: Array<{ id: string; createdMs: unknown }> };
      saved.bills.find((b) => b.id === bill.id)!.createdMs = 'not a time';
      await writeFile(file, JSON.stringify(saved));

      const out = recordingLog();
      const sb = await start({ dataDir: dir, log: out.log });
      const broken = await api(sb, `/api/v1/bills/${bill.id}`);
      assert.equal(broken.status, 500);
      assert.equal(errorMessage(broken), 'The sandbox failed to handle this request; see its log.');
      assert.match(await out.next(/^internal error/), /^internal error: RangeError: Invalid time value\n\s+at /);
      assert.equal((await api(sb, `/api/v1/merchants/${sb.credentials.merchant_id}`)).status, 200);
    });
  });

  describe('persistence', () => {
    it('a fresh sandbox with a data directory saves its seeded state at once, so a crash before any change restarts on the same data', async () => {
      const sb = await start({ dataDir: dir });
      let saved = await loadSnapshot(dir);
      while (!saved) {
        await new Promise((resolve) => setImmediate(resolve));
        saved = await loadSnapshot(dir);
      }
      assert.equal(saved.apps[0]?.id, sb.credentials.app_id);
      assert.ok(saved.bills.length > 0);
    });
  });
});
