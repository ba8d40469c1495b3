import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { appSecrets } from '../appSecret';
import { CliError, type CliCommand } from '../CliCommand';
import { IntegrationCheckInputError, renderReportMarkdown, renderReportText, runIntegrationCheck, type RedirectCheckOptions } from '../../core/integrationCheck';

const USAGE = `gcdev check --app URL [--secret S] [--markdown FILE] [--json] [--timeout MS] [--concurrency N] [--insecure]
            [--redirect-uri URI --sandbox URL --app-id ID --merchant-id ID --access-token T]

Checks your app's webhook endpoint the way a certification reviewer would:
every webhook action of every resource type the API reference lists must be
answered 200 within 5 seconds, a body with several objects and a repeated
delivery (a retry) too; a tampered signature, a payload changed after signing,
a wrong secret and an unsigned body must not get a 2xx.

Options:
  --app URL           your webhook endpoint (its web_hook_uri), http:// or https://
  --secret S          the app secret your app verifies with; defaults to the
                      GOCARDLESS_APP_SECRET environment variable (preferred: a
                      command-line argument is visible to other local users)
  --markdown FILE     also write the report as Markdown, to attach to a certification request
  --json              print the report as JSON instead of a table
  --timeout MS        deadline per webhook (default 5000, the spec's 5 seconds)
  --concurrency N     webhooks in flight at once (default 4)
  --insecure          accept any TLS certificate (a local https:// app with a
                      self-signed or mkcert certificate); noted in the report

Connect redirect round trip (optional; against a local sandbox, see gcdev sandbox):
  --redirect-uri URI  your redirect page; registered as the sandbox app's redirect URI,
                      then two bills are paid in the sandbox: the genuine redirect must
                      be answered 2xx/3xx and the bill confirmed, a tampered one refused
  --sandbox URL       the local sandbox's base URL
  --app-id ID         the sandbox app id      (or GOCARDLESS_APP_ID)
  --merchant-id ID    the sandbox merchant id (or GOCARDLESS_MERCHANT_ID)
  --access-token T    the merchant's token, to read the bill back (or GOCARDLESS_ACCESS_TOKEN)

Exit status: 0 when no check failed (warnings allowed), 1 when one failed, 2 for bad options.
`;

export const command: CliCommand = {
  name: 'check',
  summary: 'Certification self-check of your webhook endpoint (valid, forged, retried webhooks)',
  usage: USAGE,
  async run(args, io) {
    const { values } = parseArgs({
      args, strict: true, allowPositionals: false,
      options: {
        app: { type: 'string' },
        secret: { type: 'string' },
        markdown: { type: 'string' },
        json: { type: 'boolean', default: false },
        insecure: { type: 'boolean', default: false },
        timeout: { type: 'string' },
        concurrency: { type: 'string' },
        'redirect-uri': { type: 'string' },
        sandbox: { type: 'string' },
        'app-id': { type: 'string' },
        'merchant-id': { type: 'string' },
        'access-token': { type: 'string' },
      },
    });
    if (!values.app) throw new CliError('--app URL is required (your webhook endpoint)');
    const secret = appSecrets(values.secret, io)[0]!;
    const timeoutMs = positiveInteger('--timeout', values.timeout, 5000);
    const concurrency = positiveInteger('--concurrency', values.concurrency, 4);

    let redirect: RedirectCheckOptions | undefined;
    if (values['redirect-uri'] !== undefined) {
      const need = (flag: string, value: string | undefined, env: string): string => {
        const v = value ?? io.env[env];
        if (!v) throw new CliError(`--redirect-uri needs ${flag} (or ${env})`);
        return v;
      };
      redirect = {
        redirectUri: values['redirect-uri'],
        sandboxUrl: need('--sandbox URL', values.sandbox, 'GOCARDLESS_SANDBOX_URL'),
        appId: need('--app-id', values['app-id'], 'GOCARDLESS_APP_ID'),
        merchantId: need('--merchant-id', values['merchant-id'], 'GOCARDLESS_MERCHANT_ID'),
        accessToken: need('--access-token', values['access-token'], 'GOCARDLESS_ACCESS_TOKEN'),
        appSecret: secret,
      };
    }

    const controller = new AbortController();
    void io.stopSignal.then(() => controller.abort());
    let report;
    try {
      // A slow app can keep the check busy for tens of seconds: show progress on a terminal.
      const tty = 'isTTY' in io.stderr && io.stderr.isTTY === true;
      const onCaseDone = tty
        ? (r: { id: string }, done: number, total: number) => io.stderr.write(`\r\x1b[K[${done}/${total}] ${r.id}${done === total ? '\r\x1b[K' : ''}`)
        : undefined;
      report = await runIntegrationCheck({
        appUrl: values.app, secret, timeoutMs, concurrency, signal: controller.signal, insecureTls: values.insecure,
        ...(redirect ? { redirect } : {}), ...(onCaseDone ? { onCaseDone } : {}),
      });
    } catch (err) {
      if (err instanceof IntegrationCheckInputError) throw new CliError(err.message);
      throw err;
    }
    if (controller.signal.aborted) {
      io.stderr.write('gcdev check: interrupted; the report is incomplete and was not written\n');
      return 130;
    }
    if (values.markdown) {
      await writeFile(values.markdown, renderReportMarkdown(report), 'utf8');
    }
    io.stdout.write(values.json ? JSON.stringify(report, null, 2) + '\n' : renderReportText(report));
    if (values.markdown && !values.json) io.stdout.write(`Markdown report written to ${values.markdown}\n`);
    return report.passed ? 0 : 1;
  },
};

function positiveInteger(flag: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new CliError(`${flag} must be a positive whole number, got ${JSON.stringify(raw)}`);
  return n;
}
