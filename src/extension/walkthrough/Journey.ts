import * as vscode from 'vscode';

/**
 * Walkthrough steps that only a real outcome completes, not the click on the step's button:
 * a redirect whose signature verified, a resource confirmed, a webhook received and verified.
 * Each sets the context key `gocardless.journey.<step>`, which package.json names in the
 * step's completionEvents (`onContext:`).
 */
export const JOURNEY_STEPS = ['redirectVerified', 'resourceConfirmed', 'webhookReceived'] as const;
export type JourneyStep = (typeof JOURNEY_STEPS)[number];

export class Journey {
  private readonly done = new Set<JourneyStep>();

  mark(step: JourneyStep): void {
    if (this.done.has(step)) return;
    this.done.add(step);
    void vscode.commands.executeCommand('setContext', `gocardless.journey.${step}`, true);
  }

  has(step: JourneyStep): boolean {
    return this.done.has(step);
  }
}
