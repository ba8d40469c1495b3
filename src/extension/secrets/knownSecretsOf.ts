import type { KnownSecret } from '../../core/secrets';
import { accountLabel } from '../accounts/Account';
import type { AccountStore } from '../accounts/AccountStore';

/**
 * The app secrets and access tokens of the configured accounts, read from
 * SecretStorage. The local sandbox's are left out: they are generated from a
 * public seed, and fixtures that use them are not leaks.
 */
export async function knownSecretsOf(accounts: AccountStore): Promise<KnownSecret[]> {
  const known: KnownSecret[] = [];
  for (const info of accounts.list()) {
    if (info.environment === 'local') continue;
    const secrets = await accounts.secretsOf(info.id);
    if (!secrets) continue;
    const label = accountLabel(info);
    known.push({ label, role: 'app-secret', value: secrets.appSecret }, { label, role: 'access-token', value: secrets.accessToken });
  }
  return known;
}
