import type { AccountInfo } from '../accounts/Account';
import type { MerchantApi } from '../api/MerchantApi';
import type { CollectionState } from './CollectionState';
import type { CollectionNode } from './CollectionNode';
import type { ResourceNode } from './ResourceNode';

/** What nodes need from the tree to build their children. */
export interface TreeContext {
  clientFor(account: AccountInfo): Promise<MerchantApi>;
  /** The loaded pages of a collection (kept across refreshes of its parents). */
  stateOf(node: CollectionNode): CollectionState;
  /** Returns the node already shown under this id (data updated), so change events reach VS Code's instance. */
  intern<T extends ResourceNode>(node: T): T;
  readonly pageSize: number;
  /** `gocardless.tree.order`: newest first (the default; pages read from the last backwards) or the API's order. */
  readonly newestFirst: boolean;
  /** Bound on pages scanned per "Load more" when looking for a payout's bills. */
  readonly payoutScanPages: number;
}
