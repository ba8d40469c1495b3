import { RESOURCE_TYPE_NAMES, RESOURCE_TYPES } from '../../core/api/resourceTypes';
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

/** The record node kinds, one per `RESOURCE_TYPES` entry (the compiler refuses a kind no node class has). */
const RECORD_KINDS: ReadonlySet<string> = new Set<RecordNode['kind']>(RESOURCE_TYPE_NAMES.map((type) => RESOURCE_TYPES[type].kind));

export function isRecordNode(node: ResourceNode): node is RecordNode {
  return RECORD_KINDS.has(node.kind);
}
