// A Prompter for integration tests: answers quick picks, input boxes and
// warnings from a script, in order, and records every message shown. The
// extension's SwappablePrompter uses it through the exported test API — no
// module patching. A prompt that the script does not expect fails the test.
import type * as vscode from 'vscode';
import type { Prompter } from '../../../src/extension/Prompter';

export type Step =
  /** Pick the first item whose label (or description) contains this text; undefined = dismiss. */
  | { pick: string | undefined }
  /** Type this; it must pass the box's validateInput. undefined = dismiss. */
  | { input: string | undefined }
  /** Type this and expect validateInput to refuse it with a message containing `refusedWith`; the box is then dismissed. */
  | { input: string; refusedWith: string }
  /** Answer a warning/confirmation with this button (undefined = dismiss); `modal` asserts its modality. */
  | { confirm: string | undefined; modal?: boolean };

export interface ShownMessage {
  kind: 'error' | 'info' | 'warning';
  message: string;
  modal?: boolean;
  detail?: string;
}

export class ScriptedPrompter implements Prompter {
  readonly shown: ShownMessage[] = [];
  readonly opened: string[] = [];
  readonly validationMessages: string[] = [];
  readonly inputTitles: string[] = [];
  readonly pickTitles: string[] = [];
  /** The labels each quick pick offered, in order. */
  readonly pickItems: string[][] = [];
  clipboard = '';
  /** Plays the browser when the extension opens a URL (e.g. the OAuth authorize page). */
  browser: ((url: string) => Promise<void>) | undefined;
  /** Opens URLs for real too (e.g. `vscode.env.openExternal`), after recording them. */
  opener: ((uri: vscode.Uri) => Thenable<boolean>) | undefined;
  /** Picks a button of an information message (its message and buttons); none by default. */
  infoButton: ((message: string, items: string[]) => string | undefined) | undefined;
  /** The browser's run, for the test to await (and see its failures). */
  browsing: Promise<void> = Promise.resolve();
  private steps: Step[] = [];
  private failure: Error | undefined;

  script(...steps: Step[]): this {
    this.steps.push(...steps);
    return this;
  }

  /** Throws if a prompt went unanswered or some steps were never used. */
  assertDone(): void {
    if (this.failure) throw this.failure;
    if (this.steps.length) throw new Error(`unused prompt steps: ${JSON.stringify(this.steps)}`);
  }

  errors(): string[] {
    return this.shown.filter((m) => m.kind === 'error').map((m) => m.message);
  }

  private next<K extends 'pick' | 'input' | 'confirm'>(kind: K, what: string): Extract<Step, Record<K, unknown>> {
    const step = this.steps.shift();
    if (!step || !(kind in step)) {
      this.failure ??= new Error(`unexpected ${kind} prompt "${what}"; next scripted step: ${JSON.stringify(step)}`);
      throw this.failure;
    }
    return step as Extract<Step, Record<K, unknown>>;
  }

  showQuickPick<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Promise<T | undefined> {
    this.pickTitles.push(options.title ?? '');
    this.pickItems.push(items.map((i) => i.label));
    const step = this.next('pick', options.title ?? options.placeHolder ?? '');
    if (step.pick === undefined) return Promise.resolve(undefined);
    const wanted = step.pick;
    const found = items.find((i) => i.label.includes(wanted)) ?? items.find((i) => (i.description ?? '').includes(wanted));
    if (!found) {
      this.failure ??= new Error(`quick pick "${options.title ?? ''}" has no item matching "${wanted}": ${items.map((i) => i.label).join(' | ')}`);
      return Promise.reject(this.failure);
    }
    return Promise.resolve(found);
  }

  async showInputBox(options: vscode.InputBoxOptions): Promise<string | undefined> {
    this.inputTitles.push(options.title ?? '');
    const step = this.next('input', options.title ?? options.prompt ?? '');
    if (step.input === undefined) return undefined;
    const verdict = options.validateInput ? await options.validateInput(step.input) : undefined;
    const message = typeof verdict === 'string' ? verdict : (verdict?.message ?? undefined);
    if ('refusedWith' in step) {
      if (!message || !message.includes(step.refusedWith)) {
        this.failure ??= new Error(`input "${step.input}" for "${options.title ?? ''}" should be refused with "${step.refusedWith}", got ${JSON.stringify(message)}`);
        throw this.failure;
      }
      this.validationMessages.push(message);
      return undefined;
    }
    if (message) {
      this.failure ??= new Error(`input "${step.input}" for "${options.title ?? ''}" was refused: ${message}`);
      throw this.failure;
    }
    return step.input;
  }

  showWarningMessage(message: string, options: vscode.MessageOptions, ...items: string[]): Promise<string | undefined> {
    this.shown.push({ kind: 'warning', message, modal: options.modal ?? false, ...(options.detail ? { detail: options.detail } : {}) });
    // Non-modal warnings with no buttons are just notices.
    if (items.length === 0) return Promise.resolve(undefined);
    const step = this.next('confirm', message);
    if (step.modal !== undefined && step.modal !== (options.modal ?? false)) {
      this.failure ??= new Error(`confirmation "${message}" should ${step.modal ? '' : 'not '}be modal`);
      throw this.failure;
    }
    return Promise.resolve(step.confirm !== undefined && items.includes(step.confirm) ? step.confirm : undefined);
  }

  showInformationMessage(message: string, ...items: string[]): Promise<string | undefined> {
    this.shown.push({ kind: 'info', message });
    return Promise.resolve(this.infoButton?.(message, items));
  }

  showErrorMessage(message: string): Promise<string | undefined> {
    this.shown.push({ kind: 'error', message });
    return Promise.resolve(undefined);
  }

  openExternal(uri: vscode.Uri): Promise<boolean> {
    const url = uri.toString(true);
    this.opened.push(url);
    if (this.browser) this.browsing = this.browser(url);
    if (this.opener) return Promise.resolve(this.opener(uri));
    return Promise.resolve(true);
  }

  writeClipboard(text: string): Promise<void> {
    this.clipboard = text;
    return Promise.resolve();
  }
}
