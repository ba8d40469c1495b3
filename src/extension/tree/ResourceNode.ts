import type { AccountNode } from './AccountNode';
import type { BillNode } from './BillNode';
import type { CollectionNode } from './CollectionNode';
import type { LoadMoreNode } from './LoadMoreNode';
import type { MerchantNode } from './MerchantNode';
import type { MessageNode } from './MessageNode';
import type { PayoutNode } from './PayoutNode';
import type { PreAuthorizationNode } from './PreAuthorizationNode';
import type { SubscriptionNode } from './SubscriptionNode';
import type { UserNode } from './UserNode';

/** Every node of the "Merchants" view; commands receive one of these as their first argument. */
export type ResourceNode =
  | AccountNode
  | MerchantNode
  | CollectionNode
  | BillNode
  | SubscriptionNode
  | PreAuthorizationNode
  | UserNode
  | PayoutNode
  | LoadMoreNode
  | MessageNode;

/** Nodes that stand for one API resource (they open as JSON, copy an id…). */
export type RecordNode = BillNode | SubscriptionNode | PreAuthorizationNode | UserNode | PayoutNode;

export function isRecordNode(node: ResourceNode): node is RecordNode {
  return node.kind === 'bill' || node.kind === 'subscription' || node.kind === 'preAuthorization' || node.kind === 'user' || node.kind === 'payout';
}
