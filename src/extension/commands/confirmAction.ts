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

export const SIGN_AND_SEND = 'Sign and send';

/**
 * Signing with a LIVE app secret mints what GoCardless itself would send:
 * whoever receives it can replay it as a genuine webhook. On a LIVE account
 * it asks the same modal question as the money-moving actions, naming the
 * account and where the signed body goes; on other accounts it does not ask.
 */
export async function confirmLiveSigning(prompter: Prompter, account: Pick<AccountInfo, 'name' | 'environment'>, what: string, target: string): Promise<boolean> {
  if (!isLive(account)) return true;
  const answer = await prompter.showWarningMessage(
    `LIVE account "${accountLabel(account)}": sign ${what} with its LIVE app secret and send it to ${target}?`,
    { modal: true, detail: 'A payload signed with the live app secret passes as a genuine GoCardless webhook anywhere it is replayed. Use a sandbox account unless you mean to test live.' },
    SIGN_AND_SEND,
  );
  return answer === SIGN_AND_SEND;
}
