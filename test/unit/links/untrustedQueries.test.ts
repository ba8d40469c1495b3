import { strict as assert } from 'node:assert';
import { Readable, Writable } from 'node:stream';
import { runCli } from '../../../src/cli/runCli';
import { parseConnectLink, RedirectParseError, verifyRedirect } from '../../../src/core/links';
import { unflattenPairs } from '../../../src/core/links/queryPairs';
import { queryToParams } from '../../../src/core/links/testConnectLink';
import { APP_SECRET, redirectUrl } from './builders';

async function gcdev(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdin: Readable.from([]), env, stopSignal: new Promise(() => undefined),
    stdout: new Writable({ write(c: Buffer, _e, cb) { stdout += c.toString(); cb(); } }),
    stderr: new Writable({ write(c: Buffer, _e, cb) { stderr += c.toString(); cb(); } }),
  });
  return { code, stdout, stderr };
}

describe('Untrusted queries and redirects (issue 16, item 10)', () => {
  const HOSTILE = '__proto__[polluted]=yes&a[__proto__][polluted]=yes&__proto__=x&b[][__proto__][polluted]=yes&constructor[prototype][polluted]=yes&ok=1';

  it('queryToParams builds null-prototype objects and skips __proto__ keys', () => {
    const params = queryToParams(new URLSearchParams(HOSTILE));
    assert.equal(({} as Record<string, unknown>)['polluted'], undefined, 'Object.prototype untouched');
    assert.equal(Object.getPrototypeOf(params), null);
    assert.ok(!Object.hasOwn(params, '__proto__'));
    assert.equal(params['ok'], '1');
    assert.equal(Object.getPrototypeOf(params['constructor']), null, 'an ordinary key, in an object without prototype');
    assert.equal(params['a'], undefined, 'a key whose path names __proto__ is skipped whole');
  });

  it('unflattenPairs (parseConnectLink) does the same', () => {
    const link = parseConnectLink(`https://gocardless.com/connect/bills/new?${HOSTILE}&bill[amount]=10.0&bill[__proto__][x]=1`);
    assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
    assert.equal(Object.getPrototypeOf(link.params), null);
    assert.equal(Object.getPrototypeOf(link.resource), null);
    assert.equal(link.resource['amount'], '10.0');
    assert.ok(!Object.hasOwn(link.resource, '__proto__'));
    const direct = unflattenPairs([['__proto__', 'x'], ['a[__proto__][b]', 'y'], ['c', 'z']]);
    assert.deepEqual(Object.keys(direct), ['c']);
    assert.equal(Object.getPrototypeOf(direct), null);
  });

  it('refuses a redirect whose signed key or signature is repeated, whichever copy is signed', () => {
    const url = redirectUrl({ resource_type: 'bill', resource_id: 'A', resource_uri: 'https://gocardless.com/api/v1/bills/A' });
    assert.equal(verifyRedirect(url, APP_SECRET).valid, true);
    for (const extra of ['resource_id=B', 'resource_type=subscription', 'resource_uri=x', 'state=s', 'signature=00']) {
      const twice = extra.startsWith('state') ? `${url}&state=t&${extra}` : `${url}&${extra}`;
      assert.throws(() => verifyRedirect(twice, APP_SECRET), (e: unknown) => e instanceof RedirectParseError && /appears more than once/.test(e.message), extra);
    }
    const before = url.replace('?', '?resource_id=B&');
    assert.throws(() => verifyRedirect(before, APP_SECRET), /resource_id appears more than once/);
    // The merchant's own params are not signed and may repeat.
    assert.equal(verifyRedirect(`${url}&order=1&order=2`, APP_SECRET).valid, true);
  });

  it('accepts an upper-case hex signature as the same digest, compared constant-time', () => {
    const url = new URL(redirectUrl());
    url.searchParams.set('signature', url.searchParams.get('signature')!.toUpperCase());
    const v = verifyRedirect(url.href, APP_SECRET);
    assert.equal(v.valid, true);
    assert.equal(v.diagnosis.verdict, 'valid');
  });

  it('gcdev verify-redirect checks the signature of an unknown resource_type anyway and reports the type as a problem (exit 1, not 2)', async () => {
    const unknown = redirectUrl({ resource_type: 'payout', resource_id: 'P1', resource_uri: 'https://gocardless.com/api/v1/payouts/P1' });
    const r = await gcdev(['verify-redirect', unknown], { GOCARDLESS_APP_SECRET: APP_SECRET });
    assert.equal(r.code, 1, r.stderr);
    const out = JSON.parse(r.stdout) as { valid: boolean; problems: string[]; diagnosis: { verdict: string } };
    assert.equal(out.valid, false);
    assert.equal(out.diagnosis.verdict, 'valid', 'the signature was verified');
    assert.match(out.problems[0] ?? '', /resource_type must be bill, subscription or pre_authorization/);
    const forged = await gcdev(['verify-redirect', unknown.replace('P1&', 'P2&')], { GOCARDLESS_APP_SECRET: APP_SECRET });
    assert.equal(forged.code, 1);
    assert.equal((JSON.parse(forged.stdout) as { diagnosis: { verdict: string } }).diagnosis.verdict, 'unexplained');
    const repeated = await gcdev(['verify-redirect', `${unknown}&resource_id=P2`], { GOCARDLESS_APP_SECRET: APP_SECRET });
    assert.equal(repeated.code, 2);
    assert.match(repeated.stderr, /resource_id appears more than once/);
  });
});
