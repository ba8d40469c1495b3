import type * as vscode from 'vscode';
import { isLoopbackHost } from '../../core/webhooks';
import type { Prompter } from '../Prompter';

const KEY = 'gocardless.webhooks.forwardConsent';
type Answers = Record<string, 'forward' | 'refuse'>;

/**
 * Forwarding sends every received webhook (signed payloads, customer data) to
 * the target. To loopback that is the user's own app; to anything else the
 * user is asked once per target origin, in a modal, and the answer is kept in
 * globalState (this machine, not the workspace).
 */
export class ForwardConsent {
  constructor(private readonly state: vscode.Memento, private readonly prompter: Prompter) {}

  /** The target to forward to, or undefined when the user refused (or dismissed the question). */
  async approve(target: string | undefined): Promise<string | undefined> {
    if (target === undefined) return undefined;
    let origin: string;
    try {
      const url = new URL(target);
      if (isLoopbackHost(url.hostname.replace(/^\[|\]$/g, ''))) return target;
      origin = url.origin;
    } catch {
      // The listener reports an invalid URL itself.
      return target;
    }
    const answers = this.state.get<Answers>(KEY, {});
    const known = answers[origin];
    if (known !== undefined) return known === 'forward' ? target : undefined;
    const choice = await this.prompter.showWarningMessage(
      `Forward every received webhook to ${origin}?`,
      { modal: true, detail: `gocardless.webhooks.forwardTo points at ${origin}, which is not this machine. Each webhook body (payloads, customer and bill data) would be sent there. The answer is remembered for this address.` },
      'Forward', 'Don\'t forward',
    );
    if (choice === undefined) return undefined;
    await this.state.update(KEY, { ...answers, [origin]: choice === 'Forward' ? 'forward' : 'refuse' });
    return choice === 'Forward' ? target : undefined;
  }
}
