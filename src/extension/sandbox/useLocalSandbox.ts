import type { AccountInfo } from '../accounts/Account';
import type { ExtensionDeps } from '../ExtensionDeps';
import { withProgress } from '../commands/withProgress';

/**
 * Starts the embedded sandbox and makes its merchant the active account,
 * adding the account (secrets to SecretStorage) the first time.
 */
export async function useLocalSandbox(deps: Pick<ExtensionDeps, 'accounts' | 'sandbox' | 'log'>): Promise<AccountInfo> {
  const existing = deps.accounts.list().find((a) => a.environment === 'local');
  if (existing) {
    const secrets = await deps.accounts.secretsOf(existing.id);
    await withProgress('Starting the local GoCardless sandbox…', () =>
      deps.sandbox.ensureStarted(secrets ? { app_id: existing.appId, merchant_id: existing.merchantId, app_secret: secrets.appSecret, access_token: secrets.accessToken } : undefined),
    );
    await deps.accounts.setActive(existing.id);
    return existing;
  }
  const sandbox = await withProgress('Starting the local GoCardless sandbox…', () => deps.sandbox.ensureStarted());
  const c = sandbox.credentials;
  const account = await deps.accounts.add(
    { name: 'Local sandbox', environment: 'local', appId: c.app_id, merchantId: c.merchant_id },
    { appSecret: c.app_secret, accessToken: c.access_token },
  );
  await deps.accounts.setActive(account.id);
  deps.log.info(`Added the local sandbox account (merchant ${c.merchant_id}) at ${sandbox.url}`);
  return account;
}
