import { RESOURCE_TYPES } from '../../core/api/resourceTypes';
import { isWebhookResourceType, type WebhookDelivery } from '../../core/webhooks';
import type { ExtensionDeps } from '../ExtensionDeps';
import { describeError } from '../../core/api/describeError';

export interface CurrentStatus {
  readonly id: string;
  /** The resource's status now, from the API; null when it could not be read. */
  readonly status: string | null;
  /** Why there is no status (not found, no account…); null when there is one. */
  readonly error: string | null;
}

/** Enough for any webhook GoCardless sends; the rest say so instead of firing hundreds of requests. */
const MAX_LOOKUPS = 50;

/**
 * Each object's current status, read from the API of the account whose secret verified the
 * webhook, so the inspector can show "paid" beside a "failed" webhook that has since been
 * retried. Only a verified webhook names an account we can trust to ask.
 */
export async function currentStatuses(deps: Pick<ExtensionDeps, 'accounts' | 'clientFor'>, d: WebhookDelivery): Promise<{ account: string | null; statuses: CurrentStatus[] }> {
  const ids = d.objectIds;
  const none = (error: string) => ({ account: null, statuses: ids.map((id) => ({ id, status: null, error })) });
  const matched = d.verification.status === 'valid' ? d.verification.account : undefined;
  const account = matched ? deps.accounts.get(matched.id) : undefined;
  if (!account) return none(matched ? `The account "${matched.name}" is no longer configured.` : 'Only a verified webhook names the account to look the objects up with.');
  const get = await lookupFor(deps, account, d.resourceType);
  if (!get) return none(`No API lookup for resource type "${d.resourceType ?? 'unknown'}".`);
  const statuses = await Promise.all(ids.map(async (id, i): Promise<CurrentStatus> => {
    if (i >= MAX_LOOKUPS) return { id, status: null, error: `Not looked up: only the first ${MAX_LOOKUPS} objects are.` };
    try {
      return { id, status: await get(id), error: null };
    } catch (e) {
      return { id, status: null, error: describeError(e) };
    }
  }));
  return { account: account.name, statuses };
}

async function lookupFor(deps: Pick<ExtensionDeps, 'clientFor'>, account: Parameters<ExtensionDeps['clientFor']>[0], resourceType: string | undefined): Promise<((id: string) => Promise<string>) | undefined> {
  if (resourceType === undefined || !isWebhookResourceType(resourceType)) return undefined;
  const get = RESOURCE_TYPES[resourceType].get;
  const client = await deps.clientFor(account);
  return async (id) => (await client[get](id)).status;
}
