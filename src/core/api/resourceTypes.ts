import type { GoCardlessClient, ReadOptions } from './GoCardlessClient';
import { BILL_SOURCE_TYPES, BILL_STATUSES, MANDATE_STATUSES, WEBHOOK_OBJECTS_KEY, type WebhookResourceType } from './models';
import type { Page, PageRequest } from './Page';

/** How a list filter's value is checked and sent (see `encodeFilter`). */
export type FilterKind = 'id' | 'text' | 'time' | 'boolean' | { oneOf: readonly string[] };

/** Filters shared by bills, subscriptions and pre-authorizations (the spec's Filtering table). */
const COMMON_FILTERS = { user_id: 'id', before: 'time', after: 'time', name: 'text', description: 'text' } as const satisfies Readonly<Record<string, FilterKind>>;

/** What one listable API resource is called in each place that names it. */
export interface ResourceTypeDescriptor {
  /** The path segment under /api/v1/ and /api/v1/merchants/:id/ ("bills"); also a webhook's objects key. */
  readonly path: string;
  /** One of them, in a title: "Pre-authorization". */
  readonly label: string;
  /** The list, in a title and the tree: "Pre-authorizations". */
  readonly pluralLabel: string;
  /** The Merchants tree's name for the list: part of node ids and of `collection:<name>` context values. */
  readonly collection: string;
  /** The tree node's `kind`, which starts its contextValue (the menus' `viewItem =~ /^(bill|…)\b/`). */
  readonly kind: string;
  /** The codicon of its collection in the Merchants tree and of its webhooks in the Webhooks view. */
  readonly icon: string;
  /** The client method that lists them (GET /api/v1/merchants/:id/<path>). */
  readonly list: keyof GoCardlessClient & `list${string}`;
  /** The client method that walks every page of that list (`gcdev <path> list --all`). */
  readonly iterate: keyof GoCardlessClient & `iterate${string}`;
  /** The client method that fetches one by id, or undefined when the spec documents no GET /<path>/:id. */
  readonly get: (keyof GoCardlessClient & `get${string}`) | undefined;
  /** The spec's Filtering table for this list, in the table's order (`{}` when it lists none). */
  readonly filters: Readonly<Record<string, FilterKind>>;
  /** Its JSON carries a `uri` (the "Copy URI" menu entry). */
  readonly hasUri: boolean;
  /** Its tree node has a "Bills" child (the "Show Bills" menu entry). */
  readonly hasBills: boolean;
}

/**
 * The one table of the API's listable resource types, keyed by the spec's
 * resource type name. The client's paths, the filters it and the sandbox
 * accept, and the extension's collections, icons, go-to list, JSON documents
 * and context-menu prefixes all read it (a unit test holds package.json's
 * menus to `kind`, `hasUri` and `hasBills`). Order is the tree's order.
 */
export const RESOURCE_TYPES = {
  bill: {
    path: 'bills', label: 'Bill', pluralLabel: 'Bills', collection: 'bills', kind: 'bill', icon: 'credit-card',
    list: 'listBills', iterate: 'iterateBills', get: 'getBill', hasUri: true, hasBills: false,
    filters: {
      source_id: 'id', source_type: { oneOf: BILL_SOURCE_TYPES }, subscription_id: 'id', pre_authorization_id: 'id',
      ...COMMON_FILTERS, status: { oneOf: BILL_STATUSES }, paid: 'boolean',
    },
  },
  subscription: {
    path: 'subscriptions', label: 'Subscription', pluralLabel: 'Subscriptions', collection: 'subscriptions', kind: 'subscription', icon: 'sync',
    list: 'listSubscriptions', iterate: 'iterateSubscriptions', get: 'getSubscription', hasUri: true, hasBills: true,
    filters: { ...COMMON_FILTERS, status: { oneOf: MANDATE_STATUSES } },
  },
  pre_authorization: {
    path: 'pre_authorizations', label: 'Pre-authorization', pluralLabel: 'Pre-authorizations', collection: 'preAuthorizations', kind: 'preAuthorization', icon: 'key',
    list: 'listPreAuthorizations', iterate: 'iteratePreAuthorizations', get: 'getPreAuthorization', hasUri: true, hasBills: true,
    filters: { ...COMMON_FILTERS, status: { oneOf: MANDATE_STATUSES } },
  },
  // The spec documents no filters and no GET /users/:id: users are only listed under a merchant.
  user: {
    path: 'users', label: 'User', pluralLabel: 'Users', collection: 'users', kind: 'user', icon: 'organization',
    list: 'listUsers', iterate: 'iterateUsers', get: undefined, hasUri: false, hasBills: true,
    filters: {},
  },
  payout: {
    path: 'payouts', label: 'Payout', pluralLabel: 'Payouts', collection: 'payouts', kind: 'payout', icon: 'arrow-circle-right',
    list: 'listPayouts', iterate: 'iteratePayouts', get: 'getPayout', hasUri: false, hasBills: true,
    filters: {},
  },
} as const satisfies Readonly<Record<string, ResourceTypeDescriptor>>;

export type ResourceType = keyof typeof RESOURCE_TYPES;
type Descriptor<T extends ResourceType = ResourceType> = (typeof RESOURCE_TYPES)[T];

/** The resource types in the table's order. */
export const RESOURCE_TYPE_NAMES = Object.keys(RESOURCE_TYPES) as ResourceType[];

/** A list endpoint's path segment: 'bills' | 'subscriptions' | … */
export type ListableResource = Descriptor['path'];
/** The tree's collection names: 'bills' | 'preAuthorizations' | … */
export type CollectionKind = Descriptor['collection'];
/** The tree's record node kinds (and context value prefixes): 'bill' | 'preAuthorization' | … */
export type ResourceKind = Descriptor['kind'];

type ListMethod = Descriptor['list'];
type IterateMethod = Descriptor['iterate'];
type GetMethod = Exclude<Descriptor['get'], undefined>;

/** The client methods the table names: enough to list and fetch every resource type. */
export type ResourceReader = Pick<GoCardlessClient, ListMethod | GetMethod>;

/** Any record a list returns. */
export type ApiResource = Awaited<ReturnType<ResourceReader[ListMethod]>>['records'][number];

/** True for the names in the table ('bill', 'pre_authorization'…); false for anything read off the wire that is not. */
export function isResourceType(value: unknown): value is ResourceType {
  return typeof value === 'string' && Object.hasOwn(RESOURCE_TYPES, value);
}

/** True for a list endpoint's path segment in the table ('bills', 'pre_authorizations'…). */
export function isListableResource(value: string): value is ListableResource {
  return RESOURCE_TYPE_NAMES.some((type) => RESOURCE_TYPES[type].path === value);
}

/**
 * One page of a resource type's list. The filter is checked by the client
 * (`encodeFilter` throws a ValidationError naming a filter this list does not
 * take), so a caller holding a filter for "any list" loses no check here.
 */
export function listResources(client: ResourceReader, type: ResourceType, filter: object, page: PageRequest | undefined, options?: ReadOptions): Promise<Page<ApiResource>> {
  const list = client[RESOURCE_TYPES[type].list] as (filter: object, page: PageRequest | undefined, options?: ReadOptions) => Promise<Page<ApiResource>>;
  return list.call(client, filter, page, options);
}

/** Every record of a resource type's list, page by page (`per_page`, default 100); the filter is checked as in `listResources`. */
export function iterateResources(client: Pick<GoCardlessClient, IterateMethod>, type: ResourceType, filter: object, perPage: number | undefined, options?: ReadOptions): AsyncGenerator<ApiResource, void, undefined> {
  const iterate = client[RESOURCE_TYPES[type].iterate] as (filter: object, perPage: number | undefined, options?: ReadOptions) => AsyncGenerator<ApiResource, void, undefined>;
  return iterate.call(client, filter, perPage, options);
}

/** Fetches one resource by id, or returns undefined when the API has no GET by id for its type (users). */
export function getResource(client: ResourceReader, type: ResourceType, id: string, options?: ReadOptions): Promise<ApiResource> | undefined {
  const method = RESOURCE_TYPES[type].get;
  return method === undefined ? undefined : client[method](id, options);
}

// The webhook objects key is "the pluralize name of the resource type", the same word as its path: the compiler holds the two tables together.
WEBHOOK_OBJECTS_KEY satisfies { readonly [T in WebhookResourceType]: Descriptor<T>['path'] };
