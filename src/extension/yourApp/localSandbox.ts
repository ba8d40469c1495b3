import type { RunningSandbox } from '../../core/sandbox/SandboxOptions';
import type { ExtensionDeps } from '../ExtensionDeps';

/**
 * The embedded sandbox, started with the local account's credentials (the
 * account is added the first time). Unlike "Use local sandbox" it leaves the
 * active account alone: a debug session or a launch variable should not
 * switch what the tree shows.
 */
export async function ensureLocalSandbox(deps: Pick<ExtensionDeps, 'accounts' | 'sandbox' | 'log'>): Promise<RunningSandbox> {
  const existing = deps.accounts.list().find((a) => a.environment === 'local');
  if (existing) {
    const secrets = await deps.accounts.secretsOf(existing.id);
    return deps.sandbox.ensureStarted(secrets ? { app_id: existing.appId, merchant_id: existing.merchantId, app_secret: secrets.appSecret, access_token: secrets.accessToken } : undefined);
  }
  const sandbox = await deps.sandbox.ensureStarted();
  const c = sandbox.credentials;
  const account = await deps.accounts.add({ name: 'Local sandbox', environment: 'local', appId: c.app_id, merchantId: c.merchant_id }, { appSecret: c.app_secret, accessToken: c.access_token });
  if (!deps.accounts.active()) await deps.accounts.setActive(account.id);
  deps.log.info(`Added the local sandbox account (merchant ${c.merchant_id}) at ${sandbox.url}`);
  return sandbox;
}
