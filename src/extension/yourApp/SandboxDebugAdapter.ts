import * as vscode from 'vscode';
import { checkLaunchConfiguration, type SandboxLaunchConfiguration } from '../../core/launch/checkLaunchConfiguration';
import type { ExtensionDeps } from '../ExtensionDeps';
import type { WebhookService } from '../webhooks/WebhookService';
import { ensureLocalSandbox } from '../sandbox/useLocalSandbox';

interface DapRequest { readonly seq: number; readonly type: 'request'; readonly command: string; readonly arguments?: Record<string, unknown> }

/**
 * A debug session that is the local sandbox plus the webhook listener: there is
 * no program to step through, so the adapter answers the Debug Adapter
 * Protocol's few lifecycle requests itself (in the extension host, no process)
 * and prints where everything listens to the Debug Console. Ending the session
 * stops the listener it started and restores the forwarding it replaced.
 */
export class SandboxDebugAdapter implements vscode.DebugAdapter {
  private readonly sent = new vscode.EventEmitter<vscode.DebugProtocolMessage>();
  readonly onDidSendMessage = this.sent.event;
  private seq = 1;
  private startedListener = false;
  private replacedForwardTo: { readonly url: string | undefined } | undefined;

  constructor(private readonly deps: ExtensionDeps, private readonly webhooks: WebhookService) {}

  handleMessage(message: vscode.DebugProtocolMessage): void {
    const request = message as DapRequest;
    if (request.type !== 'request') return;
    void this.handle(request).then(
      (body) => this.respond(request, true, body),
      (error: unknown) => {
        const text = error instanceof Error ? error.message : String(error);
        this.output(`GoCardless: ${text}\n`, 'stderr');
        this.respond(request, false, { error: { id: 1, format: text, showUser: true } }, text);
      },
    );
  }

  private async handle(request: DapRequest): Promise<unknown> {
    switch (request.command) {
      case 'initialize':
        queueMicrotask(() => this.event('initialized'));
        return { supportsConfigurationDoneRequest: true, supportsTerminateRequest: true };
      case 'launch':
        return this.launch(checkLaunchConfiguration(request.arguments ?? {}));
      case 'threads':
        return { threads: [] };
      case 'disconnect':
      case 'terminate':
        await this.stop();
        if (request.command === 'terminate') queueMicrotask(() => this.event('terminated'));
        return undefined;
      default:
        // setBreakpoints, configurationDone and the like: there is nothing to configure.
        return undefined;
    }
  }

  private async launch(config: SandboxLaunchConfiguration): Promise<void> {
    const sandbox = await ensureLocalSandbox(this.deps);
    this.output(`Local sandbox: ${sandbox.url} (merchant ${sandbox.credentials.merchant_id})\n`);
    if (config.redirectUri) {
      await sandbox.setRedirectUris({ redirectUri: config.redirectUri });
      this.output(`Connect redirect URI: ${config.redirectUri}\n`);
    }
    const running = this.webhooks.listener;
    const listener = running ?? await this.webhooks.start();
    this.startedListener = !running;
    if (config.forwardTo) {
      this.replacedForwardTo = { url: listener.forwardTo };
      listener.setForwardTo(config.forwardTo);
    }
    this.output(`Webhook listener: ${listener.url}${listener.forwardTo ? ` → ${listener.forwardTo}` : ''} (the sandbox's webhooks arrive here)\n`);
    this.deps.log.info(`Debug session: sandbox ${sandbox.url}, listener ${listener.url}${listener.forwardTo ? ` forwarding to ${listener.forwardTo}` : ''}`);
  }

  private async stop(): Promise<void> {
    const listener = this.webhooks.listener;
    if (listener && this.replacedForwardTo) listener.setForwardTo(this.replacedForwardTo.url);
    this.replacedForwardTo = undefined;
    if (this.startedListener) await this.webhooks.stop();
    this.startedListener = false;
  }

  private respond(request: DapRequest, success: boolean, body: unknown, message?: string): void {
    this.sent.fire({ seq: this.seq++, type: 'response', request_seq: request.seq, command: request.command, success, ...(body !== undefined ? { body } : {}), ...(message ? { message } : {}) } as vscode.DebugProtocolMessage);
  }

  private event(event: string, body?: unknown): void {
    this.sent.fire({ seq: this.seq++, type: 'event', event, ...(body !== undefined ? { body } : {}) } as vscode.DebugProtocolMessage);
  }

  private output(text: string, category: 'console' | 'stderr' = 'console'): void {
    this.event('output', { category, output: text });
  }

  dispose(): void {
    void this.stop();
    this.sent.dispose();
  }
}
