import { parseArgs } from 'node:util';
import { WEBHOOK_ACTIONS } from '../../core/api/models';
import { appSecrets } from '../appSecret';
import { CliError, type CliCommand } from '../CliCommand';
import { buildTestWebhook, isWebhookAction, isWebhookResourceType, WebhookForwarder } from '../../core/webhooks';

const TYPES = Object.entries(WEBHOOK_ACTIONS).map(([t, actions]) => `    ${t.padEnd(18)} ${actions.join(', ')}`).join('\n');

const USAGE = `gcdev webhook send --secret S --url U --resource-type T --action A [--id ID …]
gcdev webhook build --secret S --resource-type T --action A [--id ID …]

send   posts a signed test webhook to U (your app, or gcdev listen) and prints
       the answer as JSON: status, latency_ms, body. Exit 1 unless 2xx.
build  prints the signed webhook body without sending it.

The objects come from the spec's template (bills: amount 20.0,
amount_minus_fees 19.8), one per --id, with the status the action implies.

Options:
  --secret S          app secret to sign with (default: GOCARDLESS_APP_SECRET)
  --url U             where to send it (send only)
  --resource-type T   bill, pre_authorization or subscription
  --action A          one of the actions the spec lists for T:
${TYPES}
  --id ID             an object id; repeat for several objects (default: one generated id)
  --source-id ID      a bill's subscription or pre-authorization id
  --base-url URL      base of the objects' uri (default https://gocardless.com)
  --timeout MS        give up after MS (default 30000)
`;

export const command: CliCommand = {
  name: 'webhook',
  summary: 'Build or send a signed test webhook (every action the spec lists)',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args, strict: true, allowPositionals: true,
      options: {
        secret: { type: 'string' },
        url: { type: 'string' },
        'resource-type': { type: 'string' },
        action: { type: 'string' },
        id: { type: 'string', multiple: true },
        'source-id': { type: 'string' },
        'base-url': { type: 'string' },
        timeout: { type: 'string' },
      },
    });
    const sub = positionals[0];
    if (sub !== 'send' && sub !== 'build' || positionals.length > 1) throw new CliError('expected "send" or "build" (see gcdev webhook --help)');
    const secret = appSecrets(values.secret, io)[0]!;
    const type = values['resource-type'];
    if (!type || !isWebhookResourceType(type)) throw new CliError(`--resource-type must be one of ${Object.keys(WEBHOOK_ACTIONS).join(', ')}`);
    const action = values.action;
    if (!action || !isWebhookAction(type, action)) throw new CliError(`--action for ${type} must be one of ${WEBHOOK_ACTIONS[type].join(', ')}`);
    const hook = buildTestWebhook({
      resourceType: type, action, secret,
      ...(values.id ? { ids: values.id } : {}),
      ...(values['source-id'] ? { sourceId: values['source-id'] } : {}),
      ...(values['base-url'] ? { baseUrl: values['base-url'] } : {}),
    });
    if (sub === 'build') {
      io.stdout.write(JSON.stringify(hook.body, null, 2) + '\n');
      return 0;
    }
    if (!values.url) throw new CliError('--url U is required: your app\'s webhook endpoint, or the URL gcdev listen printed');
    const timeoutMs = values.timeout === undefined ? 30_000 : Number(values.timeout);
    if (!Number.isInteger(timeoutMs) || timeoutMs < 1) throw new CliError('--timeout must be a positive whole number of milliseconds');
    let sender: WebhookForwarder;
    try { sender = new WebhookForwarder({ url: values.url, timeoutMs }); } catch (err) { throw new CliError(`--url: ${err instanceof Error ? err.message : String(err)}`); }
    try {
      const r = await sender.send(hook.json, { 'content-type': 'application/json', 'user-agent': 'gcdev-webhook' }, false);
      io.stdout.write(JSON.stringify({
        url: r.url, resource_type: type, action, ids: hook.ids,
        ...(r.status !== undefined ? { status: r.status } : { error: r.error }),
        latency_ms: r.latencyMs, body: r.body,
        ...(r.slow ? { warning: 'slower than the 5 s GoCardless waits before retrying' } : {}),
      }) + '\n');
      return r.status !== undefined && r.status >= 200 && r.status < 300 ? 0 : 1;
    } finally {
      sender.dispose();
    }
  },
};
