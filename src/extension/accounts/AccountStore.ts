import * as vscode from 'vscode';
import { randomUUID } from 'node:crypto';
import { type Account, type AccountInfo, type AccountSecrets, isAccountInfo, isAccountSecrets } from './Account';

const ACCOUNTS_KEY = 'gocardless.accounts';
const ACTIVE_KEY = 'gocardless.activeAccountId';
const secretKey = (id: string): string => `gocardless.account.${id}`;

/**
 * Accounts: the non-secret part in `globalState`, the app secret and access
 * token ONLY in `SecretStorage` (one JSON entry per account).
 */
export class AccountStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<string | undefined>();
  /** Fires after any add, update, remove (with that account's id) or switch of the active account (undefined). */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly state: vscode.Memento,
    private readonly secrets: vscode.SecretStorage,
  ) {}

  list(): AccountInfo[] {
    const raw: unknown = this.state.get(ACCOUNTS_KEY, []);
    return Array.isArray(raw) ? raw.filter(isAccountInfo) : [];
  }

  get(id: string): AccountInfo | undefined {
    return this.list().find((a) => a.id === id);
  }

  /** The active account, or the first one when none was chosen. */
  active(): AccountInfo | undefined {
    const id = this.state.get<string>(ACTIVE_KEY);
    const all = this.list();
    return all.find((a) => a.id === id) ?? all[0];
  }

  async setActive(id: string): Promise<void> {
    await this.state.update(ACTIVE_KEY, id);
    this.changed.fire(undefined);
  }

  async secretsOf(id: string): Promise<AccountSecrets | undefined> {
    const raw = await this.secrets.get(secretKey(id));
    if (raw === undefined) return undefined;
    try {
      const parsed: unknown = JSON.parse(raw);
      return isAccountSecrets(parsed) ? parsed : undefined;
    } catch {
      return undefined;
    }
  }

  /** The account with its secrets; throws if the secrets were lost (e.g. keychain reset). */
  async resolve(id: string): Promise<Account> {
    const info = this.get(id);
    if (!info) throw new Error(`Unknown account ${id}.`);
    const secrets = await this.secretsOf(id);
    if (!secrets) throw new Error(`The secrets of account "${info.name}" are missing from the secret storage; edit the account to enter them again.`);
    return { ...info, ...secrets };
  }

  async add(info: Omit<AccountInfo, 'id'>, secrets: AccountSecrets): Promise<AccountInfo> {
    const account: AccountInfo = { ...pickInfo(info), id: randomUUID() };
    await this.secrets.store(secretKey(account.id), JSON.stringify({ appSecret: secrets.appSecret, accessToken: secrets.accessToken }));
    await this.state.update(ACCOUNTS_KEY, [...this.list(), account]);
    if (this.list().length === 1) await this.state.update(ACTIVE_KEY, account.id);
    this.changed.fire(account.id);
    return account;
  }

  async update(info: AccountInfo, secrets?: AccountSecrets): Promise<void> {
    if (secrets) await this.secrets.store(secretKey(info.id), JSON.stringify({ appSecret: secrets.appSecret, accessToken: secrets.accessToken }));
    await this.state.update(
      ACCOUNTS_KEY,
      this.list().map((a) => (a.id === info.id ? { ...pickInfo(info), id: info.id } : a)),
    );
    this.changed.fire(info.id);
  }

  async remove(id: string): Promise<void> {
    await this.secrets.delete(secretKey(id));
    await this.state.update(ACCOUNTS_KEY, this.list().filter((a) => a.id !== id));
    if (this.state.get<string>(ACTIVE_KEY) === id) await this.state.update(ACTIVE_KEY, this.list()[0]?.id);
    this.changed.fire(id);
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** Copy only the declared non-secret fields, so a stray secret can never reach global state. */
function pickInfo(info: Omit<AccountInfo, 'id'>): Omit<AccountInfo, 'id'> {
  const { name, environment, baseUrl, appId, merchantId } = info;
  return { name, environment, appId, merchantId, ...(baseUrl !== undefined ? { baseUrl } : {}) };
}
