import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { command as sandboxCommand } from '../../../src/cli/commands/sandbox';

describe('gcdev sandbox', () => {
  it('prints one JSON line with the credentials, logs requests to stderr, stops on the signal', async () => {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let stop!: (signal: string) => void;
    const stopSignal = new Promise<string>((resolve) => (stop = resolve));
    const out: string[] = [];
    const err: string[] = [];
    stdout.on('data', (c: Buffer) => out.push(c.toString()));
    stderr.on('data', (c: Buffer) => err.push(c.toString()));
    const firstLine = new Promise<string>((resolve) => stdout.once('data', (c: Buffer) => resolve(c.toString())));
    const exit = sandboxCommand.run(['--seed', '5', '--scale', 'bills=30,users=5', '--merchant-id', 'MYMERCHANT', '--refunds-enabled'], { stdin: new PassThrough(), stdout, stderr, env: {}, stopSignal });
    const info = JSON.parse(await firstLine) as Record<string, string>;
    assert.deepEqual(Object.keys(info).sort(), ['access_token', 'app_id', 'app_secret', 'merchant_id', 'url']);
    assert.equal(info['merchant_id'], 'MYMERCHANT');
    const r = await fetch(`${info['url']}/api/v1/merchants/MYMERCHANT/bills`, { headers: { accept: 'application/json', authorization: `bearer ${info['access_token']}` } });
    const bills = (await r.json()) as Array<{ id: string; status: string; can_be_refunded: boolean }>;
    assert.equal(bills.length, 30);
    const paid = bills.find((b) => b.status === 'paid' || b.status === 'withdrawn')!;
    assert.equal(paid.can_be_refunded, true, '--refunds-enabled switches the default merchant\'s refunds on');
    const refund = await fetch(`${info['url']}/api/v1/bills/${paid.id}/refund`, { method: 'POST', headers: { accept: 'application/json', authorization: `bearer ${info['access_token']}` } });
    assert.equal(refund.status, 201);
    stop('SIGTERM');
    assert.equal(await exit, 0);
    assert.equal(out.join('').trim().split('\n').length, 1, 'stdout carries only the JSON line');
    const log = err.join('');
    assert.match(log, /GET \/api\/v1\/merchants\/MYMERCHANT\/bills 200/);
    assert.ok(!log.includes(info['access_token']!) && !log.includes(info['app_secret']!), 'no secrets in the log');
    await assert.rejects(fetch(`${info['url']}/`), 'the server is closed');
  });

  it('refuses bad options with one line', async () => {
    const io = { stdin: new PassThrough(), stdout: new PassThrough(), stderr: new PassThrough(), env: {}, stopSignal: new Promise<string>(() => undefined) };
    await assert.rejects(sandboxCommand.run(['--scale', 'bills=lots'], io), /bills needs a whole number/);
    await assert.rejects(sandboxCommand.run(['--port', '99999'], io), /--port must be a whole number/);
  });
});
