import type * as vscode from 'vscode';
import type { ConnectResourceType } from '../../core/api/models';
import type { LinkForm } from '../../core/protocol';
import { checkAmount } from '../../core/validation';
import type { ExtensionDeps } from '../ExtensionDeps';
import { openLink } from './externalLink';
import { formatExpiry } from '../present/formatExpiry';
import { buildLinkFromForm } from './linkBuilderHandlers';
import type { LinkBuilderSession } from './LinkBuilderSession';

interface TypeItem extends vscode.QuickPickItem { type: ConnectResourceType }
interface IntervalItem extends vscode.QuickPickItem { length: string; unit: 'day' | 'week' | 'month' }

const TYPES: readonly TypeItem[] = [
  { label: 'One-off bill', description: 'bill', type: 'bill' },
  { label: 'Subscription', description: 'subscription', type: 'subscription' },
  { label: 'Pre-authorization', description: 'pre_authorization', type: 'pre_authorization' },
];
const INTERVALS: readonly IntervalItem[] = [
  { label: 'Every month', length: '1', unit: 'month' },
  { label: 'Every week', length: '1', unit: 'week' },
  { label: 'Every year', description: '12 months', length: '12', unit: 'month' },
  { label: 'Every day', length: '1', unit: 'day' },
];

/**
 * "Quick Payment Link…" (its own name: typing "Create Payment Link"
 * in the palette must find only the builder): type → amount → (interval) → name → the
 * signed URL is copied. Keyboard only; each step validated with core's rules.
 * Returns the URL (tests read it), or undefined when cancelled.
 */
export async function createPaymentLinkQuick(deps: ExtensionDeps, session: LinkBuilderSession): Promise<string | undefined> {
  const account = deps.accounts.active();
  if (!account) {
    await deps.prompter.showErrorMessage('Add a GoCardless account first (the GoCardless view → Add Account…, or use the local sandbox).');
    return undefined;
  }
  const type = await deps.prompter.showQuickPick(TYPES, { title: `Payment link for ${account.name} (1/3)`, placeHolder: 'What should the customer set up?' });
  if (!type) return undefined;
  const amountField = type.type === 'pre_authorization' ? 'max_amount' : 'amount';
  const amount = await deps.prompter.showInputBox({
    title: `Payment link (2/3): ${type.type === 'pre_authorization' ? 'maximum amount per interval' : 'amount'}`,
    prompt: 'In pounds (or euros), e.g. 10.00',
    validateInput: (v) => checkAmount(`${type.type}[${amountField}]`, v.trim())?.message ?? null,
  });
  if (amount === undefined) return undefined;
  const fields: LinkForm['fields'] = { [amountField]: amount.trim() };
  if (type.type !== 'bill') {
    const interval = await deps.prompter.showQuickPick(INTERVALS, { title: 'Payment link: interval', placeHolder: 'How often?' });
    if (!interval) return undefined;
    fields.interval_length = interval.length;
    fields.interval_unit = interval.unit;
  }
  const name = await deps.prompter.showInputBox({ title: 'Payment link (3/3): name (optional)', prompt: 'Shown to the customer beside the amount, e.g. an invoice reference' });
  if (name === undefined) return undefined;
  if (name.trim() !== '') fields.name = name.trim();

  const link = buildLinkFromForm({ resourceType: type.type, fields }, await session.signingAccount(account.id));
  await deps.prompter.writeClipboard(link.url);
  deps.journey.mark('linkCreated');
  deps.log.info(`Payment link copied (${link.resourceType}, expires ${link.expiresAt})`);
  void deps.prompter.showInformationMessage(`Payment link copied. It expires ${formatExpiry(link.expiresAt, Date.now())}.`, 'Open in browser').then(async (choice) => {
    if (choice === 'Open in browser') await openLink(deps.prompter, link.url);
  });
  return link.url;
}
