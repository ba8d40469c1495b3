import type * as vscode from 'vscode';
import type { AccountInfo } from './accounts/Account';
import type { AccountStore } from './accounts/AccountStore';
import type { CollectionKind } from '../core/api/resourceTypes';
import type { MerchantApi } from './api/MerchantApi';
import type { SwappablePrompter } from './Prompter';
import type { EmbeddedSandbox } from './sandbox/EmbeddedSandbox';
import type { ResourceNode } from './merchants/ResourceNode';
import type { MerchantTreeProvider } from './merchants/MerchantTreeProvider';
import type { ResourceDocuments } from './merchants/ResourceDocuments';
import type { Journey } from './walkthrough/Journey';

/** A record fetched by id, to place in the tree when no loaded page holds it. */
export interface FoundRecord {
  readonly account: AccountInfo;
  /** The merchant's collection that lists it (`RESOURCE_TYPES`' `collection`). */
  readonly kind: CollectionKind;
  readonly record: import('./merchants/CollectionState').ResourceRecord;
}

/**
 * What every `registerX(context, deps)` receives. Constructed once in
 * extension.ts; nothing here touches the network until asked.
 *
 * - `accounts`: configured accounts (non-secret part in globalState, secrets
 *   in SecretStorage); `accounts.active()`; `accounts.onDidChange`.
 * - `clientFor(account)`: a cached API client for the account (starts the
 *   embedded sandbox first for a `local` account). Throws ApiError etc.
 *   The tree, the documents and the commands all get their client here, from
 *   `ClientPool`. (Integration tests do not replace it: the test-mode
 *   `ExtensionApi.testing.serveFromSandbox` serves an account from the sandbox.)
 * - `sandbox`: the embedded local sandbox (`ensureStarted()`, `current`,
 *   `onDidChange` — e.g. to point its webhook URL at a listener).
 * - `tree`: the "Merchants" tree (`refresh(node?)`, `reload(collection)`,
 *   `findRecordNodes(id)`), shown in `treeView`; `revealResource(id)` selects
 *   a loaded node.
 * - `documents`: opens any resource as read-only JSON (`gocardless:` scheme).
 * - `prompter`: all quick picks, input boxes and messages (tests replace it).
 * - `log`: the "GoCardless" log channel (never log a secret).
 * - `journey`: walkthrough steps completed by real outcomes (a verified redirect…).
 *
 * Every property is read-only and set before the first `registerX` runs (the
 * object is frozen), so the order of the registrations does not matter.
 */
export interface ExtensionDeps {
  readonly accounts: AccountStore;
  readonly log: vscode.LogOutputChannel;
  readonly clientFor: (account: AccountInfo) => Promise<MerchantApi>;
  readonly sandbox: EmbeddedSandbox;
  readonly tree: MerchantTreeProvider;
  readonly treeView: vscode.TreeView<ResourceNode>;
  readonly documents: ResourceDocuments;
  readonly prompter: SwappablePrompter;
  readonly journey: Journey;
  /** The extension's log folder (context.logUri): the GoCardless channel's file is in it, for tests. */
  readonly logUri?: vscode.Uri;
  /**
   * Select (and expand to) a loaded node for this resource id. With `found` (the record, its kind and account),
   * a resource no loaded page holds is placed in its merchant's list first. False when there is no node.
   */
  readonly revealResource: (resourceId: string, found?: FoundRecord) => Promise<boolean>;
}
