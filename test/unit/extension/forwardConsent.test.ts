import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import type { Prompter } from '../../../src/extension/Prompter';
import { ForwardConsent } from '../../../src/extension/webhooks/forwardConsent';

/** globalState as VS Code keeps it: a key-value store (here in memory). */
class MemoryMemento {
  private readonly values = new Map<string, unknown>();
  keys(): readonly string[] { return [...this.values.keys()]; }
  get<T>(key: string, fallback?: T): T | undefined { return (this.values.has(key) ? this.values.get(key) : fallback) as T | undefined; }
  update(key: string, value: unknown): Promise<void> { this.values.set(key, value); return Promise.resolve(); }
}

/** Answers each modal question with the next scripted button, recording what was asked. */
function answering(...answers: Array<string | undefined>): { prompter: Prompter; asked: Array<{ message: string; modal: boolean | undefined }> } {
  const asked: Array<{ message: string; modal: boolean | undefined }> = [];
  const unexpected = (): never => { throw new Error('unexpected prompt'); };
  const prompter: Prompter = {
    showWarningMessage: (message, options) => {
      asked.push({ message, modal: options.modal });
      if (answers.length === 0) throw new Error(`unexpected question: ${message}`);
      return Promise.resolve(answers.shift());
    },
    showQuickPick: unexpected, showInputBox: unexpected, showInformationMessage: unexpected, showErrorMessage: unexpected, openExternal: unexpected, writeClipboard: unexpected,
  };
  return { prompter, asked };
}

describe('ForwardConsent (ask once before forwarding to anything that is not loopback)', () => {
  it('forwards to loopback targets without asking', async () => {
    const { prompter, asked } = answering();
    const consent = new ForwardConsent(new MemoryMemento() as unknown as vscode.Memento, prompter);
    for (const url of ['http://127.0.0.1:3000/hooks', 'http://localhost:3000/hooks', 'http://[::1]:3000/hooks', 'http://127.8.0.1/x']) {
      assert.equal(await consent.approve(url), url);
    }
    assert.equal(await consent.approve(undefined), undefined);
    assert.deepEqual(asked, []);
  });

  it('asks once, modally, per origin, and remembers a refusal as well as an approval', async () => {
    const { prompter, asked } = answering('Don\'t forward', 'Forward');
    const state = new MemoryMemento();
    const consent = new ForwardConsent(state as unknown as vscode.Memento, prompter);
    assert.equal(await consent.approve('https://collector.example/a'), undefined);
    assert.equal(await consent.approve('https://collector.example/other-path'), undefined, 'same origin: remembered, not asked again');
    assert.equal(await consent.approve('http://192.0.2.7:8080/hooks'), 'http://192.0.2.7:8080/hooks');
    assert.equal(await new ForwardConsent(state as unknown as vscode.Memento, prompter).approve('http://192.0.2.7:8080/x'), 'http://192.0.2.7:8080/x', 'remembered across sessions (globalState)');
    assert.deepEqual(asked.map((a) => [a.message, a.modal]), [
      ['Forward every received webhook to https://collector.example?', true],
      ['Forward every received webhook to http://192.0.2.7:8080?', true],
    ]);
  });

  it('does not forward, nor remember, when the question is dismissed', async () => {
    const { prompter, asked } = answering(undefined, 'Forward');
    const consent = new ForwardConsent(new MemoryMemento() as unknown as vscode.Memento, prompter);
    assert.equal(await consent.approve('https://collector.example/a'), undefined);
    assert.equal(await consent.approve('https://collector.example/a'), 'https://collector.example/a', 'asked again');
    assert.equal(asked.length, 2);
  });
});
