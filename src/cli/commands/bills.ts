import { printJson } from '../apiCall';
import { filterUsage, LIST_OPTIONS, runList } from '../listOptions';
import { resourceCommand } from '../resourceCommand';

export const command = resourceCommand({
  name: 'bills',
  summary: 'List, get, create, retry, cancel and refund bills (REST API)',
  about: `Bills are the payments taken from a customer: one-off, or under a subscription or
a pre-authorization. "list" is GET /api/v1/merchants/:id/bills; the actions are the
spec's "Create a bill under a pre-auth", retry, cancel and refund.`,
  actions: {
    list: {
      synopsis: '[filters] [--page N] [--per-page N] [--all]', summary: 'the merchant\'s bills',
      options: LIST_OPTIONS,
      run: ({ client, io, values, signal, name }) => runList(io, name, values, {
        list: (filter, page, s) => client.listBills(filter, page, { signal: s }),
        iterate: (filter, perPage, s) => client.iterateBills(filter, perPage, { signal: s }),
      }, signal),
    },
    get: { synopsis: 'ID', summary: 'one bill', takesId: true, run: async ({ client, io, id, signal }) => { printJson(io, await client.getBill(id, { signal })); return 0; } },
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
  flagsUsage: `List filters (the spec's Filtering table): ${filterUsage('bills')}
  --status S              pending, paid, failed, refunded, chargedback, cancelled, withdrawn
  --paid true|false       true: paid and withdrawn bills; false: pending and failed bills
  --source-type T         subscription, pre_authorization, ad_hoc_authorization
  --before T, --after T   created before/after an ISO 8601 time, e.g. 2011-11-17T15:00:23Z
  --name N, --description D   exact match
Pagination: --page N and --per-page N (default 100) ask for one page; --all follows
every page to the end and prints one array.`,
});
