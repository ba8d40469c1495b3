import assert from 'node:assert/strict';
import {
  HostMessenger, WebviewMessenger, isLinkForm, linkBuilderProtocol, parseEnvelope, type LinkBuilderProtocol,
  type RequestHandlers,
} from '../../../src/core/protocol';

function handlers(overrides: Partial<RequestHandlers<LinkBuilderProtocol>> = {}): RequestHandlers<LinkBuilderProtocol> {
  const notUsed = (): never => {
    throw new Error('not used in this test');
  };
  return {
    ready: () => ({ accounts: [{ id: 'a1', label: 'Local sandbox', environment: 'local', merchantId: 'M1', isLive: false }], activeAccountId: 'a1', prefill: null }),
    buildLink: notUsed, copyText: () => ({}), openExternal: notUsed, codeSnippet: notUsed,
    testLink: notUsed, verifyRedirect: notUsed, confirmResource: notUsed,
    ...overrides,
  };
}

/** Wires a host and a webview messenger back to back, as VS Code's postMessage does (asynchronously). */
function pair(h = handlers()) {
  const logs: string[] = [];
  const toWebview: unknown[] = [];
  const ref: { webview?: WebviewMessenger<LinkBuilderProtocol> } = {};
  const host = new HostMessenger({
    protocol: linkBuilderProtocol, handlers: h, log: (l) => logs.push(l), readyRequest: 'ready',
    post: (m) => {
      toWebview.push(m);
      queueMicrotask(() => ref.webview?.receive(structuredClone(m)));
    },
  });
  const webview = new WebviewMessenger({
    protocol: linkBuilderProtocol, log: (l) => logs.push(l),
    post: (m) => queueMicrotask(() => void host.receive(structuredClone(m))),
  });
  ref.webview = webview;
  return { host, webview, logs, toWebview };
}

describe('link builder protocol', () => {
  it('matches replies to requests by id, even out of order', async () => {
    let release!: () => void;
    const slow = new Promise<void>((r) => (release = r));
    const { webview } = pair(handlers({
      copyText: async ({ text }) => {
        if (text === 'slow') await slow;
        return {};
      },
    }));
    const first = webview.request('copyText', { text: 'slow', what: 'url' });
    const second = await webview.request('ready', {});
    assert.equal(second.activeAccountId, 'a1');
    assert.equal(webview.pendingCount, 1);
    release();
    assert.deepEqual(await first, {});
    assert.equal(webview.pendingCount, 0);
  });

  it('queues host events until the webview said ready', async () => {
    const { host, webview, toWebview } = pair();
    const seen: string[] = [];
    webview.on('accounts', (p) => seen.push(p.activeAccountId ?? 'none'));
    host.emit('accounts', { accounts: [], activeAccountId: null });
    assert.equal(toWebview.length, 0);
    await webview.request('ready', {});
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(seen, ['none']);
  });

  it('queues events again after unready() until the reloaded webview says ready', async () => {
    const { host, webview, toWebview } = pair();
    const seen: (string | null)[] = [];
    webview.on('accounts', (p) => seen.push(p.activeAccountId));
    await webview.request('ready', {});
    host.unready();
    host.emit('accounts', { accounts: [], activeAccountId: 'later' });
    assert.equal(toWebview.filter((m) => (m as { kind: string }).kind === 'event').length, 0);
    await webview.request('ready', {});
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(seen, ['later']);
  });

    it('rejects unknown, malformed and invalid messages on the host, answering requests with an error', async () => {
    const posted: unknown[] = [];
    const logs: string[] = [];
    const host = new HostMessenger({ protocol: linkBuilderProtocol, handlers: handlers(), log: (l) => logs.push(l), post: (m) => posted.push(m) });
    await host.receive(null);
    await host.receive('ready');
    await host.receive({ kind: 'request', name: 'ready' });
    await host.receive({ kind: 'request', id: 1, name: 'deleteEverything', payload: {} });
    await host.receive({ kind: 'request', id: 2, name: 'copyText', payload: { text: 42, what: 'url' } });
    await host.receive({ kind: 'request', id: 3, name: 'ready', payload: { extra: true } });
    await host.receive({ kind: 'request', id: 4, name: '__proto__', payload: {} });
    assert.equal(logs.length, 7);
    assert.deepEqual(posted.map((p) => (p as { id: number; ok: boolean }).id), [1, 2, 3, 4]);
    assert.ok(posted.every((p) => (p as { ok: boolean }).ok === false));
  });

  it('turns a throwing handler into an error reply with its message', async () => {
    const { webview } = pair(handlers({ openExternal: () => { throw new Error('refused: not http(s)'); } }));
    await assert.rejects(webview.request('openExternal', { url: 'javascript:alert(1)' }), /refused: not http\(s\)/);
  });

  it('refuses a reply that breaks its own guard instead of forwarding it', async () => {
    const bad = handlers({ ready: () => ({ accounts: [{ id: 'a', label: 'x', environment: 'local', merchantId: 'M', isLive: 'no' }], activeAccountId: null, prefill: null }) as never });
    const { webview, logs } = pair(bad);
    await assert.rejects(webview.request('ready', {}), /invalid reply/);
    assert.ok(logs.some((l) => l.includes('invalid reply')));
  });

  it('refuses app secrets sneaking in as unknown keys: objects are exact', () => {
    assert.equal(isLinkForm({ resourceType: 'bill', fields: { amount: '10' } }), true);
    assert.equal(isLinkForm({ resourceType: 'bill', fields: { amount: '10', app_secret: 'x' } }), false);
    assert.equal(isLinkForm({ resourceType: 'bill', fields: { amount: 10 } }), false);
    assert.equal(isLinkForm({ resourceType: 'invoice', fields: {} }), false);
    assert.equal(isLinkForm({ resourceType: 'bill', fields: {}, secret: 's' }), false);
    assert.equal(isLinkForm({ resourceType: 'bill', fields: { name: 'x'.repeat(2_001) } }), false);
  });

  it('the webview ignores unknown events, stray replies and events with invalid payloads, and keeps working', async () => {
    const logs: string[] = [];
    const webview = new WebviewMessenger({ protocol: linkBuilderProtocol, post: () => {}, log: (l) => logs.push(l) });
    const seen: unknown[] = [];
    webview.on('prefill', (p) => seen.push(p));
    webview.receive({ kind: 'event', name: 'evil', payload: {} });
    webview.receive({ kind: 'reply', id: 99, name: 'ready', ok: true, payload: {} });
    webview.receive({ kind: 'event', name: 'prefill', payload: { form: { resourceType: 'bill', fields: { onerror: 'x' } }, accountId: null } });
    webview.receive({ kind: 'request', id: 1, name: 'ready', payload: {} });
    webview.receive({ kind: 'event', name: 'prefill', payload: { form: { resourceType: 'bill', fields: { amount: '5' } }, accountId: null } });
    assert.equal(logs.length, 4);
    assert.deepEqual(seen, [{ form: { resourceType: 'bill', fields: { amount: '5' } }, accountId: null }]);
  });

  it('times requests out with an injected timer', async () => {
    let fire: (() => void) | undefined;
    const webview = new WebviewMessenger({
      protocol: linkBuilderProtocol, post: () => {}, timeoutMs: 5,
      setTimer: (fn) => { fire = fn; return 1; }, clearTimer: () => {},
    });
    const p = webview.request('ready', {});
    fire!();
    await assert.rejects(p, /no reply to "ready"/);
  });

  it('parses envelopes strictly', () => {
    assert.equal(typeof parseEnvelope({ kind: 'reply', id: 1, name: 'x', ok: false }), 'string');
    assert.equal(typeof parseEnvelope({ kind: 'request', id: -1, name: 'x' }), 'string');
    assert.equal(typeof parseEnvelope({ kind: 'event', name: 'x', payload: 1, more: 2 }), 'string');
    assert.deepEqual(parseEnvelope({ kind: 'event', name: 'x', payload: 1 }), { kind: 'event', name: 'x', payload: 1 });
  });
});
