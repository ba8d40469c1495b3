import type * as vscode from 'vscode';
import type { AccountInfo } from './accounts/Account';
import type { AccountStore } from './accounts/AccountStore';
import type { MerchantApi } from './api/MerchantApi';
import type { SwappablePrompter } from './Prompter';
import type { EmbeddedSandbox } from './sandbox/EmbeddedSandbox';
import type { ResourceTreeProvider } from './tree/ResourceTreeProvider';
import type { ResourceDocuments } from './documents/ResourceDocuments';
import type { Journey } from './walkthrough/Journey';

/**
 * What every `registerX(context, deps)` receives. Constructed once in
 * extension.ts; nothing here touches the network until asked.
 *
 * - `accounts`: configured accounts (non-secret part in globalState, secrets
 *   in SecretStorage); `accounts.active()`; `accounts.onDidChange`.
 * - `clientFor(account)`: a cached API client for the account (starts the
 *   embedded sandbox first for a `local` account). Throws ApiError etc.
 *   Everything (tree, documents, commands) calls through this property, so
 *   it is the one seam an integration test may redirect (e.g. a LIVE-marked
 *   account served by the local sandbox, to test live confirmations offline).
 * - `sandbox`: the embedded local sandbox (`ensureStarted()`, `current`,
 *   `onDidChange` — e.g. to point its webhook URL at a listener).
 * - `tree`: the "Merchants" tree (`refresh(node?)`, `reload(collection)`,
 *   `findRecordNodes(id)`); `revealResource(id)` selects a loaded node.
 * - `documents`: opens any resource as read-only JSON (`gocardless:` scheme).
 * - `prompter`: all quick picks, input boxes and messages (tests replace it).
 * - `log`: the "GoCardless" log channel (never log a secret).
 * - `journey`: walkthrough steps completed by real outcomes (a verified redirect…).
 */
/** A record fetched by id, to place in the tree when no loaded page holds it. */
export interface FoundRecord {
  readonly account: AccountInfo;
  readonly kind: 'bills' | 'subscriptions' | 'preAuthorizations' | 'users' | 'payouts';
  readonly record: import('./tree/CollectionState').ResourceRecord;
}

export interface ExtensionDeps {
  readonly accounts: AccountStore;
  readonly log: vscode.LogOutputChannel;
  clientFor: (account: AccountInfo) => Promise<MerchantApi>;
  readonly sandbox: EmbeddedSandbox;
  readonly tree: ResourceTreeProvider;
  readonly documents: ResourceDocuments;
  readonly prompter: SwappablePrompter;
  readonly journey: Journey;
  /**
   * Select (and expand to) a loaded node for this resource id. With `found` (the record, its kind and account),
   * a resource no loaded page holds is placed in its merchant's list first. False when there is no node.
   */
  revealResource(resourceId: string, found?: FoundRecord): Promise<boolean>;
  /** The Requests view (set by registerRequests). */
  requests?: import('./requests/registerRequests').RequestsView;
  /** Set once the tree view exists (registerResourceTree). */
  treeView: vscode.TreeView<import('./tree/ResourceNode').ResourceNode> | undefined;
  /** The extension's log folder (context.logUri): the GoCardless channel's file is in it, for tests. */
  readonly logUri?: vscode.Uri;
  /** Set once the Webhooks view exists (registerWebhooks). */
  webhooksView?: vscode.TreeView<import('./webhooks/WebhookDeliveryNode').WebhookTreeNode> | undefined;
  /** Its rows (what VS Code is given), for tests. */
  webhooksTree?: import('./webhooks/WebhookTreeProvider').WebhookTreeProvider | undefined;
}
