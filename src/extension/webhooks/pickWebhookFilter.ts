import { WEBHOOK_ACTIONS, type WebhookResourceType } from '../../core/api/models';
import type { ExtensionDeps } from '../ExtensionDeps';
import { CancelledError } from '../commands/CancelledError';
import type { WebhookFilter } from './WebhookFilter';

/** The Webhooks view's filter the user picks: all, by validity, type, action, or text; cancelling throws CancelledError. */
export async function pickWebhookFilter(deps: Pick<ExtensionDeps, 'prompter'>, current: WebhookFilter): Promise<WebhookFilter> {
  const types = (Object.keys(WEBHOOK_ACTIONS) as WebhookResourceType[]);
  const items = [
    { label: 'All', filter: {} as WebhookFilter },
    { label: 'Valid only', filter: { ...current, validity: 'valid' } as WebhookFilter },
    { label: 'Not valid only', filter: { ...current, validity: 'not-valid' } as WebhookFilter },
    ...types.map((t) => ({ label: `Type: ${t}`, filter: { ...current, resourceType: t, action: undefined } as WebhookFilter })),
    ...types.flatMap((t) => WEBHOOK_ACTIONS[t].map((a) => ({ label: `Action: ${t} ${a}`, filter: { ...current, resourceType: t, action: a } as WebhookFilter }))),
    { label: 'Text…', filter: undefined },
  ];
  const pick = await deps.prompter.showQuickPick(items, { title: 'Filter webhook deliveries' });
  if (!pick) throw new CancelledError();
  if (pick.filter) return pick.filter;
  const text = await deps.prompter.showInputBox({ title: 'Show deliveries containing (ids, body, path)', value: current.text ?? '' });
  if (text === undefined) throw new CancelledError();
  return { ...current, text: text.trim() || undefined };
}
