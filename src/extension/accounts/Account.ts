/**
 * An account: one merchant reached through one app, in one environment.
 * Only `AccountInfo` is stored in global state; `AccountSecrets` live in
 * SecretStorage alone. This module has no `vscode` import so plain-Node
 * tests and the CLI can share it.
 */
import { ENVIRONMENT_BASE_URLS } from '../../core/api/models';

export const ENVIRONMENTS = ['local', 'sandbox', 'live', 'custom'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

export const ENVIRONMENT_LABELS: Readonly<Record<Environment, string>> = {
  local: 'Local sandbox',
  sandbox: 'GoCardless sandbox',
  live: 'GoCardless LIVE',
  custom: 'Custom base URL',
};

export interface AccountInfo {
  /** Stable key, also used in SecretStorage keys and tree ids. */
  readonly id: string;
  readonly name: string;
  readonly environment: Environment;
  /** Only for `custom`; `local` resolves to the embedded sandbox's current URL. */
  readonly baseUrl?: string;
  readonly appId: string;
  readonly merchantId: string;
}

export interface AccountSecrets {
  readonly appSecret: string;
  readonly accessToken: string;
}

export type Account = AccountInfo & AccountSecrets;

export function isLive(account: Pick<AccountInfo, 'environment'>): boolean {
  return account.environment === 'live';
}

/** Base URL for named environments and custom ones; `local` has none until the sandbox runs. */
export function fixedBaseUrl(account: Pick<AccountInfo, 'environment' | 'baseUrl'>): string | undefined {
  switch (account.environment) {
    case 'live':
      return ENVIRONMENT_BASE_URLS.live;
    case 'sandbox':
      return ENVIRONMENT_BASE_URLS.sandbox;
    case 'custom':
      return account.baseUrl;
    case 'local':
      return undefined;
  }
}

/** "Acme (LIVE)" style label used in prompts, so live data is never ambiguous. */
export function accountLabel(account: Pick<AccountInfo, 'name' | 'environment'>): string {
  return isLive(account) ? `${account.name} (LIVE)` : account.name;
}

/** Type guard for what comes back out of global state (it may be from an older version). */
export function isAccountInfo(value: unknown): value is AccountInfo {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.id === 'string' &&
    typeof v.name === 'string' &&
    typeof v.environment === 'string' &&
    (ENVIRONMENTS as readonly string[]).includes(v.environment) &&
    (v.baseUrl === undefined || typeof v.baseUrl === 'string') &&
    typeof v.appId === 'string' &&
    typeof v.merchantId === 'string'
  );
}

export function isAccountSecrets(value: unknown): value is AccountSecrets {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.appSecret === 'string' && typeof v.accessToken === 'string';
}
