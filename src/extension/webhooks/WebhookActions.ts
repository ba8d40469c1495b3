import * as vscode from 'vscode';
import { WEBHOOK_ACTIONS, type WebhookResourceType } from '../../core/api/models';
import {
  buildTestWebhook, expectedWebhookSignature, verifyWebhookDelivery, exportFixtures, isWebhookAction, resignPayload, WebhookForwarder,
  type ForwardResult, type WebhookAccount, type WebhookDelivery,
} from '../../core/webhooks';
import { accountLabel, isLive } from '../accounts/Account';
import type { ExtensionDeps } from '../ExtensionDeps';
import { CancelledError } from '../commands/CancelledError';
import { confirmLiveSigning } from '../commands/confirmAction';
import { describeForward } from './listenerText';
import { accountThatVerified } from './signingAccount';
import type { WebhookService } from './WebhookService';

/**
 * Replay, edit-and-resend, test webhooks and fixture export: the user-facing actions on deliveries. Replay and
 * re-sign log their one line here, whichever route (the view's menu, the detail panel) asked: the delivery id, the
 * account's name, the target and its answer, never a body, a signature or a secret.
 */
export class WebhookActions {
  constructor(private readonly service: WebhookService, private readonly deps: Pick<ExtensionDeps, 'prompter' | 'log' | 'accounts'>) {}

  /** Sends the delivery to the forward URL (asking for one when none is set). */
  async replay(d: WebhookDelivery): Promise<ForwardResult> {
    const listener = this.service.listener;
    const url = listener?.forwardTo ?? await this.askAppUrl();
    let result: ForwardResult;
    if (listener && listener.store.get(d.id)) {
      result = await listener.replay(d.id, url);
    } else {
      const forwarder = new WebhookForwarder({ url });
      try { result = await forwarder.forward(d, true); } finally { forwarder.dispose(); }
    }
    this.deps.log.info(`Webhook replay of ${d.id}: ${describeForward(result)}`);
    return result;
  }

  /** Parses an edited payload (or a whole body), re-signs it with the account's secret and sends it. */
  async resignAndSend(d: WebhookDelivery | undefined, text: string, target: 'listener' | 'app'): Promise<string> {
    let parsed: unknown;
    try { parsed = JSON.parse(text); } catch (err) { throw new Error(`The edited payload is not JSON: ${err instanceof Error ? err.message : String(err)}`, { cause: err }); }
    const wrapped = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) && 'payload' in parsed ? parsed : { payload: parsed };
    const check = verifyWebhookDelivery(JSON.stringify(wrapped), []);
    if (!check.payload) throw new Error(check.verification.reason);
    const account = await this.pickAccount(accountThatVerified(d));
    const url = await this.targetUrl(target);
    await this.confirmSigning(account, 'the edited webhook', url);
    const body = JSON.stringify({ payload: resignPayload(check.payload, account.secret) });
    const message = `Re-signed with the app secret of ${account.name}; ${await this.send(body, url)}`;
    this.deps.log.info(`Webhook ${d?.id ?? '(edited)'} re-signed and sent to the ${target}: ${message}`);
    return message;
  }

  /**
   * The signature an account's secret gives to this delivery's payload, on the
   * user's click for this delivery only: shown in the detail view, never kept
   * (see expectedWebhookSignature). A live secret asks first, as signing does.
   */
  async expectedSignature(d: WebhookDelivery): Promise<{ account: string; signature: string; normalized: string }> {
    const account = await this.pickAccount(accountThatVerified(d));
    const info = this.deps.accounts.get(account.id);
    if (info && isLive(info)) {
      const show = 'Show signature';
      const answer = await this.deps.prompter.showWarningMessage(
        `LIVE account "${accountLabel(info)}": show the signature its LIVE app secret gives to this payload?`,
        { modal: true, detail: 'Whoever sent this payload chose it; with its signature it passes as a genuine GoCardless webhook. Keep it on your screen: do not paste it anywhere.' },
        show,
      );
      if (answer !== show) throw new CancelledError();
    }
    const expected = expectedWebhookSignature(d, account.secret);
    if (!expected) throw new Error('This body has no payload to sign.');
    return { account: account.name, signature: expected.signature, normalized: expected.normalized };
  }

  /** Asks for a resource type, action, ids and target, then sends a signed test webhook. */
  async sendTest(): Promise<string> {
    const type = await this.deps.prompter.showQuickPick(
      (Object.keys(WEBHOOK_ACTIONS) as WebhookResourceType[]).map((t) => ({ label: t, description: WEBHOOK_ACTIONS[t].join(', ') })),
      { title: 'Send test webhook: resource type' },
    );
    if (!type) throw new CancelledError();
    const resourceType = type.label as WebhookResourceType;
    const action = await this.deps.prompter.showQuickPick(WEBHOOK_ACTIONS[resourceType].map((a) => ({ label: a })), { title: `Send test webhook: ${resourceType} action` });
    if (!action) throw new CancelledError();
    const idsText = await this.deps.prompter.showInputBox({ title: 'Object ids (comma-separated; empty for one generated id)', value: '' });
    if (idsText === undefined) throw new CancelledError();
    const ids = idsText.split(',').map((s) => s.trim()).filter((s) => s !== '');
    const targets = [
      ...(this.service.listener ? [{ label: 'listener', description: this.service.listener.url }] : []),
      { label: 'app', description: this.service.listener?.forwardTo ?? 'your app (asks for the URL)' },
    ];
    const target = targets.length === 1 ? targets[0] : await this.deps.prompter.showQuickPick(targets, { title: 'Send it to' });
    if (!target) throw new CancelledError();
    const account = await this.pickAccount(undefined);
    if (!isWebhookAction(resourceType, action.label)) throw new CancelledError();
    const url = await this.targetUrl(target.label === 'listener' ? 'listener' : 'app');
    await this.confirmSigning(account, `a test ${resourceType} ${action.label} webhook`, url);
    const hook = buildTestWebhook({ resourceType, action: action.label, ids, secret: account.secret });
    return `Test ${resourceType} ${action.label} (${hook.ids.join(', ')}) signed for ${account.name}: ${await this.send(hook.json, url)}`;
  }

  async saveFixtures(deliveries: readonly WebhookDelivery[]): Promise<string | undefined> {
    const uri = await vscode.window.showSaveDialog({ filters: { JSON: ['json'] }, saveLabel: 'Export webhook fixtures', defaultUri: vscode.Uri.file('webhook-fixtures.json') });
    if (!uri) return undefined;
    await vscode.workspace.fs.writeFile(uri, Buffer.from(exportFixtures(deliveries), 'utf8'));
    return uri.fsPath;
  }

  private async targetUrl(target: 'listener' | 'app'): Promise<string> {
    const url = target === 'listener' ? this.service.listener?.url : this.service.listener?.forwardTo ?? await this.askAppUrl();
    if (!url) throw new Error('The webhook listener is not running; start it first.');
    return url;
  }

  /** The LIVE confirmation (modal, naming the account and the target); the local sandbox's own secret is never live. */
  private async confirmSigning(account: WebhookAccount, what: string, url: string): Promise<void> {
    const info = this.deps.accounts.get(account.id);
    if (info && !(await confirmLiveSigning(this.deps.prompter, info, what, url))) throw new CancelledError();
  }

  private async send(body: string, url: string): Promise<string> {
    const sender = new WebhookForwarder({ url });
    try {
      const r = await sender.send(body, { 'content-type': 'application/json', 'user-agent': 'gocardless-devtools' }, false);
      return r.status !== undefined ? `${url} answered ${r.status} in ${r.latencyMs} ms${r.slow ? ' (slower than 5 s)' : ''}.` : `${url} failed: ${r.error ?? ''}`;
    } finally {
      sender.dispose();
    }
  }

  private async askAppUrl(): Promise<string> {
    const url = await this.deps.prompter.showInputBox({
      title: 'Your app\'s webhook URL (set gocardless.webhooks.forwardTo to forward every delivery)',
      value: 'http://localhost:3000/webhooks',
      validateInput: (v) => /^https?:\/\/\S+$/.test(v.trim()) ? undefined : 'An http:// or https:// URL',
    });
    if (!url) throw new CancelledError();
    return url.trim();
  }

  private async pickAccount(preferred: string | undefined): Promise<WebhookAccount> {
    const accounts = await this.service.accountsWithSecrets();
    const found = preferred ? accounts.find((a) => a.id === preferred) : undefined;
    if (found) return found;
    if (accounts.length === 0) throw new Error('No account with an app secret is configured: add one (or use the local sandbox) to sign webhooks.');
    if (accounts.length === 1) return accounts[0]!;
    const label = (a: WebhookAccount): string => { const info = this.deps.accounts.get(a.id); return info ? accountLabel(info) : a.name; };
    const pick = await this.deps.prompter.showQuickPick(accounts.map((a) => ({ label: label(a), id: a.id })), { title: 'Sign with the app secret of' });
    if (!pick) throw new CancelledError();
    return accounts.find((a) => a.id === pick.id)!;
  }
}
