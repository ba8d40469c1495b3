// Shared helpers for integration tests running inside the real extension host.
// Each test file is bundled on its own, but they all talk to the same activated
// extension instance, so state shared through its exported API is real.
import * as vscode from 'vscode';

export const EXTENSION_ID = 'gocardless-devtools.gocardless-devtools';

export function ourExtension(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension<unknown>(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not installed in this host`);
  return ext;
}

/**
 * Activates the extension (idempotent) and returns what activate() returned, as
 * `unknown`: narrow it with a type guard in the test that needs a member.
 */
export async function activateExtension(): Promise<unknown> {
  const ext = ourExtension();
  return ext.isActive ? ext.exports : await ext.activate();
}

export interface WaitForOptions {
  timeoutMs?: number;
  intervalMs?: number;
  /** Says what was awaited, for the failure message. */
  message?: string;
}

/**
 * Polls `predicate` until it returns a truthy value (returned) or the timeout
 * passes (rejects naming what was awaited). For conditions that have no event.
 */
export async function waitFor<T>(
  predicate: () => T | Promise<T>,
  { timeoutMs = 10_000, intervalMs = 25, message = 'condition' }: WaitForOptions = {},
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await predicate();
      if (value) return value as NonNullable<T>;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() >= deadline) {
      const why = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${message}${why}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** True when `value` is an object with `key` — for narrowing the exported API. */
export function hasKey<K extends string>(value: unknown, key: K): value is Record<K, unknown> {
  return typeof value === 'object' && value !== null && key in value;
}
