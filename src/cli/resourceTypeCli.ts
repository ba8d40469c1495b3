import { BILL_SOURCE_TYPES, BILL_STATUSES, MANDATE_STATUSES } from '../core/api/models';
import type { ResourceType } from '../core/api/resourceTypes';
import { printJson } from './apiCall';
import type { ResourceAction } from './resourceCommand';

/**
 * What `gcdev <resource>` says and does beyond what its RESOURCE_TYPES row gives
 * (`list`, `get` and the filter flags come from the row, see resourceTypeCommand.ts).
 * A resource type without an entry still gets its command, with plain help.
 */
export interface ResourceTypeCli {
  /** What `gcdev --help` calls them after the verbs; the plural label in lower case by default. */
  readonly what?: string;
  /** What the spec says about the resource, a line or two, for --help. */
  readonly about?: string;
  /** Lines explaining the filter flags, printed after the list of them. */
  readonly filterNotes?: string;
  /** The spec's actions on the resource beyond list and get, in --help order. */
  readonly actions?: Readonly<Record<string, ResourceAction>>;
}

const TIME_NOTE = '  --before T, --after T   created before/after an ISO 8601 time, e.g. 2011-11-17T15:00:23Z';
const MANDATE_NOTES = `  --status S              ${MANDATE_STATUSES.join(', ')}\n${TIME_NOTE}`;

export const RESOURCE_TYPE_CLI: { readonly [T in ResourceType]?: ResourceTypeCli } = {
  bill: {
    about: `Bills are the payments taken from a customer: one-off, or under a subscription or
a pre-authorization. "list" is GET /api/v1/merchants/:id/bills; the actions are the
spec's "Create a bill under a pre-auth", retry, cancel and refund.`,
    filterNotes: `  --status S              ${BILL_STATUSES.join(', ')}
  --paid true|false       true: paid and withdrawn bills; false: pending and failed bills
  --source-type T         ${BILL_SOURCE_TYPES.join(', ')}
${TIME_NOTE}
  --name N, --description D   exact match`,
    actions: {
      create: {
        synopsis: '--pre-authorization-id P --amount X [--name N] [--description D] [--charge-customer-at YYYY-MM-DD]',
        summary: 'a bill under a pre-authorization', changes: true,
        options: {
          'pre-authorization-id': { type: 'string' }, amount: { type: 'string' }, name: { type: 'string' },
          description: { type: 'string' }, 'charge-customer-at': { type: 'string' },
        },
        run: async ({ client, io, values }) => {
          const text = (key: string): string | undefined => (typeof values[key] === 'string' ? values[key] : undefined);
          const name = text('name');
          const description = text('description');
          const chargeAt = text('charge-customer-at');
          printJson(io, await client.createBill({
            pre_authorization_id: text('pre-authorization-id') ?? '', amount: text('amount') ?? '',
            ...(name === undefined ? {} : { name }), ...(description === undefined ? {} : { description }),
            ...(chargeAt === undefined ? {} : { charge_customer_at: chargeAt }),
          }));
          return 0;
        },
      },
      retry: { synopsis: 'ID', summary: 'resubmit a failed bill (can_be_retried)', takesId: true, changes: true, run: async ({ client, io, id }) => { printJson(io, await client.retryBill(id)); return 0; } },
      cancel: { synopsis: 'ID', summary: 'cancel a pending bill (can_be_cancelled)', takesId: true, changes: true, run: async ({ client, io, id }) => { printJson(io, await client.cancelBill(id)); return 0; } },
      refund: { synopsis: 'ID', summary: 'refund a paid bill (can_be_refunded; refunds must be enabled on the account)', takesId: true, changes: true, run: async ({ client, io, id }) => { printJson(io, await client.refundBill(id)); return 0; } },
    },
  },
  subscription: {
    about: 'Subscriptions bill a customer a fixed amount every interval until cancelled or expired.',
    filterNotes: MANDATE_NOTES,
    actions: {
      cancel: { synopsis: 'ID', summary: 'cancel it: no further bills', takesId: true, changes: true, run: async ({ client, io, id }) => { printJson(io, await client.cancelSubscription(id)); return 0; } },
    },
  },
  pre_authorization: {
    about: `Pre-authorizations let the merchant bill a customer variable amounts up to
max_amount per interval (see gcdev bills create).`,
    filterNotes: MANDATE_NOTES,
    actions: {
      cancel: { synopsis: 'ID', summary: 'cancel it: no further bills under it', takesId: true, changes: true, run: async ({ client, io, id }) => { printJson(io, await client.cancelPreAuthorization(id)); return 0; } },
    },
  },
  user: {
    what: 'the merchant\'s customers',
    about: 'Users are the merchant\'s customers. The spec documents no filters for them and no GET of one user.',
  },
  payout: {
    what: 'payouts to the merchant\'s bank account',
    about: 'Payouts are the transfers of collected money to the merchant. The spec documents no filters for them.',
  },
};
