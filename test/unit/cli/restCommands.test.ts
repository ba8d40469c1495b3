import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { resourceCommandName } from '../../../src/cli/resourceCommandName';
import { RESOURCE_TYPE_NAMES, RESOURCE_TYPES, type ResourceTypeDescriptor } from '../../../src/core/api/resourceTypes';
import { buildConnectLink } from '../../../src/core/links';
import { SANDBOX_ACCOUNT_NUMBER, SANDBOX_SORT_CODE } from '../../../src/core/sandbox';
import { api, asBills, errorMessage, startTestSandbox, type BillJson } from '../sandbox/sandboxFixtures';

/**
 * gcdev's REST commands, each run as a real process (node + tsx, through the lazy command
 * table) against the local sandbox over real HTTP. What the CLI prints is compared with what
 * the API answers to the same request made directly.
 */

const ROOT = resolve(__dirname, '../../..');
type TestSandbox = Awaited<ReturnType<typeof startTestSandbox>>;
interface Run { code: number | null; stdout: string; stderr: string }

const running = new Set<ChildProcess>();

/** The parent's environment without any GOCARDLESS_* variable, so only what a test gives counts. */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('GOCARDLESS_')));
}

function gcdev(args: string[], env: NodeJS.ProcessEnv = {}, stdin = ''): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli.ts'), ...args], { cwd: ROOT, env: { ...cleanEnv(), ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    running.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.once('error', fail);
    child.once('close', (code) => {
      running.delete(child);
      done({ code, stdout, stderr });
    });
    child.stdin.end(stdin);
  });
}

function json<T = unknown>(r: Run): T {
  assert.equal(r.code, 0, `exit ${String(r.code)}: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

function credentials(sb: TestSandbox): NodeJS.ProcessEnv {
  return { GOCARDLESS_BASE_URL: sb.url, GOCARDLESS_MERCHANT_ID: sb.credentials.merchant_id, GOCARDLESS_ACCESS_TOKEN: sb.credentials.access_token };
}

const NEW_COMMANDS = ['merchant', 'bills', 'subscriptions', 'pre-authorizations', 'users', 'payouts', 'confirm', 'get', 'post', 'put'];

describe('gcdev REST commands (spawned, against the local sandbox)', function () {
  // Each test spawns several Node processes on a shared machine.
  this.timeout(120_000);
  let sb: TestSandbox;
  let env: NodeJS.ProcessEnv;
  let billsPath: string;

  beforeEach(async () => {
    sb = await startTestSandbox();
    env = credentials(sb);
    billsPath = `/api/v1/merchants/${sb.credentials.merchant_id}/bills`;
  });
  afterEach(async () => {
    // Whatever happened, no gcdev process outlives its test.
    for (const child of running) child.kill('SIGKILL');
    running.clear();
    await sb.dispose();
  });

  /** An active pre-authorization with room for `amount` more this interval. */
  async function activePreAuthorization(amount: number): Promise<string> {
    const list = (await api(sb, `/api/v1/merchants/${sb.credentials.merchant_id}/pre_authorizations?status=active`)).json as Array<{ id: string; remaining_amount: string }>;
    const found = list.find((p) => Number(p.remaining_amount) >= amount);
    assert.ok(found, 'the seeded data has an active pre-authorization with room left');
    return found.id;
  }

  async function createBill(amount = '5.00'): Promise<BillJson> {
    const created = await api(sb, '/api/v1/bills', { method: 'POST', body: { bill: { amount, pre_authorization_id: await activePreAuthorization(Number(amount)) } } });
    assert.equal(created.status, 201, created.text);
    return created.json as BillJson;
  }

  it('gcdev --help lists every new command, and each has its own --help', async () => {
    const top = await gcdev(['--help']);
    assert.equal(top.code, 0);
    for (const name of NEW_COMMANDS) assert.match(top.stdout, new RegExp(`^  ${name} +\\S`, 'm'), `gcdev --help lists ${name}`);
    const helps = await Promise.all(NEW_COMMANDS.map((name) => gcdev([name, '--help'])));
    helps.forEach((r, i) => {
      assert.equal(r.code, 0, NEW_COMMANDS[i]);
      assert.ok(r.stdout.startsWith(`gcdev ${NEW_COMMANDS[i]!}`), r.stdout.slice(0, 80));
      assert.match(r.stdout, /Exit status/);
    });
  });

  it('every RESOURCE_TYPES row is a command: in gcdev --help, with list (every page too) and get as the API answers them', async () => {
    const top = await gcdev(['--help']);
    assert.equal(top.code, 0);
    await Promise.all(RESOURCE_TYPE_NAMES.map(async (type) => {
      const row: ResourceTypeDescriptor = RESOURCE_TYPES[type];
      const name = resourceCommandName(row.path);
      assert.match(top.stdout, new RegExp(`^  ${name} +List`, 'm'), `gcdev --help lists ${name}`);
      // The sub_resource_uris path of the row: GET /api/v1/merchants/:id/<path>.
      const expected = (await api(sb, `/api/v1/merchants/${sb.credentials.merchant_id}/${row.path}`)).json as Array<{ id: string }>;
      assert.ok(expected.length > 2, `the sandbox serves more than two ${row.path}, so the comparisons mean something`);
      const [help, listed, everyPage, got] = await Promise.all([
        gcdev([name, '--help']), gcdev([name, 'list'], env), gcdev([name, 'list', '--all', '--per-page', '2'], env), gcdev([name, 'get', expected[0]!.id], env),
      ]);
      assert.match(help.stdout, new RegExp(`^  gcdev ${name} list `, 'm'));
      for (const filter of Object.keys(row.filters)) assert.match(help.stdout, new RegExp(`--${filter.replace(/_/g, '-')}\\b`), `${name} --help names the ${filter} filter`);
      assert.deepEqual(json(listed), expected, `gcdev ${name} list`);
      assert.deepEqual(json(everyPage), expected, `gcdev ${name} list --all --per-page 2 walks every page`);
      if (row.get === undefined) {
        // The spec documents no GET /users/:id: no "get" action to offer.
        assert.equal(got.code, 2);
        assert.match(got.stderr, /give an action: list\b/);
        assert.doesNotMatch(help.stdout, / get ID/);
      } else {
        assert.deepEqual(json(got), (await api(sb, `/api/v1/${row.path}/${expected[0]!.id}`)).json, `gcdev ${name} get`);
        assert.match(help.stdout, new RegExp(`^  gcdev ${name} get ID`, 'm'));
      }
    }));
  });

  it('merchant, and each get, print exactly the JSON the API answers', async () => {
    const bill = asBills(await api(sb, billsPath))[0]!;
    const sub = ((await api(sb, `/api/v1/merchants/${sb.credentials.merchant_id}/subscriptions`)).json as Array<{ id: string }>)[0]!;
    const pre = ((await api(sb, `/api/v1/merchants/${sb.credentials.merchant_id}/pre_authorizations`)).json as Array<{ id: string }>)[0]!;
    const payout = ((await api(sb, `/api/v1/merchants/${sb.credentials.merchant_id}/payouts`)).json as Array<{ id: string }>)[0]!;
    const [merchant, merchantGet, b, s, p, po] = await Promise.all([
      gcdev(['merchant'], env), gcdev(['merchant', 'get'], env), gcdev(['bills', 'get', bill.id], env),
      gcdev(['subscriptions', 'get', sub.id], env), gcdev(['pre-authorizations', 'get', pre.id], env), gcdev(['payouts', 'get', payout.id], env),
    ]);
    assert.deepEqual(json(merchant), (await api(sb, `/api/v1/merchants/${sb.credentials.merchant_id}`)).json);
    assert.deepEqual(json(merchantGet), json(merchant));
    assert.deepEqual(json(b), (await api(sb, `/api/v1/bills/${bill.id}`)).json);
    assert.deepEqual(json(s), (await api(sb, `/api/v1/subscriptions/${sub.id}`)).json);
    assert.deepEqual(json(p), (await api(sb, `/api/v1/pre_authorizations/${pre.id}`)).json);
    assert.deepEqual(json(po), (await api(sb, `/api/v1/payouts/${payout.id}`)).json);
  });

  it('lists with each filter the spec gives a resource, as the API filters them', async () => {
    const all = asBills(await api(sb, billsPath));
    const withSource = all.find((b) => b.source_type === 'subscription')!;
    const cases: Array<[string[], string]> = [
      [['bills', 'list', '--status', 'withdrawn'], `${billsPath}?status=withdrawn`],
      // "paid … Return only paid bills. False will include "pending" and "failed" bills." The CLI passes the filter on.
      [['bills', 'list', '--paid', 'false'], `${billsPath}?paid=false`],
      [['bills', 'list', '--paid', 'true', '--user-id', withSource.user_id], `${billsPath}?paid=true&user_id=${withSource.user_id}`],
      [['bills', 'list', '--source-id', withSource.source_id, '--source-type', 'subscription'], `${billsPath}?source_id=${withSource.source_id}&source_type=subscription`],
      [['bills', 'list', '--subscription-id', withSource.source_id], `${billsPath}?subscription_id=${withSource.source_id}`],
      [['bills', 'list', '--after', '2025-12-01T00:00:00Z', '--before', '2026-01-01T00:00:00Z'], `${billsPath}?after=2025-12-01T00:00:00Z&before=2026-01-01T00:00:00Z`],
      [['subscriptions', 'list', '--status', 'active'], `/api/v1/merchants/${sb.credentials.merchant_id}/subscriptions?status=active`],
      [['pre-authorizations', 'list', '--status', 'active'], `/api/v1/merchants/${sb.credentials.merchant_id}/pre_authorizations?status=active`],
      [['users', 'list'], `/api/v1/merchants/${sb.credentials.merchant_id}/users`],
      [['payouts', 'list'], `/api/v1/merchants/${sb.credentials.merchant_id}/payouts`],
    ];
    const runs = await Promise.all(cases.map(([args]) => gcdev(args, env)));
    for (let i = 0; i < cases.length; i++) {
      const expected = (await api(sb, cases[i]![1])).json as unknown[];
      const got = json<unknown[]>(runs[i]!);
      assert.deepEqual(got, expected, cases[i]![0].join(' '));
      assert.ok(got.length > 0 || cases[i]![0][0] === 'payouts', `${cases[i]![0].join(' ')} matches something, so the comparison means something`);
    }
    assert.ok(json<BillJson[]>(runs[0]!).every((b) => b.status === 'withdrawn'));
    assert.ok(json<BillJson[]>(runs[0]!).length < all.length, 'the filter filtered');
    const named = all.find((b) => b.name !== null)!;
    const byName = json<BillJson[]>(await gcdev(['bills', 'list', '--name', named.name!, '--pre-authorization-id', named.source_id], env));
    assert.deepEqual(byName, (await api(sb, `${billsPath}?name=${encodeURIComponent(named.name!)}&pre_authorization_id=${named.source_id}`)).json);
  });

  it('--all is the concatenation of every page; --page/--per-page is one page, and stderr says how to get the rest', async () => {
    const perPage = 7;
    const pages: unknown[] = [];
    for (let page = 1; ; page++) {
      const chunk = (await api(sb, `${billsPath}?page=${page}&per_page=${perPage}`)).json as unknown[];
      if (chunk.length === 0) break;
      pages.push(...chunk);
    }
    assert.ok(pages.length > 2 * perPage, 'at least three pages');
    const [all, second, filteredAll] = await Promise.all([
      gcdev(['bills', 'list', '--all', '--per-page', String(perPage)], env),
      gcdev(['bills', 'list', '--page', '2', '--per-page', String(perPage)], env),
      gcdev(['bills', 'list', '--all', '--per-page', '3', '--status', 'withdrawn'], env),
    ]);
    assert.deepEqual(json(all), pages);
    assert.deepEqual(json(second), pages.slice(perPage, 2 * perPage));
    assert.match(second.stderr, new RegExp(`page 2 of ${Math.ceil(pages.length / perPage)} \\(${pages.length} records\\); --page 3 for the next`));
    assert.deepEqual(json(filteredAll), (await api(sb, `${billsPath}?status=withdrawn`)).json);
  });

  it('bills create posts {"bill": {…}} under a pre-authorization; retry, cancel and refund act on a bill', async () => {
    const preId = await activePreAuthorization(12);
    const created = json<BillJson>(await gcdev(['bills', 'create', '--pre-authorization-id', preId, '--amount', '12.00', '--name', 'Court hire', '--charge-customer-at', '2026-02-01'], env));
    assert.equal(created.source_type, 'pre_authorization');
    assert.equal(created.source_id, preId);
    assert.equal(created.amount, '12.00');
    assert.equal(created.name, 'Court hire');
    assert.deepEqual((await api(sb, `/api/v1/bills/${created.id}`)).json, created, 'the bill exists as printed');

    // "A pending bill can be cancelled if it has not yet been submitted to the banking system"
    const toCancel = await createBill();
    assert.equal(toCancel.can_be_cancelled, true);
    assert.equal(json<BillJson>(await gcdev(['bills', 'cancel', toCancel.id], env)).status, 'cancelled');

    // "If a bill fails … it can be retried if the can_be_retried attribute is true."
    const toRetry = await createBill();
    await api(sb, `/admin/bills/${toRetry.id}/outcome`, { method: 'POST', body: { outcome: 'failed' } });
    assert.equal(((await api(sb, `/api/v1/bills/${toRetry.id}`)).json as BillJson).can_be_retried, true);
    const retried = json<BillJson>(await gcdev(['bills', 'retry', toRetry.id], env));
    assert.equal(retried.id, toRetry.id);
    assert.notEqual(retried.status, 'failed');

    // "A bill can be refunded if its can_be_refunded attribute is true, and it has a status of paid or withdrawn."
    // "This endpoint will only be available if refunds have been enabled on your merchant account": switch them on first.
    await api(sb, `/admin/merchants/${sb.credentials.merchant_id}/settings`, { method: 'PUT', body: { refunds_enabled: true } });
    const toRefund = await createBill();
    await api(sb, `/admin/bills/${toRefund.id}/outcome`, { method: 'POST', body: { outcome: 'paid' } });
    assert.equal(json<BillJson>(await gcdev(['bills', 'refund', toRefund.id], env)).status, 'refunded');
    // A second refund is the API's to refuse: its message on stderr, exit 1, nothing on stdout.
    const again = await gcdev(['bills', 'refund', toRefund.id], env);
    const direct = await api(sb, `/api/v1/bills/${toRefund.id}/refund`, { method: 'POST' });
    assert.equal(again.code, 1);
    assert.equal(again.stdout, '');
    assert.ok(again.stderr.includes(errorMessage(direct)), `${again.stderr} carries the API's "${errorMessage(direct)}"`);
  });

  it('subscriptions cancel and pre-authorizations cancel', async () => {
    const sub = ((await api(sb, `/api/v1/merchants/${sb.credentials.merchant_id}/subscriptions?status=active`)).json as Array<{ id: string }>)[0]!;
    const pre = ((await api(sb, `/api/v1/merchants/${sb.credentials.merchant_id}/pre_authorizations?status=active`)).json as Array<{ id: string }>)[0]!;
    const [s, p] = await Promise.all([gcdev(['subscriptions', 'cancel', sub.id], env), gcdev(['pre-authorizations', 'cancel', pre.id], env)]);
    assert.equal(json<{ status: string }>(s).status, 'cancelled');
    assert.equal(json<{ status: string }>(p).status, 'cancelled');
    assert.equal(((await api(sb, `/api/v1/subscriptions/${sub.id}`)).json as { status: string }).status, 'cancelled');
  });

  it('confirm verifies a redirect made by paying a link through the Connect pages, then confirms it', async () => {
    const url = buildConnectLink({
      resourceType: 'bill', appId: sb.credentials.app_id, appSecret: sb.credentials.app_secret, environment: sb.url,
      resource: { merchant_id: sb.credentials.merchant_id, amount: '10.00', name: 'Tennis balls' }, state: 'order-42', clock: () => sb.clock.ms,
    }).url;
    const page = await (await fetch(url)).text();
    const token = /name="token" value="([^"]+)"/.exec(page)?.[1];
    assert.ok(token, 'the payment page has its form');
    const paid = await fetch(`${sb.url}/connect/pay`, {
      method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token, first_name: 'Alasdair', last_name: 'Monk', email: 'al@example.com', account_number: SANDBOX_ACCOUNT_NUMBER, sort_code: SANDBOX_SORT_CODE }).toString(),
    });
    const redirect = paid.headers.get('location')!;
    const billId = new URL(redirect).searchParams.get('resource_id')!;
    assert.equal((await api(sb, `/api/v1/bills/${billId}`)).status, 404, 'unconfirmed, the bill is not there yet');
    const appEnv = { GOCARDLESS_BASE_URL: sb.url, GOCARDLESS_APP_ID: sb.credentials.app_id, GOCARDLESS_APP_SECRET: sb.credentials.app_secret };

    // A forged redirect (another resource id under the same signature) is not sent at all.
    const forged = redirect.replace(`resource_id=${billId}`, 'resource_id=0FORGED');
    const refused = await gcdev(['confirm', forged], appEnv);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /does not verify.*nothing was confirmed/);
    assert.equal((await api(sb, `/api/v1/bills/${billId}`)).status, 404);

    // "You must confirm the resource otherwise it will be removed within a short period of time."
    const confirmed = await gcdev(['confirm', redirect], appEnv);
    assert.deepEqual(json(confirmed), { success: true });
    assert.equal(((await api(sb, `/api/v1/bills/${billId}`)).json as BillJson).status, 'pending');
    assert.ok(!confirmed.stdout.includes(sb.credentials.app_secret) && !confirmed.stderr.includes(sb.credentials.app_secret));

    // A second confirmation is the API's to refuse.
    const twice = await gcdev(['confirm', redirect], appEnv);
    assert.equal(twice.code, 1);
    assert.match(twice.stderr, /HTTP 422 from POST \/api\/v1\/confirm/);
  });

  it('raw get, post and put reach any /api/v1 path; another host is refused', async () => {
    const bill = asBills(await api(sb, `${billsPath}?status=withdrawn`))[0]!;
    const [relative, absolute, fullUrl, query] = await Promise.all([
      gcdev(['get', `bills/${bill.id}`], env),
      gcdev(['get', `/api/v1/bills/${bill.id}`], env),
      gcdev(['get', (bill as BillJson & { uri: string }).uri], env),
      gcdev(['get', `merchants/${sb.credentials.merchant_id}/bills?status=failed&per_page=2`], env),
    ]);
    const expected = (await api(sb, `/api/v1/bills/${bill.id}`)).json;
    assert.deepEqual(json(relative), expected);
    assert.deepEqual(json(absolute), expected);
    assert.deepEqual(json(fullUrl), expected);
    assert.deepEqual(json(query), (await api(sb, `${billsPath}?status=failed&per_page=2`)).json);

    const preId = await activePreAuthorization(3);
    const posted = json<BillJson>(await gcdev(['post', 'bills', '--data', JSON.stringify({ bill: { amount: '3.00', pre_authorization_id: preId } })], env));
    assert.equal(posted.source_id, preId);
    const fromStdin = json<BillJson>(await gcdev(['post', 'bills', '--data', '-'], env, JSON.stringify({ bill: { amount: '3.00', pre_authorization_id: preId } })));
    assert.notEqual(fromStdin.id, posted.id);
    assert.equal(json<BillJson>(await gcdev(['put', `bills/${posted.id}/cancel`], env)).status, 'cancelled');

    const [evil, escape, notJson] = await Promise.all([
      gcdev(['get', 'https://attacker.example/api/v1/bills'], env),
      gcdev(['get', '../../oauth/access_token'], env),
      gcdev(['post', 'bills', '--data', '{"bill":'], env),
    ]);
    assert.equal(evil.code, 2);
    assert.match(evil.stderr, /refusing https:\/\/attacker\.example: the access token is only sent to the base URL's host/);
    assert.equal(escape.code, 2);
    assert.match(escape.stderr, /must stay under \/api\/v1\//);
    assert.equal(notJson.code, 2);
    assert.match(notJson.stderr, /--data is not JSON/);
  });

  it('an API error exits 1 with the API\'s own message on stderr, and never shows the token', async () => {
    const direct = await api(sb, '/api/v1/bills/0NOSUCHBILL');
    const wrongToken = await api(sb, '/api/v1/bills/0NOSUCHBILL', { token: 'not-the-token' });
    const [missing, raw, unauthorized] = await Promise.all([
      gcdev(['bills', 'get', '0NOSUCHBILL'], env),
      gcdev(['get', 'bills/0NOSUCHBILL'], env),
      // Flags override the environment.
      gcdev(['bills', 'get', '0NOSUCHBILL', '--access-token', 'not-the-token'], env),
    ]);
    for (const [r, answer] of [[missing, direct], [raw, direct], [unauthorized, wrongToken]] as const) {
      assert.equal(r.code, 1, r.stderr);
      assert.equal(r.stdout, '');
      assert.ok(errorMessage(answer) !== '' && r.stderr.includes(errorMessage(answer)), `${r.stderr} carries "${errorMessage(answer)}"`);
      assert.ok(!r.stderr.includes(sb.credentials.access_token) && !r.stderr.includes('not-the-token'));
    }
    assert.match(unauthorized.stderr, /HTTP 401/);
  });

  it('bad options exit 2 with one line naming the flag', async () => {
    const cases: Array<[string[], NodeJS.ProcessEnv, RegExp]> = [
      [['bills', 'list', '--bogus'], env, /Unknown option '--bogus'/],
      // The Filtering table gives paid to Bill only.
      [['subscriptions', 'list', '--paid', 'true'], env, /--paid: paid is not a filter for subscriptions; use --user-id, --before, --after, --name, --description, --status/],
      [['users', 'list', '--status', 'active'], env, /--status: users cannot be filtered/],
      [['bills', 'list', '--status', 'lost'], env, /--status: status must be one of pending, paid/],
      [['bills', 'list', '--paid', 'yes'], env, /--paid: paid must be true or false/],
      [['bills', 'list', '--before', 'last tuesday'], env, /--before: before must be/],
      [['bills', 'list', '--page', '0'], env, /--page must be a whole number, 1 or more/],
      [['bills', 'list', '--all', '--page', '2'], env, /leave out --page/],
      [['bills', 'create', '--amount', '1.001'], env, /--pre-authorization-id: .*required; --amount: .*two decimal/],
      [['bills', 'get'], env, /give exactly one bills ID/],
      [['bills', 'frobnicate'], env, /give an action: list, get, create, retry, cancel, refund/],
      [['merchant'], { ...env, GOCARDLESS_ACCESS_TOKEN: '' }, /GOCARDLESS_ACCESS_TOKEN is set but empty/],
      [['merchant', '--access-token', ''], env, /--access-token is empty/],
      [['merchant'], { GOCARDLESS_BASE_URL: sb.url, GOCARDLESS_ACCESS_TOKEN: 't' }, /--merchant-id is required \(or the GOCARDLESS_MERCHANT_ID environment variable\)/],
      [['merchant'], { GOCARDLESS_MERCHANT_ID: 'M', GOCARDLESS_ACCESS_TOKEN: 't' }, /--base-url URL, --environment sandbox\|live, or the GOCARDLESS_BASE_URL/],
      [['merchant', '--environment', 'staging'], env, /--environment must be sandbox or live/],
      [['merchant', '--base-url', 'http://api.example.com'], env, /--base-url: .*plain http would send the access token unencrypted/],
      [['confirm', 'https://merchant.example/return?resource_id=1'], { GOCARDLESS_BASE_URL: sb.url, GOCARDLESS_APP_ID: 'A', GOCARDLESS_APP_SECRET: 's' }, /the redirect has no resource_type/],
      [['confirm', 'https://merchant.example/return'], { GOCARDLESS_BASE_URL: sb.url, GOCARDLESS_APP_ID: 'A' }, /--app-secret is required \(or the GOCARDLESS_APP_SECRET/],
    ];
    const runs = await Promise.all(cases.map(([args, e]) => gcdev(args, e)));
    runs.forEach((r, i) => {
      const label = cases[i]![0].join(' ');
      assert.equal(r.code, 2, `${label}: ${r.stderr}`);
      assert.match(r.stderr, cases[i]![2], label);
      assert.equal(r.stderr.trim().split('\n').length, 1, `${label}: one line`);
      assert.equal(r.stdout, '', label);
    });
  });

  it('on the live API, whatever changes money or a resource needs --yes (exit 2 before anything is sent)', async () => {
    const live = { GOCARDLESS_MERCHANT_ID: 'M', GOCARDLESS_ACCESS_TOKEN: 't', GOCARDLESS_APP_ID: 'A', GOCARDLESS_APP_SECRET: 's' };
    const redirect = 'https://merchant.example/return?resource_id=1&resource_type=bill&resource_uri=https%3A%2F%2Fgocardless.com%2Fapi%2Fv1%2Fbills%2F1&signature=00';
    const changes: string[][] = [
      ['bills', 'create', '--pre-authorization-id', 'P', '--amount', '1.00'], ['bills', 'retry', 'B'], ['bills', 'cancel', 'B'], ['bills', 'refund', 'B'],
      ['subscriptions', 'cancel', 'S'], ['pre-authorizations', 'cancel', 'P'], ['confirm', redirect],
      ['post', 'bills/B/retry'], ['put', 'bills/B/cancel'],
    ];
    const runs = await Promise.all([
      ...changes.map((args) => gcdev([...args, '--environment', 'live'], live)),
      // GOCARDLESS_BASE_URL naming live counts the same.
      gcdev(['bills', 'refund', 'B'], { ...live, GOCARDLESS_BASE_URL: 'https://gocardless.com/' }),
    ]);
    runs.forEach((r, i) => {
      assert.equal(r.code, 2, `${(changes[i] ?? ['env'])[0]!}: ${r.stderr}`);
      assert.match(r.stderr, /on the live API \(https:\/\/gocardless\.com\) .*add --yes/);
    });
    // With --yes the check lets it through: this forged redirect then fails its signature (exit 1), offline.
    const withYes = await gcdev(['confirm', redirect, '--environment', 'live', '--yes'], live);
    assert.equal(withYes.code, 1, withYes.stderr);
    assert.match(withYes.stderr, /does not verify/);
  });
});
