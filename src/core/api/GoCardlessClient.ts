import { confirmResource, type ConfirmResult } from '../links/confirmResource';
import { percentEncode } from '../signing/percentEncode';
import { ValidationError, type ValidationIssue } from '../validation/ValidationError';
import { ApiError } from './ApiError';
import {
  encodeFilter, type BillFilter, type PayoutFilter, type PreAuthorizationFilter, type SubscriptionFilter, type UserFilter,
} from './encodeFilter';
import { environmentBaseUrl } from './environmentBaseUrl';
import { extractServerMessage } from './extractServerMessage';
import {
  billGuard, merchantGuard, payoutGuard, preAuthorizationGuard, subscriptionGuard, userGuard, type ModelGuard,
} from './modelGuards';
import {
  CONNECT_RESOURCE_TYPES, type Bill, type ConnectResourceType, type Merchant, type Payout, type PreAuthorization,
  type Subscription, type User,
} from './models';
import { NetworkError } from './NetworkError';
import { createBillBody, type CreateBillParams } from './createBillBody';
import { DEFAULT_PER_PAGE, pageFromResponse, type Page, type PageRequest } from './Page';
import { pageRequest } from './pageRequest';
import { createPool, type Dispatcher } from './undici';
import { redactSecrets } from './redactSecrets';
import { RESOURCE_TYPES, type ListableResource } from './resourceTypes';
import { exponentialBackoff, parseRetryAfter, type RetryDelay } from './retryDelay';
import { sendRequest, type HttpResponse } from './sendRequest';
import { TimeoutError } from './TimeoutError';
import { UnexpectedResponseError } from './UnexpectedResponseError';
import { defaultUserAgent } from './userAgent';

/** What `onRequest` hears about each attempt: enough to log, never a header or a token. */
export interface ApiRequestEvent {
  method: 'GET' | 'POST' | 'PUT';
  /** Path and query (only filters and page numbers: nothing secret travels in a query). */
  path: string;
  /** The HTTP status, absent when there was no answer. */
  status?: number;
  outcome: 'response' | 'network-error' | 'timeout' | 'cancelled';
  durationMs: number;
  /** 1 for the first try. */
  attempt: number;
  /** Whether the client will try again (GETs only, on 5xx, 418 and network errors). */
  willRetry: boolean;
}

export interface GoCardlessClientOptions {
  /** `live`, `sandbox` or a base URL such as the local sandbox's http://127.0.0.1:PORT (see environmentBaseUrl). */
  baseUrl: string;
  /** Allow plain http to a non-loopback host (a sandbox on another machine): the token then travels unencrypted. */
  allowInsecureHttp?: boolean;
  /** The merchant's access token, sent as `Authorization: bearer …`. */
  accessToken: string;
  merchantId: string;
  /** App id and secret: only needed for confirmResource (HTTP Basic). */
  appId?: string;
  appSecret?: string;
  /** Defaults to `gocardless-devtools/<version> (+node <version>)`. */
  userAgent?: string;
  /** Deadline for each attempt (connect, headers, body). Default 30 s. */
  timeoutMs?: number;
  /** Retries after the first attempt, for GETs only. Default 2. */
  maxRetries?: number;
  /** Delay before each retry; defaults to exponential backoff with jitter. Tests pass `() => 0`. */
  retryDelay?: RetryDelay;
  /** Retry-After longer than this is not waited for: the error is thrown instead. Default 10 s. */
  maxRetryAfterMs?: number;
  /** A shared undici dispatcher (Agent, Pool, MockAgent…); not closed by close(). Default: a keep-alive Pool of our own. */
  dispatcher?: Dispatcher;
  /** Bodies larger than this are refused (use pagination). Default 64 MiB. */
  maxResponseBytes?: number;
  onRequest?(event: ApiRequestEvent): void;
}


export type { ConfirmResult, CreateBillParams };

export interface ConfirmResourceParams {
  resource_id: string;
  resource_type: ConnectResourceType;
}

/** Per-call options for reads. */
export interface ReadOptions {
  /**
   * Cancels the request (and any retry wait): the call rejects with `signal.reason`. Only reads
   * take one: a POST or PUT that reached the server cannot be called back by cancelling it.
   */
  signal?: AbortSignal;
}

interface Call {
  signal?: AbortSignal | undefined;
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  query?: [string, string][];
  body?: unknown;
}

const MAX_ID_LENGTH = 255; // spec, "Storing IDs"

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The GoCardless Basic API (v1) over undici, with one keep-alive connection pool per client
 * (= per base URL). Every endpoint in the spec's Resources section; list endpoints return typed
 * pages and have async iterators over all pages; failures are ApiError (the server answered
 * non-2xx), NetworkError, TimeoutError, UnexpectedResponseError (2xx with a body not as documented)
 * or ValidationError (bad input, caught before sending). Only GETs are retried.
 */
export class GoCardlessClient {
  readonly baseUrl: string;
  readonly merchantId: string;
  private readonly origin: string;
  private readonly pathPrefix: string;
  private readonly dispatcher: Dispatcher;
  private readonly ownsDispatcher: boolean;
  // Credentials live in #private fields: util.inspect, console.log and JSON.stringify of a client never show them.
  readonly #headers: Record<string, string>;
  private readonly timeoutMs: number;
  private readonly maxRetries: number;
  private readonly retryDelay: RetryDelay;
  private readonly maxRetryAfterMs: number;
  private readonly maxResponseBytes: number;
  readonly #secrets: readonly (string | undefined)[];
  private readonly appId: string | undefined;
  readonly #appSecret: string | undefined;
  private readonly onRequest: ((event: ApiRequestEvent) => void) | undefined;
  private closed = false;

  constructor(options: GoCardlessClientOptions) {
    const issues: ValidationIssue[] = [];
    if (typeof options.accessToken !== 'string' || options.accessToken.trim() === '') {
      issues.push({ field: 'accessToken', rule: 'required', message: 'accessToken is required' });
    }
    if (typeof options.merchantId !== 'string' || options.merchantId.trim() === '') {
      issues.push({ field: 'merchantId', rule: 'required', message: 'merchantId is required' });
    }
    const timeoutMs = options.timeoutMs ?? 30_000;
    if (!(timeoutMs > 0 && Number.isFinite(timeoutMs))) issues.push({ field: 'timeoutMs', rule: 'positive', message: 'timeoutMs must be greater than 0' });
    const maxRetries = options.maxRetries ?? 2;
    if (!Number.isSafeInteger(maxRetries) || maxRetries < 0) issues.push({ field: 'maxRetries', rule: 'type', message: 'maxRetries must be a whole number, 0 or more' });
    if (issues.length > 0) throw new ValidationError(issues);

    this.baseUrl = environmentBaseUrl(options.baseUrl, { allowInsecureHttp: options.allowInsecureHttp === true });
    const url = new URL(this.baseUrl);
    this.origin = url.origin;
    this.pathPrefix = url.pathname.replace(/\/+$/, '');
    this.merchantId = options.merchantId;
    this.timeoutMs = timeoutMs;
    this.maxRetries = maxRetries;
    this.retryDelay = options.retryDelay ?? exponentialBackoff();
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? 10_000;
    this.maxResponseBytes = options.maxResponseBytes ?? 64 * 1024 * 1024;
    this.appId = options.appId;
    this.#appSecret = options.appSecret;
    this.onRequest = options.onRequest;
    this.#secrets = [options.accessToken, options.appSecret];
    this.#headers = {
      authorization: `bearer ${options.accessToken}`,
      accept: 'application/json',
      'user-agent': options.userAgent ?? defaultUserAgent(),
    };
    this.ownsDispatcher = options.dispatcher === undefined;
    this.dispatcher = options.dispatcher ?? createPool(this.origin, {
      connections: 8,
      keepAliveTimeout: 30_000,
      connect: { timeout: timeoutMs },
    });
  }

  // --- Merchant -------------------------------------------------------------

  /** GET /api/v1/merchants/:id: name, balances, next payout. */
  async getMerchant(options?: ReadOptions): Promise<Merchant> {
    return this.fetchOne(merchantGuard, { signal: options?.signal, method: 'GET', path: `/api/v1/merchants/${this.id('merchantId', this.merchantId)}` });
  }

  // --- Lists (GET /api/v1/merchants/:id/<resource>) --------------------------

  async listBills(filter?: BillFilter, page?: PageRequest, options?: ReadOptions): Promise<Page<Bill>> {
    return this.fetchPage(RESOURCE_TYPES.bill.path, billGuard, filter, page, options?.signal);
  }

  async listSubscriptions(filter?: SubscriptionFilter, page?: PageRequest, options?: ReadOptions): Promise<Page<Subscription>> {
    return this.fetchPage(RESOURCE_TYPES.subscription.path, subscriptionGuard, filter, page, options?.signal);
  }

  async listPreAuthorizations(filter?: PreAuthorizationFilter, page?: PageRequest, options?: ReadOptions): Promise<Page<PreAuthorization>> {
    return this.fetchPage(RESOURCE_TYPES.pre_authorization.path, preAuthorizationGuard, filter, page, options?.signal);
  }

  /** The merchant's customers. The spec documents no filters and no GET /users/:id. */
  async listUsers(filter?: UserFilter, page?: PageRequest, options?: ReadOptions): Promise<Page<User>> {
    return this.fetchPage(RESOURCE_TYPES.user.path, userGuard, filter, page, options?.signal);
  }

  async listPayouts(filter?: PayoutFilter, page?: PageRequest, options?: ReadOptions): Promise<Page<Payout>> {
    return this.fetchPage(RESOURCE_TYPES.payout.path, payoutGuard, filter, page, options?.signal);
  }

  /** Every bill matching the filter, fetched page by page (`per_page`, default 100) as the loop asks. */
  iterateBills(filter?: BillFilter, perPage?: number, options?: ReadOptions): AsyncGenerator<Bill, void, undefined> {
    return this.iterate((page) => this.listBills(filter, page, options), perPage);
  }

  iterateSubscriptions(filter?: SubscriptionFilter, perPage?: number, options?: ReadOptions): AsyncGenerator<Subscription, void, undefined> {
    return this.iterate((page) => this.listSubscriptions(filter, page, options), perPage);
  }

  iteratePreAuthorizations(filter?: PreAuthorizationFilter, perPage?: number, options?: ReadOptions): AsyncGenerator<PreAuthorization, void, undefined> {
    return this.iterate((page) => this.listPreAuthorizations(filter, page, options), perPage);
  }

  iterateUsers(filter?: UserFilter, perPage?: number, options?: ReadOptions): AsyncGenerator<User, void, undefined> {
    return this.iterate((page) => this.listUsers(filter, page, options), perPage);
  }

  iteratePayouts(filter?: PayoutFilter, perPage?: number, options?: ReadOptions): AsyncGenerator<Payout, void, undefined> {
    return this.iterate((page) => this.listPayouts(filter, page, options), perPage);
  }

  // --- Single resources -----------------------------------------------------

  async getBill(id: string, options?: ReadOptions): Promise<Bill> {
    return this.fetchOne(billGuard, { signal: options?.signal, method: 'GET', path: `/api/v1/${RESOURCE_TYPES.bill.path}/${this.id('id', id)}` });
  }

  async getSubscription(id: string, options?: ReadOptions): Promise<Subscription> {
    return this.fetchOne(subscriptionGuard, { signal: options?.signal, method: 'GET', path: `/api/v1/${RESOURCE_TYPES.subscription.path}/${this.id('id', id)}` });
  }

  async getPreAuthorization(id: string, options?: ReadOptions): Promise<PreAuthorization> {
    return this.fetchOne(preAuthorizationGuard, { signal: options?.signal, method: 'GET', path: `/api/v1/${RESOURCE_TYPES.pre_authorization.path}/${this.id('id', id)}` });
  }

  async getPayout(id: string, options?: ReadOptions): Promise<Payout> {
    return this.fetchOne(payoutGuard, { signal: options?.signal, method: 'GET', path: `/api/v1/${RESOURCE_TYPES.payout.path}/${this.id('id', id)}` });
  }

  // --- Actions (never retried: they are not idempotent) -----------------------

  /** POST /api/v1/bills/:id/retry: resubmit a failed bill whose can_be_retried is true. */
  async retryBill(id: string): Promise<Bill> {
    return this.fetchOne(billGuard, { method: 'POST', path: `/api/v1/bills/${this.id('id', id)}/retry` });
  }

  /** PUT /api/v1/bills/:id/cancel: a pending bill whose can_be_cancelled is true. */
  async cancelBill(id: string): Promise<Bill> {
    return this.fetchOne(billGuard, { method: 'PUT', path: `/api/v1/bills/${this.id('id', id)}/cancel` });
  }

  /** POST /api/v1/bills/:id/refund: a paid or withdrawn bill whose can_be_refunded is true. */
  async refundBill(id: string): Promise<Bill> {
    return this.fetchOne(billGuard, { method: 'POST', path: `/api/v1/bills/${this.id('id', id)}/refund` });
  }

  async cancelSubscription(id: string): Promise<Subscription> {
    return this.fetchOne(subscriptionGuard, { method: 'PUT', path: `/api/v1/subscriptions/${this.id('id', id)}/cancel` });
  }

  async cancelPreAuthorization(id: string): Promise<PreAuthorization> {
    return this.fetchOne(preAuthorizationGuard, { method: 'PUT', path: `/api/v1/pre_authorizations/${this.id('id', id)}/cancel` });
  }

  /** POST /api/v1/bills with `{"bill": {…}}`: a bill under an active pre-authorization. */
  async createBill(params: CreateBillParams): Promise<Bill> {
    return this.fetchOne(billGuard, { method: 'POST', path: '/api/v1/bills', body: { bill: createBillBody(params) } });
  }

  /**
   * POST /api/v1/confirm with HTTP Basic app_id:app_secret, after the customer is redirected back
   * from a Connect payment page (the resource stays inactive and is deleted unless confirmed).
   * Delegates to core/links' confirmResource, over this client's pool; never retried.
   */
  async confirmResource(params: ConfirmResourceParams): Promise<ConfirmResult> {
    const issues: ValidationIssue[] = [];
    if (this.appId === undefined || this.appId === '') issues.push({ field: 'appId', rule: 'required', message: 'appId is required to confirm a resource' });
    if (this.#appSecret === undefined || this.#appSecret === '') issues.push({ field: 'appSecret', rule: 'required', message: 'appSecret is required to confirm a resource' });
    if (typeof params.resource_id !== 'string' || params.resource_id === '') issues.push({ field: 'resource_id', rule: 'required', message: 'resource_id is required' });
    if (!(CONNECT_RESOURCE_TYPES as readonly string[]).includes(params.resource_type)) {
      issues.push({ field: 'resource_type', rule: 'not-allowed', message: `resource_type must be one of ${CONNECT_RESOURCE_TYPES.join(', ')}` });
    }
    if (issues.length > 0) throw new ValidationError(issues);
    if (this.closed) throw new Error('GoCardlessClient is closed');
    const path = `${this.pathPrefix}/api/v1/confirm`;
    const started = performance.now();
    try {
      const result = await confirmResource({
        baseUrl: this.baseUrl, appId: this.appId ?? '', appSecret: this.#appSecret ?? '',
        resourceId: params.resource_id, resourceType: params.resource_type,
        dispatcher: this.dispatcher, timeoutMs: this.timeoutMs, userAgent: this.#headers['user-agent'] ?? defaultUserAgent(),
      });
      this.emit({ method: 'POST', path, status: result.status, outcome: 'response', durationMs: performance.now() - started, attempt: 1, willRetry: false });
      return result;
    } catch (error) {
      const outcome = error instanceof TimeoutError ? 'timeout' : error instanceof NetworkError ? 'network-error' : 'response';
      this.emit({
        method: 'POST', path, outcome, durationMs: performance.now() - started, attempt: 1, willRetry: false,
        ...(error instanceof ApiError ? { status: error.status } : {}),
      });
      throw error;
    }
  }

  /**
   * Any endpoint under /api/v1 as it stands (`gcdev get|post|put`): the parsed JSON of a 2xx
   * answer, unchecked by a model guard, with the same token, retries (GETs only) and typed errors
   * as every other call. `path` starts with /api/v1/; the base URL's own path is put in front.
   */
  async request(method: 'GET' | 'POST' | 'PUT', path: string, options: { query?: [string, string][]; body?: unknown; signal?: AbortSignal } = {}): Promise<unknown> {
    if (typeof path !== 'string' || !path.startsWith('/api/v1/')) {
      throw new ValidationError([{ field: 'path', rule: 'not-allowed', message: `path must start with /api/v1/, got ${JSON.stringify(path)}` }]);
    }
    const call: Call = { method, path, signal: method === 'GET' ? options.signal : undefined };
    if (options.query !== undefined) call.query = options.query;
    if (options.body !== undefined) call.body = options.body;
    return (await this.send(call)).json;
  }

  /** Closes the connection pool (not a dispatcher passed in). Later calls fail. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.ownsDispatcher) await this.dispatcher.close();
  }

  // --- Plumbing ---------------------------------------------------------------

  private id(field: string, value: string): string {
    if (typeof value !== 'string' || value.trim() === '') {
      throw new ValidationError([{ field, rule: 'required', message: `${field} is required` }]);
    }
    if (value.length > MAX_ID_LENGTH) {
      throw new ValidationError([{ field, rule: 'type', message: `${field} is longer than ${MAX_ID_LENGTH} characters, the longest id GoCardless issues` }]);
    }
    return encodeURIComponent(value);
  }

  private async fetchOne<T>(guard: ModelGuard<T>, call: Call): Promise<T> {
    const { json, response } = await this.send(call);
    const problem = guard.problem(json);
    if (problem !== undefined) throw this.unexpected(call, response, problem);
    return json as T; // checked by the guard just above
  }

  private async fetchPage<T>(resource: ListableResource, guard: ModelGuard<T>, filter: object | undefined, page: PageRequest | undefined, signal: AbortSignal | undefined): Promise<Page<T>> {
    const query = encodeFilter(resource, filter);
    const requested = pageRequest(page);
    if (requested.page !== undefined) query.push(['page', String(requested.page)]);
    if (requested.perPage !== undefined) query.push(['per_page', String(requested.perPage)]);
    const call: Call = { signal, method: 'GET', path: `/api/v1/merchants/${this.id('merchantId', this.merchantId)}/${resource}`, query };
    const { json, response } = await this.send(call);
    if (!Array.isArray(json)) throw this.unexpected(call, response, `the body must be an array of ${guard.name} objects`);
    for (let i = 0; i < json.length; i++) {
      const problem = guard.problem(json[i], `${resource}[${i}]`);
      if (problem !== undefined) throw this.unexpected(call, response, problem);
    }
    return pageFromResponse(json as T[], { link: response.headers['link'], 'x-pagination': response.headers['x-pagination'] }, requested);
  }

  private async *iterate<T>(fetch: (page: PageRequest) => Promise<Page<T>>, perPage: number = DEFAULT_PER_PAGE): AsyncGenerator<T, void, undefined> {
    let pageNumber = 1;
    for (;;) {
      const page = await fetch({ page: pageNumber, perPage });
      yield* page.records;
      // Stop on the last page; also when a server's "next" does not move forward, which would loop forever.
      if (page.next === undefined || page.next <= pageNumber || page.records.length === 0) return;
      pageNumber = page.next;
    }
  }

  private fullPath(call: Call): string {
    const query = call.query !== undefined && call.query.length > 0
      ? `?${call.query.map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`).join('&')}`
      : '';
    return `${this.pathPrefix}${call.path}${query}`;
  }

  private unexpected(call: Call, response: HttpResponse, problem: string): UnexpectedResponseError {
    return new UnexpectedResponseError({ method: call.method, path: this.fullPath(call), status: response.status, problem: redactSecrets(problem, this.#secrets) });
  }

  /** Sends with retries (GET only), returns the parsed JSON of a 2xx answer, throws typed errors otherwise. */
  private async send(call: Call): Promise<{ json: unknown; response: HttpResponse }> {
    if (this.closed) throw new Error('GoCardlessClient is closed');
    const path = this.fullPath(call);
    const headers: Record<string, string> = { ...this.#headers };
    let body: string | undefined;
    if (call.body !== undefined) {
      body = JSON.stringify(call.body);
      headers['content-type'] = 'application/json';
    }
    const retryable = call.method === 'GET';
    for (let attempt = 1; ; attempt++) {
      const canRetry = retryable && attempt <= this.maxRetries;
      let response: HttpResponse;
      const started = performance.now();
      try {
        response = await sendRequest({
          dispatcher: this.dispatcher, origin: this.origin, method: call.method, path, headers, timeoutMs: this.timeoutMs,
          maxResponseBytes: this.maxResponseBytes, ...(body !== undefined ? { body } : {}), ...(call.signal !== undefined ? { signal: call.signal } : {}),
        });
      } catch (error) {
        if (call.signal?.aborted === true) {
          this.emit({ method: call.method, path, outcome: 'cancelled', durationMs: performance.now() - started, attempt, willRetry: false });
          throw error;
        }
        if (error instanceof NetworkError || error instanceof TimeoutError) {
          // Timeouts are not retried: the caller already waited timeoutMs, and may be about to give up.
          const willRetry = canRetry && error instanceof NetworkError;
          this.emit({ method: call.method, path, outcome: error instanceof NetworkError ? 'network-error' : 'timeout', durationMs: performance.now() - started, attempt, willRetry });
          if (willRetry) {
            await delay(this.retryDelay(attempt, undefined), call.signal);
            continue;
          }
        }
        throw error;
      }
      const { status } = response;
      if (status >= 200 && status < 300) {
        this.emit({ method: call.method, path, status, outcome: 'response', durationMs: response.durationMs, attempt, willRetry: false });
        if (response.body.trim() === '') throw this.unexpected(call, response, 'the body is empty, expected JSON');
        try {
          return { json: JSON.parse(response.body), response };
        } catch {
          throw this.unexpected(call, response, `the body is not JSON (starts with ${JSON.stringify(response.body.slice(0, 40))})`);
        }
      }
      const retryAfterMs = parseRetryAfter(firstHeader(response.headers['retry-after']));
      const transient = status === 418 || status >= 500;
      const willRetry = canRetry && transient && (retryAfterMs === undefined || retryAfterMs <= this.maxRetryAfterMs);
      this.emit({ method: call.method, path, status, outcome: 'response', durationMs: response.durationMs, attempt, willRetry });
      if (willRetry) {
        await delay(this.retryDelay(attempt, retryAfterMs), call.signal);
        continue;
      }
      throw this.apiError(call.method, path, response);
    }
  }

  private apiError(method: string, path: string, response: HttpResponse): ApiError {
    const body = redactSecrets(response.body.slice(0, 4096), this.#secrets);
    const found = extractServerMessage(body);
    return new ApiError({
      status: response.status,
      serverMessage: found?.message ?? `HTTP ${response.status} with no message`,
      serverMessages: found?.messages ?? [],
      method, path, body,
    });
  }

  private emit(event: ApiRequestEvent): void {
    if (this.onRequest === undefined) return;
    try {
      this.onRequest(event);
    } catch {
      // A failing logger must not fail the request it logs.
    }
  }
}

/** Waits before a retry; a cancelled call stops waiting at once. */
function delay(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted === true) {
      reject(signal.reason);
      return;
    }
    const onCancel = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onCancel);
      resolve();
    }, Math.max(0, ms));
    signal?.addEventListener('abort', onCancel, { once: true });
  });
}
