import { strict as assert } from 'node:assert';
import { createServer, type AddressInfo } from 'node:net';
import { Readable, Writable } from 'node:stream';
import { runCli } from '../../../src/cli/runCli';

interface Run { code: number; stdout: string; stderr: string }

async function gcdev(args: string[], env: NodeJS.ProcessEnv = {}, stdin = '{"payload":{}}'): Promise<Run> {
  let out = '';
  let err = '';
  const stdout = new Writable({ write(c: Buffer, _e, cb) { out += c.toString(); cb(); } });
  const stderr = new Writable({ write(c: Buffer, _e, cb) { err += c.toString(); cb(); } });
  // The stop signal resolves at once: a command that wrongly started a server stops instead of hanging the test.
  const code = await runCli(args, { stdin: Readable.from([stdin]), stdout, stderr, env, stopSignal: Promise.resolve('SIGTERM') });
  return { code, stdout: out, stderr: err };
}

/**
 * Every command that takes an app secret, with the rest of its arguments valid:
 * `--secret "$UNSET"` passes an empty string, which HMAC accepts as a key.
 */
const COMMANDS: ReadonlyArray<{ args: (secret: string[]) => string[]; option: string }> = [
  { args: (s) => ['sign', ...s], option: '--secret' },
  { args: (s) => ['sign', '--batch', ...s], option: '--secret' },
  { args: (s) => ['link', 'bill', '--app-id', 'APP1', '--merchant-id', 'M1', '--amount', '5.00', ...s.map((x) => x.replace('--secret', '--app-secret'))], option: '--app-secret' },
  { args: (s) => ['verify-redirect', ...s, 'https://example.com/r?resource_id=B1&resource_type=bill&resource_uri=u&signature=00'], option: '--secret' },
  { args: (s) => ['verify-webhook', ...s], option: '--secret' },
  { args: (s) => ['webhook', 'build', ...s, '--resource-type', 'bill', '--action', 'paid'], option: '--secret' },
  { args: (s) => ['webhook', 'send', ...s, '--url', 'http://127.0.0.1:9/', '--resource-type', 'bill', '--action', 'paid'], option: '--secret' },
  { args: (s) => ['check', '--app', 'http://127.0.0.1:9/', ...s], option: '--secret' },
  { args: (s) => ['listen', '--port', '0', ...s], option: '--secret' },
];

describe('gcdev refuses an empty app secret (issue 16, item 4)', () => {
  for (const c of COMMANDS) {
    const [command, sub] = c.args([]);
    const name = sub === undefined || sub.startsWith('-') || sub.startsWith('http') ? command : `${command} ${sub}`;
    it(`${name}: ${c.option} "" and an empty GOCARDLESS_APP_SECRET exit 2 naming the option or variable`, async () => {
      const given = await gcdev(c.args(['--secret', '']));
      assert.equal(given.code, 2, given.stderr);
      assert.ok(given.stderr.includes(`${c.option} must not be empty`), given.stderr);
      assert.equal(given.stdout, '', 'nothing signed, verified or started');
      const fromEnv = await gcdev(c.args([]), { GOCARDLESS_APP_SECRET: '' });
      assert.equal(fromEnv.code, 2, fromEnv.stderr);
      assert.match(fromEnv.stderr, /GOCARDLESS_APP_SECRET environment variable is set but empty/);
      assert.equal(fromEnv.stdout, '');
    });
  }

  it('gcdev listen --forward-to its own address exits 2 with the reason', async () => {
    // A port known to be free: the self-check compares the URL with the port the listener bound.
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const self = await gcdev(['listen', '--port', String(port), '--secret', 's', '--forward-to', `http://127.0.0.1:${port}/hooks`]);
    assert.equal(self.code, 2, self.stderr);
    assert.match(self.stderr, /--forward-to: .*this webhook listener itself/);
  });
});
