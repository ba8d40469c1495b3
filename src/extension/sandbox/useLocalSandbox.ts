import type { RunningSandbox } from '../../core/sandbox/SandboxOptions';
import type { AccountInfo } from '../accounts/Account';
import type { ExtensionDeps } from '../ExtensionDeps';
import { withProgress } from '../commands/withProgress';

type LocalSandboxDeps = Pick<ExtensionDeps, 'accounts' | 'sandbox' | 'log'>;

/**
 * The embedded sandbox, started with the local account's credentials (same
 * seed → same data, and the stored tokens keep working), the account added
 * (secrets to SecretStorage) the first time. `added` says it was just added.
 */
export async function startLocalSandbox(deps: LocalSandboxDeps): Promise<{ sandbox: RunningSandbox; account: AccountInfo; added: boolean }> {
  const existing = deps.accounts.list().find((a) => a.environment === 'local');
  if (existing) {
    const secrets = await deps.accounts.secretsOf(existing.id);
    const sandbox = await deps.sandbox.ensureStarted(secrets ? { app_id: existing.appId, merchant_id: existing.merchantId, app_secret: secrets.appSecret, access_token: secrets.accessToken } : undefined);
    return { sandbox, account: existing, added: false };
  }
  const sandbox = await deps.sandbox.ensureStarted();
  const c = sandbox.credentials;
  const account = await deps.accounts.add(
    { name: 'Local sandbox', environment: 'local', appId: c.app_id, merchantId: c.merchant_id },
    { appSecret: c.app_secret, accessToken: c.access_token },
  );
  deps.log.info(`Added the local sandbox account (merchant ${c.merchant_id}) at ${sandbox.url}`);
  return { sandbox, account, added: true };
}

/** "Use Local Sandbox": starts the embedded sandbox and makes its merchant the active account. */
export async function useLocalSandbox(deps: LocalSandboxDeps): Promise<AccountInfo> {
  const { account } = await withProgress('Starting the local GoCardless sandbox…', () => startLocalSandbox(deps));
  await deps.accounts.setActive(account.id);
  return account;
}

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
