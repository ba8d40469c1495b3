// No `vscode` import: the handlers are plain functions over injected ports, so
// the unit and webview tests run the very code the panel uses.
import { ApiError } from '../../core/api/ApiError';
import { ENVIRONMENT_BASE_URLS, type ConnectResourceType } from '../../core/api/models';
import { buildConnectLink, confirmResource, RedirectParseError, verifyRedirect, type ConnectLink } from '../../core/links';
import { codeSnippet } from '../../core/links/codeSnippets';
import { testConnectLink } from '../../core/links/testConnectLink';
import {
  linkFormToParams, type AccountSummary, type LinkBuilderProtocol, type LinkForm, type LinkPreview,
  type RequestHandlers,
} from '../../core/protocol';
import type { ConnectResourceParams } from '../../core/validation';
import { ValidationError } from '../../core/validation';

/** What an account contributes to signing; resolved per request so a switched or edited account is honoured. */
export interface SigningAccount {
  readonly appId: string;
  readonly appSecret: string;
  readonly merchantId: string;
  /** The environment's base URL (a local sandbox's included), no trailing slash. */
  readonly baseUrl: string;
}

export interface LinkBuilderPorts {
  accounts(): { accounts: AccountSummary[]; activeAccountId: string | null };
  signingAccount(accountId: string): Promise<SigningAccount>;
  writeClipboard(text: string, what: string): Promise<void>;
  openExternal(url: string): Promise<void>;
  /** A form waiting for the webview (from a JSON selection or a merchant node), handed over once. */
  takePrefill(): LinkForm | null;
  /** Called after a successful confirm, e.g. to refresh the tree. */
  confirmed(accountId: string, resource: { id: string; type: ConnectResourceType }): void;
  /** One line in the GoCardless log per request the builder makes for the user (never a secret). */
  log?(line: string): void;
  /** Called when a pasted redirect's signature verified. */
  redirectVerified?(): void;
  readonly clock?: () => number;
}

export function toLinkPreview(link: ConnectLink): LinkPreview {
  return {
    url: link.url, resourceType: link.resourceType, pairs: link.pairs.map(([k, v]) => [k, v]),
    normalized: link.normalized, signature: link.signature, nonce: link.nonce,
    timestamp: link.timestamp, expiresAt: link.expiresAt,
  };
}

/** Signs a form with an account (used by the webview handler, the quick-pick command and tests). */
export function buildLinkFromForm(form: LinkForm, account: SigningAccount, clock?: () => number): ConnectLink {
  const p = linkFormToParams(form, account.merchantId);
  return buildConnectLink({
    resourceType: p.resourceType,
    appId: account.appId,
    appSecret: account.appSecret,
    // Untyped form values: buildConnectLink validates every one and throws a ValidationError naming the field.
    resource: p.resource as unknown as ConnectResourceParams,
    environment: account.baseUrl,
    ...(p.redirect_uri !== undefined ? { redirectUri: p.redirect_uri } : {}),
    ...(p.cancel_uri !== undefined ? { cancelUri: p.cancel_uri } : {}),
    ...(p.state !== undefined ? { state: p.state } : {}),
    ...(clock ? { clock } : {}),
  });
}

function snippetEnvironment(baseUrl: string): string {
  if (baseUrl === ENVIRONMENT_BASE_URLS.live) return 'live';
  if (baseUrl === ENVIRONMENT_BASE_URLS.sandbox) return 'sandbox';
  return baseUrl;
}

function httpUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error('Not a URL.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('Only http(s) URLs are opened.');
  return url;
}

export function createLinkBuilderHandlers(ports: LinkBuilderPorts): RequestHandlers<LinkBuilderProtocol> {
  return {
    ready: () => ({ ...ports.accounts(), prefill: ports.takePrefill() }),

    buildLink: async ({ accountId, form }) => {
      const account = await ports.signingAccount(accountId);
      try {
        return { ok: true, link: toLinkPreview(buildLinkFromForm(form, account, ports.clock)) };
      } catch (e) {
        if (e instanceof ValidationError) return { ok: false, issues: e.issues.map((i) => ({ field: i.field, rule: i.rule, message: i.message })) };
        throw e;
      }
    },

    copyText: async ({ text, what }) => {
      await ports.writeClipboard(text, what);
      return {};
    },

    openExternal: async ({ url }) => {
      await ports.openExternal(httpUrl(url).href);
      return {};
    },

    codeSnippet: async ({ accountId, form, language }) => {
      const account = await ports.signingAccount(accountId);
      const p = linkFormToParams(form, account.merchantId);
      return {
        code: codeSnippet(language, {
          resourceType: p.resourceType, environment: snippetEnvironment(account.baseUrl),
          appId: account.appId, merchantId: account.merchantId, resource: p.resource,
          ...(p.redirect_uri !== undefined ? { redirectUri: p.redirect_uri } : {}),
          ...(p.cancel_uri !== undefined ? { cancelUri: p.cancel_uri } : {}),
          ...(p.state !== undefined ? { state: p.state } : {}),
        }),
      };
    },

    testLink: async ({ accountId, url }) => {
      const account = await ports.signingAccount(accountId);
      // The host only fetches links of the account's own environment: the webview is not trusted to pick targets.
      if (httpUrl(url).origin !== new URL(account.baseUrl).origin) {
        throw new Error(`The link is not on this account's environment (${new URL(account.baseUrl).origin}).`);
      }
      return testConnectLink({ url, appSecret: account.appSecret, ...(ports.clock ? { now: ports.clock } : {}) });
    },

    verifyRedirect: async ({ accountId, url }) => {
      const account = await ports.signingAccount(accountId);
      try {
        const v = verifyRedirect(url, account.appSecret);
        // An unknown resource_type is reported, not shown as a resource (core verifies the signature anyway).
        if (v.problems.length > 0) return { valid: false, resource: null, reason: v.reason };
        const r = v.resource;
        if (v.valid) ports.redirectVerified?.();
        return {
          valid: v.valid,
          resource: { id: r.resource_id, type: r.resource_type, uri: r.resource_uri, state: r.state ?? null },
          reason: v.valid ? `Signed by this account's app: confirm the ${r.resource_type.replace('_', '-')} to activate it.` : v.diagnosis.reason,
        };
      } catch (e) {
        if (e instanceof RedirectParseError) return { valid: false, resource: null, reason: e.message };
        throw e;
      }
    },

    confirmResource: async ({ accountId, resourceId, resourceType }) => {
      const account = await ports.signingAccount(accountId);
      try {
        const r = await confirmResource({ baseUrl: account.baseUrl, appId: account.appId, appSecret: account.appSecret, resourceId, resourceType });
        ports.log?.(`POST /api/v1/confirm ${resourceType} ${resourceId} → ${r.status}`);
        ports.confirmed(accountId, { id: resourceId, type: resourceType });
        return { ok: r.success, status: r.status, message: r.success ? `Confirmed ${resourceType.replace('_', '-')} ${resourceId}.` : `HTTP ${r.status} without "success": true.` };
      } catch (e) {
        if (e instanceof ApiError) {
          ports.log?.(`POST /api/v1/confirm ${resourceType} ${resourceId} → ${e.status}`);
          return { ok: false, status: e.status, message: `HTTP ${e.status}: ${e.serverMessage}` };
        }
        throw e;
      }
    },
  };
}
