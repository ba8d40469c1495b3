import * as vscode from 'vscode';

/**
 * Walkthrough steps completed by what the user did, by whatever route — not only by the click on the step's
 * button: an account present, bills listed in the tree, a link copied or opened, a redirect whose signature
 * verified, a resource confirmed, a webhook received and verified, a forwarding URL set. Each sets the context
 * key `gocardless.journey.<step>`, which package.json names in the step's completionEvents (`onContext:`).
 * Done steps are kept in globalState and their keys set again on activation, so they stay complete after a
 * window reload or a restart.
 */
export const JOURNEY_STEPS = [
  'accountAdded', 'billsBrowsed', 'linkCreated', 'redirectVerified', 'resourceConfirmed', 'webhookReceived', 'forwardingSet',
] as const;
export type JourneyStep = (typeof JOURNEY_STEPS)[number];

const STORAGE_KEY = 'gocardless.journey.done';

export class Journey {
  private readonly done = new Set<JourneyStep>();

  /** `memento`: where done steps are kept (the extension's globalState); none keeps them for this session only. */
  constructor(readonly memento?: vscode.Memento) {
    const kept = memento?.get<unknown>(STORAGE_KEY);
    if (!Array.isArray(kept)) return;
    for (const step of kept) {
      if (!(JOURNEY_STEPS as readonly unknown[]).includes(step)) continue;
      this.done.add(step as JourneyStep);
      void vscode.commands.executeCommand('setContext', `gocardless.journey.${step as JourneyStep}`, true);
    }
  }

  mark(step: JourneyStep): void {
    if (this.done.has(step)) return;
    this.done.add(step);
    void vscode.commands.executeCommand('setContext', `gocardless.journey.${step}`, true);
    void this.memento?.update(STORAGE_KEY, [...this.done]);
  }

  has(step: JourneyStep): boolean {
    return this.done.has(step);
  }
}
