import * as vscode from 'vscode';
import { type AccountInfo, type Environment, ENVIRONMENT_LABELS, accountLabel, isLive } from './Account';
import { type AccountField, normalizeBaseUrl, validateAccountField } from './validateAccountField';
import type { ExtensionDeps } from '../ExtensionDeps';
import { AccountNode } from '../merchants/AccountNode';
import { describeError } from '../../core/api/describeError';
import { registerCommand } from '../commands/registerCommand';
import { useLocalSandbox } from '../sandbox/useLocalSandbox';
import { withProgress } from '../commands/withProgress';

const FIELD_PROMPTS: Readonly<Record<AccountField, { title: string; prompt: string; password?: boolean; placeHolder?: string }>> = {
  name: { title: 'Account name', prompt: 'A name to tell this account apart in the tree', placeHolder: 'Acme sandbox' },
  baseUrl: { title: 'Base URL', prompt: 'Where the API lives (https, or http on loopback)', placeHolder: 'https://api.example.test' },
  appId: { title: 'App identifier', prompt: 'Developer tab → App identifier' },
  appSecret: { title: 'App secret', prompt: 'Developer tab → App secret (stored only in the secret storage)', password: true },
  merchantId: { title: 'Merchant id', prompt: 'Developer tab → Merchant id' },
  accessToken: { title: 'Access token', prompt: 'Developer tab → Access token (stored only in the secret storage)', password: true },
};

/** Add, edit, remove and switch accounts. */
export function registerAccountCommands(context: vscode.ExtensionContext, deps: ExtensionDeps): void {
  registerCommand(context, deps, 'gocardless.accounts.add', () => addAccount(deps));
  registerCommand(context, deps, 'gocardless.accounts.edit', (node) => editAccount(deps, node));
  registerCommand(context, deps, 'gocardless.accounts.remove', (node) => removeAccount(deps, node));
  registerCommand(context, deps, 'gocardless.accounts.switch', (node) => switchAccount(deps, node));
}

async function askField(deps: ExtensionDeps, field: AccountField, step: string, value = '', others: readonly string[] = []): Promise<string | undefined> {
  const p = FIELD_PROMPTS[field];
  const answer = await deps.prompter.showInputBox({
    title: `${step}: ${p.title}`,
    prompt: p.prompt,
    placeHolder: p.placeHolder,
    password: p.password ?? false,
    value,
    ignoreFocusOut: true,
    validateInput: (input) => validateAccountField(field, input, others),
  });
  if (answer === undefined) return undefined;
  // Validate again: a scripted prompter (tests) does not run validateInput.
  const problem = validateAccountField(field, answer, others);
  if (problem) throw new Error(`${p.title}: ${problem}`);
  return field === 'baseUrl' ? normalizeBaseUrl(answer) : answer.trim();
}

async function addAccount(deps: ExtensionDeps): Promise<AccountInfo | undefined> {
  const picked = await deps.prompter.showQuickPick(
    [
      { label: ENVIRONMENT_LABELS.local, description: 'embedded, offline, seeded data', env: 'local' as Environment },
      { label: ENVIRONMENT_LABELS.sandbox, description: 'sandbox.gocardless.com', env: 'sandbox' as Environment },
      { label: '$(warning) GoCardless LIVE', description: 'gocardless.com — real money', env: 'live' as Environment },
      { label: ENVIRONMENT_LABELS.custom, description: 'any compatible server, e.g. a sandbox from `gcdev sandbox`', env: 'custom' as Environment },
    ],
    { title: 'Add GoCardless account: environment', placeHolder: 'Where does this merchant live?', ignoreFocusOut: true },
  );
  if (!picked) return undefined;
  if (picked.env === 'local') return useLocalSandbox(deps);
  const fields: AccountField[] = ['name', ...(picked.env === 'custom' ? (['baseUrl'] as const) : []), 'appId', 'appSecret', 'merchantId', 'accessToken'];
  const values: Partial<Record<AccountField, string>> = {};
  const names = deps.accounts.list().map((a) => a.name);
  for (const [i, field] of fields.entries()) {
    const value = await askField(deps, field, `Add GoCardless account (${i + 1}/${fields.length})`, '', field === 'name' ? names : []);
    if (value === undefined) return undefined;
    values[field] = value;
  }
  const info = {
    name: values.name ?? '',
    environment: picked.env,
    appId: values.appId ?? '',
    merchantId: values.merchantId ?? '',
    ...(values.baseUrl ? { baseUrl: values.baseUrl } : {}),
  };
  const account = await deps.accounts.add(info, { appSecret: values.appSecret ?? '', accessToken: values.accessToken ?? '' });
  await checkCredentials(deps, account);
  return account;
}

/** Try the new credentials once, so a typo shows up now rather than as an error node later. */
async function checkCredentials(deps: ExtensionDeps, account: AccountInfo): Promise<void> {
  try {
    const merchant = await withProgress(`Checking ${accountLabel(account)}…`, async () => (await deps.clientFor(account)).getMerchant());
    void deps.prompter.showInformationMessage(`Added ${accountLabel(account)}: merchant "${merchant.name}".`);
  } catch (error) {
    void deps.prompter.showWarningMessage(`Added ${accountLabel(account)}, but the API refused it: ${describeError(error)}. Edit the account to fix it.`, {});
  }
}

async function pickAccount(deps: ExtensionDeps, node: unknown, title: string): Promise<AccountInfo | undefined> {
  if (node instanceof AccountNode) return deps.accounts.get(node.account.id);
  const all = deps.accounts.list();
  if (all.length === 0) {
    void deps.prompter.showInformationMessage('No GoCardless account yet: use the local sandbox or add one.');
    return undefined;
  }
  const active = deps.accounts.active();
  const picked = await deps.prompter.showQuickPick(
    all.map((account) => ({
      label: `${isLive(account) ? '$(warning) ' : ''}${accountLabel(account)}`,
      description: `${ENVIRONMENT_LABELS[account.environment]}${account.id === active?.id ? ' · active' : ''}`,
      detail: `merchant ${account.merchantId} · app ${account.appId}`,
      account,
    })),
    { title, placeHolder: 'Account' },
  );
  return picked?.account;
}

async function editAccount(deps: ExtensionDeps, node: unknown): Promise<void> {
  const account = await pickAccount(deps, node, 'Edit GoCardless account');
  if (!account) return;
  const fields: AccountField[] = ['name', ...(account.environment === 'custom' ? (['baseUrl'] as const) : []), 'appId', 'appSecret', 'merchantId', 'accessToken'];
  const picked = await deps.prompter.showQuickPick(
    fields.map((field) => ({ label: FIELD_PROMPTS[field].title, field, description: FIELD_PROMPTS[field].password ? 'secret' : String((account as unknown as Record<string, unknown>)[field] ?? '') })),
    { title: `Edit ${accountLabel(account)}`, placeHolder: 'Which field?' },
  );
  if (!picked) return;
  const secret = picked.field === 'appSecret' || picked.field === 'accessToken';
  const current = secret ? '' : String((account as unknown as Record<string, unknown>)[picked.field] ?? '');
  const others = picked.field === 'name' ? deps.accounts.list().filter((a) => a.id !== account.id).map((a) => a.name) : [];
  const value = await askField(deps, picked.field, `Edit ${accountLabel(account)}`, current, others);
  if (value === undefined) return;
  if (secret) {
    const secrets = await deps.accounts.secretsOf(account.id);
    await deps.accounts.update(account, {
      appSecret: picked.field === 'appSecret' ? value : (secrets?.appSecret ?? ''),
      accessToken: picked.field === 'accessToken' ? value : (secrets?.accessToken ?? ''),
    });
  } else {
    await deps.accounts.update({ ...account, [picked.field]: value });
  }
}

async function removeAccount(deps: ExtensionDeps, node: unknown): Promise<void> {
  const account = await pickAccount(deps, node, 'Remove GoCardless account');
  if (!account) return;
  const answer = await deps.prompter.showWarningMessage(
    `Remove the account "${accountLabel(account)}"?`,
    { modal: true, detail: 'Its app secret and access token are deleted from the secret storage. The merchant itself is not affected.' },
    'Remove',
  );
  if (answer !== 'Remove') return;
  await deps.accounts.remove(account.id);
  if (account.environment === 'local' && !deps.accounts.list().some((a) => a.environment === 'local')) await deps.sandbox.stop();
}

async function switchAccount(deps: ExtensionDeps, node: unknown): Promise<void> {
  const account = await pickAccount(deps, node, 'Switch the active GoCardless account');
  if (account) await deps.accounts.setActive(account.id);
}
