import { type AccountInfo, accountLabel, isLive } from '../accounts/Account';
import type { Prompter } from '../Prompter';

/**
 * Irreversible actions ask first. On a LIVE account the question is modal
 * and names the account, the resource and the amount, because it moves
 * real money.
 */
export async function confirmAction(
  prompter: Prompter,
  account: AccountInfo,
  action: { verb: string; resource: string; amount?: string; consequence: string },
): Promise<boolean> {
  const what = `${action.verb} ${action.resource}${action.amount ? ` (${action.amount})` : ''}`;
  const answer = isLive(account)
    ? await prompter.showWarningMessage(`LIVE account "${accountLabel(account)}": ${what}?`, { modal: true, detail: `${action.consequence} This is real money and cannot be undone.` }, action.verb)
    : await prompter.showWarningMessage(`${what} on "${account.name}"? ${action.consequence}`, { modal: false }, action.verb);
  return answer === action.verb;
}
