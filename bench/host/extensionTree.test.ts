// Runs INSIDE the real VS Code extension host (bundled and started by
// scripts/test-integration.mjs from bench/extension.bench.ts). Measures the
// extension's own activation timings and the Merchants tree against the local
// sandbox with 100,000 bills, the way VS Code drives a TreeDataProvider
// (getChildren, then getTreeItem per child). Writes figures to GCDEV_BENCH_OUT.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import type { ExtensionDeps } from '../../src/extension/ExtensionDeps';
import type { ResourceNode } from '../../src/extension/merchants/ResourceNode';
import { RequestLog, type RequestRecord } from '../../src/core/sandbox';
import { RequestsTreeProvider } from '../../src/extension/requests/RequestsTreeProvider';
import type { RequestsService } from '../../src/extension/requests/RequestsService';

import { activateExtension, hasKey } from '../../test/integration/support/extensionApi';
import { testingDeps } from '../../test/integration/prompts/testingDeps';

const ITERATIONS = Number(process.env.GCDEV_BENCH_ITERATIONS ?? 15);
const PAGE = 100;
/** The Requests view's default bound (gocardless.requests.maxEntries). */
const KEPT_REQUESTS = 10_000;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
function p95(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)]!;
}
const round = (x: number) => Math.round(x * 100) / 100;
const stats = (xs: number[]) => ({ median: round(median(xs)), p95: round(p95(xs)), min: round(Math.min(...xs)), n: xs.length });

/** What VS Code does to show a node's children: fetch them, then ask for each TreeItem. */
async function show(deps: ExtensionDeps, node?: ResourceNode): Promise<ResourceNode[]> {
  const nodes = (await deps.tree.getChildren(node)) ?? [];
  for (const n of nodes) deps.tree.getTreeItem(n);
  return nodes;
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const value = await fn();
  return [value, performance.now() - t0];
}

/**
 * Opening the Requests view on a full log: a file of KEPT_REQUESTS records
 * (the sandbox's own records of a bill list, a bill and a refused token,
 * repeated), read by a new RequestLog when the tree first asks for its rows,
 * then the first page's tree items, as VS Code asks for them.
 */
async function timeRequestsFirstPage(sandbox: NonNullable<ExtensionDeps['sandbox']['current']>): Promise<number[]> {
  const samples: RequestRecord[] = [];
  const sub = sandbox.onRequest((r) => samples.push(r));
  const { merchant_id: merchant, access_token: token } = sandbox.credentials;
  for (const [path, auth] of [[`/api/v1/merchants/${merchant}/bills?per_page=50`, token], [`/api/v1/merchants/${merchant}`, token], [`/api/v1/merchants/${merchant}/bills`, 'not-a-token']]) {
    await (await fetch(`${sandbox.url}${path!}`, { headers: { Authorization: `bearer ${auth!}`, Accept: 'application/json' } })).text();
  }
  for (let turns = 0; samples.length < 3 && turns < 10_000; turns++) await new Promise((resolve) => setImmediate(resolve));
  assert.equal(samples.length, 3, 'the sandbox recorded the three requests');
  sub.dispose();
  const dir = mkdtempSync(join(tmpdir(), 'gcdev-bench-requests-'));
  try {
    const file = join(dir, 'requests.jsonl');
    const lines = Array.from({ length: KEPT_REQUESTS }, (_, i) => JSON.stringify({ ...samples[i % samples.length]!, id: `bench-${i}` }));
    writeFileSync(file, lines.join('\n') + '\n', { mode: 0o600 });
    const times: number[] = [];
    for (let i = 0; i < ITERATIONS; i++) {
      const log = new RequestLog({ maxEntries: KEPT_REQUESTS, file });
      const tree = new RequestsTreeProvider({ log, open: () => log.open() } as unknown as RequestsService);
      const [rows, t] = await timed(async () => {
        const nodes = await tree.getChildren();
        for (const n of nodes) tree.getTreeItem(n);
        return nodes;
      });
      assert.equal(log.size, KEPT_REQUESTS, 'every kept record was read back');
      assert.ok(rows.length > 1, 'the first page has rows');
      times.push(t);
      tree.dispose();
    }
    return times;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('@bench extension in the real host', () => {
  it('measures activation and the Merchants tree with 100,000 bills', async () => {
    const api = await activateExtension();
    assert.ok(hasKey(api, 'activationTimings'), 'activate() exports activationTimings');
    const activationTimings = api.activationTimings as Record<string, number>;
    const deps = await testingDeps();
    for (const a of deps.accounts.list()) await deps.accounts.remove(a.id);
    assert.equal(vscode.workspace.getConfiguration('gocardless.tree').get('pageSize'), PAGE, 'the runner sets gocardless.tree.pageSize');

    // The sandbox's scale is read from user settings only (a cloned repo's settings must not size it, issue 16),
    // and the runner writes workspace settings: the bench sets it here.
    const sandboxConfig = vscode.workspace.getConfiguration('gocardless.sandbox');
    await sandboxConfig.update('scale', { bills: Number(process.env.GCDEV_BENCH_BILLS ?? 100_000) }, vscode.ConfigurationTarget.Global);
    await deps.sandbox.stop(); // if activation started one, it was sized before this setting
    const [, sandboxStartMs] = await timed(() => Promise.resolve(vscode.commands.executeCommand('gocardless.useLocalSandbox')));
    const sandbox = deps.sandbox.current;
    assert.ok(sandbox, 'sandbox running');

    const firstLevel: number[] = [];
    const merchantSummary: number[] = [];
    const billsPage: number[] = [];
    const loadMore: number[] = [];
    const rawApiPage: number[] = [];
    let totalBills = 0;
    for (let i = 0; i < ITERATIONS; i++) {
      deps.tree.refresh(); // forget loaded nodes: each iteration starts from a closed tree
      const [accounts, tFirst] = await timed(() => show(deps));
      firstLevel.push(tFirst);
      const account = accounts.find((n) => n.kind === 'account');
      assert.ok(account);
      const [merchantLevel, tMerchant] = await timed(() => show(deps, account));
      merchantSummary.push(tMerchant);
      const merchant = merchantLevel.find((n) => n.kind === 'merchant');
      assert.ok(merchant, 'merchant node');
      const collections = await show(deps, merchant);
      const bills = collections.find((n) => n.kind === 'collection' && deps.tree.getTreeItem(n).label === 'Bills');
      assert.ok(bills && bills.kind === 'collection');
      deps.tree.reload(bills);
      const [page, tBills] = await timed(() => show(deps, bills));
      billsPage.push(tBills);
      assert.equal(page.filter((n) => n.kind === 'bill').length, PAGE);
      const [, tMore] = await timed(async () => {
        await deps.tree.loadMore(bills);
        return show(deps, bills);
      });
      loadMore.push(tMore);
      const after = await show(deps, bills);
      assert.equal(after.filter((n) => n.kind === 'bill').length, 2 * PAGE);

      // Baseline: the same first page straight from the sandbox over HTTP, no tree.
      const [res, tRaw] = await timed(async (): Promise<{ status: number; body: unknown; pagination: string | null }> => {
        const response = await fetch(`${sandbox.url}/api/v1/merchants/${sandbox.credentials.merchant_id}/bills?per_page=${PAGE}&page=1`, {
          headers: { Authorization: `bearer ${sandbox.credentials.access_token}`, Accept: 'application/json' },
        });
        const body: unknown = await response.json();
        return { status: response.status, body, pagination: response.headers.get('x-pagination') };
      });
      assert.equal(res.status, 200);
      assert.ok(Array.isArray(res.body) && res.body.length === PAGE);
      rawApiPage.push(tRaw);
      const pagination: unknown = JSON.parse(res.pagination ?? '{}');
      if (hasKey(pagination, 'records') && typeof pagination.records === 'number') totalBills = pagination.records;
    }
    assert.ok(totalBills >= 100_000, `sandbox has ${totalBills} bills`);

    // Newest first (the default): page 1 for the page count, then the last page, topped up when short.
    const tree = vscode.workspace.getConfiguration('gocardless.tree');
    await tree.update('order', 'newest', vscode.ConfigurationTarget.Workspace);
    const newestFirst: number[] = [];
    try {
      for (let i = 0; i < ITERATIONS; i++) {
        deps.tree.refresh();
        const account = (await show(deps)).find((n) => n.kind === 'account');
        assert.ok(account);
        const merchant = (await show(deps, account)).find((n) => n.kind === 'merchant');
        assert.ok(merchant);
        const bills = (await show(deps, merchant)).find((n) => n.kind === 'collection' && deps.tree.getTreeItem(n).label === 'Bills');
        assert.ok(bills && bills.kind === 'collection');
        deps.tree.reload(bills);
        const [page, t] = await timed(() => show(deps, bills));
        newestFirst.push(t);
        const shown = page.filter((n) => n.kind === 'bill').length;
        assert.ok(shown >= PAGE && shown < 2 * PAGE, `a full first view: ${shown}`);
      }
    } finally {
      await tree.update('order', 'api', vscode.ConfigurationTarget.Workspace);
    }
    // The Requests view after a reload: 10,000 kept records in its file, read when the view first asks for rows.
    const requestsFirstPage = await timeRequestsFirstPage(sandbox);


    const out = process.env.GCDEV_BENCH_OUT;
    assert.ok(out, 'GCDEV_BENCH_OUT is set');
    writeFileSync(out, JSON.stringify({
      vscodeVersion: vscode.version,
      activationTimings,
      sandboxBills: totalBills,
      pageSize: PAGE,
      sandboxStartMs: round(sandboxStartMs),
      firstLevelMs: stats(firstLevel),
      merchantSummaryMs: stats(merchantSummary),
      billsFirstPageMs: stats(billsPage),
      billsLoadMoreMs: stats(loadMore),
      billsNewestFirstPageMs: stats(newestFirst),
      baselineRawApiPageMs: stats(rawApiPage),
      keptRequests: KEPT_REQUESTS,
      requestsFirstPageMs: stats(requestsFirstPage),
    }, null, 2));
    for (const a of deps.accounts.list()) await deps.accounts.remove(a.id);
    await sandboxConfig.update('scale', undefined, vscode.ConfigurationTarget.Global);
  });
});
