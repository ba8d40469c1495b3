import type { RunningSandbox } from '../../core/sandbox/SandboxOptions';
import type { ExtensionDeps } from '../ExtensionDeps';
import { startLocalSandbox } from '../sandbox/useLocalSandbox';

/**
 * The embedded sandbox for a debug session or a launch variable. Unlike "Use
 * local sandbox" it leaves the active account alone (it should not switch what
 * the tree shows), unless there was none and the local account was just added.
 */
export async function ensureLocalSandbox(deps: Pick<ExtensionDeps, 'accounts' | 'sandbox' | 'log'>): Promise<RunningSandbox> {
  const { sandbox, account, added } = await startLocalSandbox(deps);
  if (added && !deps.accounts.active()) await deps.accounts.setActive(account.id);
  return sandbox;
}
