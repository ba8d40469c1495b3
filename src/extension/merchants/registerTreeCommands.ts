import * as vscode from 'vscode';
import { BILL_SOURCE_TYPES, BILL_STATUSES, MANDATE_STATUSES } from '../../core/api/models';
import { getResource, RESOURCE_TYPE_NAMES, RESOURCE_TYPES, type ResourceType } from '../../core/api/resourceTypes';
import type { ListFilter } from '../api/MerchantApi';
import type { ExtensionDeps } from '../ExtensionDeps';
import { COLLECTION_FILTERS } from './CollectionKind';
import { CollectionNode } from './CollectionNode';
import { LoadMoreNode } from './LoadMoreNode';
import type { ResourceNode } from './ResourceNode';
import { filterDateValue, validateFilterDate } from '../commands/inputRules';
import { registerCommand } from '../commands/registerCommand';
import { withProgress } from '../commands/withProgress';

/** Refresh, "Load more…", filters and "Go to Resource by ID". */
export function registerTreeCommands(context: vscode.ExtensionContext, deps: ExtensionDeps): void {
  registerCommand(context, deps, 'gocardless.merchants.refresh', () => {
    deps.tree.refresh();
    return Promise.resolve();
  });
  registerCommand(context, deps, 'gocardless.merchants.refreshNode', (node) => {
    const target = node as ResourceNode | undefined;
    if (!target) deps.tree.refresh();
    else if (target instanceof CollectionNode) deps.tree.reload(target);
    // The merchant summary is fetched by its account node: refresh from there (collections keep their pages).
    else if (target.kind === 'merchant') deps.tree.refresh(target.parent);
    else deps.tree.refresh(target);
    return Promise.resolve();
  });
  registerCommand(context, deps, 'gocardless.merchants.loadMore', async (node) => {
    const collection = node instanceof LoadMoreNode ? node.parent : node instanceof CollectionNode ? node : undefined;
    if (!collection) throw new Error('"Load more" needs a collection from the GoCardless view.');
    await deps.tree.loadMore(collection);
  });
  registerCommand(context, deps, 'gocardless.merchants.filter', (node) => filterCollection(deps, node));
  registerCommand(context, deps, 'gocardless.merchants.clearFilter', (node) => {
    if (!(node instanceof CollectionNode)) throw new Error('Choose a collection in the GoCardless view to clear its filters.');
    deps.tree.setFilter(node, {});
    return Promise.resolve();
  });
  registerCommand(context, deps, 'gocardless.merchants.goToResource', (type, id) => goToResource(deps, type, id));
}

async function filterCollection(deps: ExtensionDeps, node: unknown): Promise<void> {
  if (!(node instanceof CollectionNode) || !node.filterable) throw new Error('Choose a bills, subscriptions or pre-authorizations collection in the GoCardless view to filter it.');
  const current = deps.tree.stateOf(node).filter;
  const fields = COLLECTION_FILTERS[node.collection].filter((f) => !(node.scope && f === node.scope.by));
  const picked = await deps.prompter.showQuickPick(
    [
      ...fields.map((field) => ({ label: field, field, description: current[field] !== undefined ? `now: ${String(current[field])}` : '' })),
      ...(Object.keys(current).length ? [{ label: '$(clear-all) Clear all filters', field: undefined, description: '' }] : []),
    ],
    { title: `Filter ${node.label} (${node.account.name})`, placeHolder: 'Server-side filter (the API\'s Filtering table)' },
  );
  if (!picked) return;
  if (!picked.field) {
    deps.tree.setFilter(node, {});
    return;
  }
  const value = await askFilterValue(deps, node, picked.field);
  if (value === undefined) return;
  const next: ListFilter = { ...current };
  if (value === '') delete next[picked.field];
  else (next as Record<string, unknown>)[picked.field] = value;
  deps.tree.setFilter(node, next);
}

/** '' removes the filter; undefined means the user cancelled. */
async function askFilterValue(deps: ExtensionDeps, node: CollectionNode, field: keyof ListFilter): Promise<string | boolean | undefined> {
  const choose = async (values: readonly string[], descriptions: Record<string, string> = {}): Promise<string | undefined> =>
    (await deps.prompter.showQuickPick([...values.map((label) => ({ label, description: descriptions[label] })), { label: '(any)' }], { title: `${node.label}: ${field}` }))?.label.replace('(any)', '');
  switch (field) {
    case 'status':
      return choose(node.collection === 'bills' ? BILL_STATUSES : MANDATE_STATUSES);
    case 'source_type':
      return choose(BILL_SOURCE_TYPES);
    case 'paid': {
      // The spec: "False will include "pending" and "failed" bills. True will return "paid" and "withdrawn" bills."
      const answer = await choose(['true', 'false'], { true: 'paid and withdrawn bills', false: 'pending and failed bills' });
      return answer === undefined || answer === '' ? answer : answer === 'true';
    }
    case 'before':
    case 'after': {
      const answer = await deps.prompter.showInputBox({
        title: `${node.label}: created ${field}`,
        prompt: 'An ISO 8601 date or UTC time, e.g. 2024-01-31 or 2024-01-31T09:00:00Z (empty to remove)',
        validateInput: validateFilterDate,
      });
      if (answer === undefined || answer.trim() === '') return answer?.trim();
      return filterDateValue(answer);
    }
    default: {
      const answer = await deps.prompter.showInputBox({
        title: `${node.label}: ${field}`,
        prompt: field === 'name' || field === 'description' ? 'Exact match, as the API compares it (empty to remove)' : 'Id (empty to remove)',
      });
      return answer?.trim();
    }
  }
}

/** The types the API can fetch by id (`RESOURCE_TYPES` with a `get`): not users. */
const GO_TO_TYPES: readonly { label: string; type: ResourceType }[] = RESOURCE_TYPE_NAMES.filter((type) => RESOURCE_TYPES[type].get !== undefined).map((type) => ({ label: RESOURCE_TYPES[type].label, type }));

/** Fetch a resource of the active account by id: select it in the tree (placed in its list if not loaded), and open its JSON. */
async function goToResource(deps: ExtensionDeps, typeArg: unknown, idArg: unknown): Promise<unknown> {
  const account = deps.accounts.active();
  if (!account) throw new Error('Add a GoCardless account first.');
  const type =
    GO_TO_TYPES.find((t) => t.type === typeArg)?.type ??
    (await deps.prompter.showQuickPick(GO_TO_TYPES, { title: `Go to resource (${account.name})`, placeHolder: 'Resource type' }))?.type;
  if (!type) return undefined;
  const id =
    typeof idArg === 'string'
      ? idArg
      : (await deps.prompter.showInputBox({ title: `Go to ${type.replace('_', '-')} by id`, prompt: 'The resource id, e.g. 0NZ71WBMVF', validateInput: (v) => (/^[A-Za-z0-9_-]+$/.test(v.trim()) ? undefined : 'An id contains only letters, digits, "-" and "_".') }))?.trim();
  if (!id) return undefined;
  const resource = await withProgress(`Fetching ${type} ${id}…`, async () => {
    const client = await deps.clientFor(account);
    const fetched = getResource(client, type, id);
    // A type offered without a GET by id must not fetch something else.
    if (!fetched) throw new Error(`Go to resource: no lookup for "${type}".`);
    return fetched;
  });
  await deps.revealResource(id, { account, kind: RESOURCE_TYPES[type].collection, record: resource });
  await deps.documents.open(account, type, id, resource);
  return resource;
}
