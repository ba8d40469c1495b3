import { CONNECT_RESOURCE_TYPES, type ConnectResourceType } from '../api/models';
import type { ConnectLinkTestResult } from '../links/testConnectLink';
import { event, request } from './descriptors';
import {
  arrayOf, boundedString, isBoolean, isFiniteNumber, literal, nullable, object, recordOf, type Guard,
} from './guards';

/**
 * The messages between the payment link builder webview and the extension
 * host. The webview never sees an app secret: it sends the form, the host
 * signs and answers with the link's parts.
 */

/** Every parameter the spec allows in a Connect link, keyed by its name inside the resource (`user[email]`) or at top level. */
export const LINK_FORM_FIELDS = [
  'amount', 'max_amount', 'name', 'description',
  'interval_length', 'interval_unit', 'interval_count', 'start_at', 'expires_at', 'setup_fee', 'calendar_intervals',
  'currency',
  'user[first_name]', 'user[last_name]', 'user[company_name]', 'user[email]',
  'user[billing_address1]', 'user[billing_address2]', 'user[billing_town]', 'user[billing_county]',
  'user[billing_postcode]', 'user[country_code]',
  'redirect_uri', 'cancel_uri', 'state',
] as const;
export type LinkFormField = (typeof LINK_FORM_FIELDS)[number];

const USER_FIELDS = LINK_FORM_FIELDS.filter((f) => f.startsWith('user['));
const REDIRECT_FIELDS = ['redirect_uri', 'cancel_uri', 'state'] as const;

/** Which fields each resource takes (the spec's "Request params" of bill, subscription and pre-authorization). */
export const LINK_FORM_FIELDS_BY_TYPE: Readonly<Record<ConnectResourceType, readonly LinkFormField[]>> = {
  bill: ['amount', 'name', 'description', 'currency', ...USER_FIELDS, ...REDIRECT_FIELDS],
  subscription: [
    'amount', 'name', 'description', 'interval_length', 'interval_unit', 'interval_count', 'start_at', 'expires_at',
    'setup_fee', 'currency', ...USER_FIELDS, ...REDIRECT_FIELDS,
  ],
  pre_authorization: [
    'max_amount', 'name', 'description', 'interval_length', 'interval_unit', 'interval_count', 'expires_at',
    'setup_fee', 'calendar_intervals', 'currency', ...USER_FIELDS, ...REDIRECT_FIELDS,
  ],
};

/** The form as typed: every value a string (empty = absent). */
export interface LinkForm {
  resourceType: ConnectResourceType;
  fields: Partial<Record<LinkFormField, string>>;
}

export interface AccountSummary {
  id: string;
  label: string;
  /** 'local' | 'sandbox' | 'live' | 'custom' — shown, never used for a decision in the webview. */
  environment: string;
  merchantId: string;
  isLive: boolean;
}

export interface LinkIssue { field: string; rule: string; message: string }

export interface LinkPreview {
  url: string;
  resourceType: ConnectResourceType;
  pairs: [string, string][];
  normalized: string;
  signature: string;
  nonce: string;
  timestamp: string;
  expiresAt: string;
}

export type BuildLinkReply = { ok: true; link: LinkPreview } | { ok: false; issues: LinkIssue[] };

export interface RedirectCheck {
  valid: boolean;
  resource: { id: string; type: string; uri: string; state: string | null } | null;
  reason: string;
}

export interface ConfirmReply { ok: boolean; status: number | null; message: string }

export const SNIPPET_LANGUAGES = ['node', 'ruby', 'python', 'php'] as const;
export type SnippetLanguage = (typeof SNIPPET_LANGUAGES)[number];

// ---- guards ---------------------------------------------------------------

const TEXT = boundedString(2_000);
const URL_TEXT = boundedString(16_000);
const ID = boundedString(256);
const isResourceType = literal(...CONNECT_RESOURCE_TYPES);
const isFieldName: Guard<LinkFormField> = literal(...LINK_FORM_FIELDS);

export const isLinkForm: Guard<LinkForm> = object({
  resourceType: isResourceType,
  fields: recordOf(TEXT, isFieldName as Guard<string>),
}) as Guard<LinkForm>;

export const isAccountSummary: Guard<AccountSummary> = object({
  id: ID, label: TEXT, environment: boundedString(32), merchantId: ID, isLive: isBoolean,
});

const isIssue: Guard<LinkIssue> = object({ field: TEXT, rule: TEXT, message: TEXT });
const isPair: Guard<[string, string]> = (v): v is [string, string] => Array.isArray(v) && v.length === 2 && URL_TEXT(v[0]) && URL_TEXT(v[1]);

export const isLinkPreview: Guard<LinkPreview> = object({
  url: URL_TEXT, resourceType: isResourceType, pairs: arrayOf(isPair, 500), normalized: URL_TEXT,
  signature: boundedString(128), nonce: TEXT, timestamp: TEXT, expiresAt: TEXT,
});

const isBuildOk = object({ ok: literal(true), link: isLinkPreview });
const isBuildFailed = object({ ok: literal(false), issues: arrayOf(isIssue, 200) });
export const isBuildLinkReply: Guard<BuildLinkReply> = (v): v is BuildLinkReply => isBuildOk(v) || isBuildFailed(v);

export const isRedirectCheck: Guard<RedirectCheck> = object({
  valid: isBoolean,
  resource: nullable(object({ id: ID, type: ID, uri: URL_TEXT, state: nullable(TEXT) })),
  reason: TEXT,
});

export const isConfirmReply: Guard<ConfirmReply> = object({ ok: isBoolean, status: nullable(isFiniteNumber), message: TEXT });

const isDiagnosis = object({
  verdict: boundedString(32), reason: TEXT, expectedNormalized: URL_TEXT, expectedSignature: boundedString(128),
  receivedSignature: nullable(boundedString(512)),
});

export const isConnectLinkTestResult: Guard<ConnectLinkTestResult> = object({
  outcome: literal('accepted', 'rejected', 'unreachable', 'unexpected'),
  status: nullable(isFiniteNumber),
  message: TEXT,
  cause: nullable(literal('client', 'merchant', 'signature', 'timestamp', 'redirect_uri', 'nonce', 'unknown')),
  advice: TEXT,
  diagnosis: nullable(isDiagnosis),
  elapsedMs: isFiniteNumber,
});

const isEmpty = object({});
const isAccounts = object({ accounts: arrayOf(isAccountSummary, 100), activeAccountId: nullable(ID) });

export const linkBuilderProtocol = {
  /** The webview's first message; the reply carries the accounts and an optional prefilled form. */
  ready: request('ready', isEmpty, object({
    accounts: arrayOf(isAccountSummary, 100), activeAccountId: nullable(ID), prefill: nullable(isLinkForm),
  })),
  buildLink: request('buildLink', object({ accountId: ID, form: isLinkForm }), isBuildLinkReply),
  copyText: request('copyText', object({ text: URL_TEXT, what: literal('url', 'code', 'normalized', 'signature') }), isEmpty),
  openExternal: request('openExternal', object({ url: URL_TEXT }), isEmpty),
  codeSnippet: request('codeSnippet', object({ accountId: ID, form: isLinkForm, language: literal(...SNIPPET_LANGUAGES) }), object({ code: boundedString(20_000) })),
  testLink: request('testLink', object({ accountId: ID, url: URL_TEXT }), isConnectLinkTestResult),
  verifyRedirect: request('verifyRedirect', object({ accountId: ID, url: URL_TEXT }), isRedirectCheck),
  confirmResource: request('confirmResource', object({ accountId: ID, resourceId: ID, resourceType: isResourceType }), isConfirmReply),
  /** Pushed when accounts are added, removed or switched. */
  accounts: event('accounts', 'toWebview', isAccounts),
  /** Pushed when the panel is reopened from a JSON selection or a merchant node. */
  prefill: event('prefill', 'toWebview', object({ form: isLinkForm, accountId: nullable(ID) })),
  /** Pushed when the loopback landing page received a customer's redirect. */
  redirectReceived: event('redirectReceived', 'toWebview', object({ url: URL_TEXT, accountId: nullable(ID), check: isRedirectCheck })),
} as const;

export type LinkBuilderProtocol = typeof linkBuilderProtocol;
export const LINK_BUILDER_VIEW_TYPE = 'gocardless.linkBuilder';
