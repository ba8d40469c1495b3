import type { AccountInfo } from '../accounts/Account';
import type { ExtensionDeps, FoundRecord } from '../ExtensionDeps';
import type { ResourceRecord } from './CollectionState';

/**
 * Shows `message` with a "Reveal" button that selects the resource in the Merchants view — placed in its list
 * when no loaded page holds it — so a bill just confirmed or created is one click away. Resolves once the
 * message is answered; a failure to fetch or reveal is shown, never swallowed.
 */
export async function offerReveal(
  deps: ExtensionDeps,
  message: string,
  target: { account: AccountInfo; kind: FoundRecord['kind']; id: string; fetch: () => Promise<ResourceRecord> },
): Promise<boolean> {
  const choice = await deps.prompter.showInformationMessage(message, 'Reveal');
  if (choice !== 'Reveal') return false;
  try {
    const record = await target.fetch();
    if (await deps.revealResource(target.id, { account: target.account, kind: target.kind, record })) return true;
    void deps.prompter.showWarningMessage(`${target.id} is not in the Merchants view: is the account "${target.account.name}" still there?`, {});
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    deps.log.error(`reveal ${target.id}: ${why}`);
    void deps.prompter.showErrorMessage(`Could not reveal ${target.id}: ${why}`);
  }
  return false;
}
