import { randomBytes } from 'node:crypto';
import { WEBHOOK_ACTIONS, WEBHOOK_OBJECTS_KEY, type WebhookResourceType } from '../api/models';
import { withoutSignature, type SignableParams } from '../signing';
import { buildTestWebhook } from '../webhooks/buildTestWebhook';
import type { CheckCaseResult, HttpExchange } from './IntegrationCheckReport';
import { judgeAccepted, judgeRejected, type Judgement } from './judgeExchange';
import { SPEC } from './specCitations';

/** What a case may do: post a webhook body to the app. */
export interface WebhookCaseContext {
  postWebhook(body: string): Promise<HttpExchange>;
  readonly timeoutMs: number;
}

/** What a case says of itself before it runs: the part of its result known in advance. */
type CaseDescription = Pick<CheckCaseResult, 'id' | 'group' | 'title' | 'sent' | 'expected' | 'spec'>;

export interface PlannedCase extends CaseDescription {
  run(ctx: WebhookCaseContext): Promise<CheckCaseResult>;
}

/** Hands out resource ids unique to one run, so each case's objects are distinct and recognisable. */
export class CheckIds {
  private readonly runTag = randomBytes(4).toString('hex').toUpperCase();
  private counter = 0;
  readonly issued: string[] = [];
  next(): string {
    this.counter += 1;
    const id = `GCCHK${this.runTag}${String(this.counter).padStart(2, '0')}`;
    this.issued.push(id);
    return id;
  }
}

const ACCEPT = 'HTTP 200 within the deadline';
const REJECT = 'not 2xx: a 4xx rejection such as 403';

export function planWebhookCases(secret: string, ids: CheckIds): PlannedCase[] {
  const cases: PlannedCase[] = [];

  for (const resourceType of Object.keys(WEBHOOK_ACTIONS) as WebhookResourceType[]) {
    for (const action of WEBHOOK_ACTIONS[resourceType]) {
      const id = ids.next();
      const body = buildTestWebhook({ resourceType, action, ids: [id], secret }).json;
      cases.push(singleExchangeCase({
        id: `webhook.${resourceType}.${action}`,
        group: 'webhook',
        title: `${resourceType} ${action}`,
        sent: `A correctly signed "${action}" webhook for one ${resourceType.replace('_', '-')} (${id}).`,
        expected: ACCEPT,
        spec: [SPEC.respond200, SPEC.retries, SPEC.asynchronous],
        body,
        judge: (ex, timeoutMs) => judgeAccepted(ex, timeoutMs),
      }));
    }
  }

  const pair = [ids.next(), ids.next()];
  cases.push(singleExchangeCase({
    id: 'webhook.multiple-objects',
    group: 'webhook',
    title: 'several objects in one webhook',
    sent: `A correctly signed bill "paid" webhook carrying two bills (${pair.join(', ')}), like the spec's example.`,
    expected: ACCEPT + ', every object processed',
    spec: [SPEC.objectsArray, SPEC.respond200],
    body: buildTestWebhook({ resourceType: 'bill', action: 'paid', ids: pair, secret }).json,
    judge: (ex, timeoutMs) => {
      const j = judgeAccepted(ex, timeoutMs);
      return j.outcome === 'fail'
        ? { ...j, explanation: `${j.explanation ?? ''} "${WEBHOOK_OBJECTS_KEY.bill}" is an array: loop over every object, not only the first.` }
        : j;
    },
  }));

  cases.push(retryCase(secret, ids.next()));

  const forgedId = ids.next();
  const genuine = billPaid(forgedId, secret);
  cases.push(forgedCase('forged.tampered-signature', 'tampered signature',
    `A bill "paid" webhook (${forgedId}) whose signature has one hex digit changed.`,
    { ...genuine, signature: flipLastHexDigit(String(genuine['signature'])) }, 'a webhook with a tampered signature'));

  const tamperedId = ids.next();
  cases.push(forgedCase('forged.tampered-payload', 'tampered payload',
    `A bill "paid" webhook (${tamperedId}) signed correctly, then its amount changed from 20.0 to 2000.0.`,
    withBillAmount(billPaid(tamperedId, secret), '2000.0'), 'a webhook changed after signing'));

  const foreignId = ids.next();
  cases.push(forgedCase('forged.wrong-secret', 'wrong secret',
    `A bill "paid" webhook (${foreignId}) signed with a random secret instead of the app secret.`,
    billPaid(foreignId, randomBytes(48).toString('base64')), 'a webhook signed with another secret'));

  const unsignedId = ids.next();
  cases.push(forgedCase('forged.unsigned', 'unsigned body',
    `A bill "paid" webhook (${unsignedId}) with no signature at all.`,
    withoutSignature(billPaid(unsignedId, secret)), 'an unsigned webhook'));

  return cases;
}

interface SingleExchangeSpec extends CaseDescription {
  readonly body: string;
  judge(ex: HttpExchange, timeoutMs: number): Judgement;
}

function singleExchangeCase({ body, judge, ...description }: SingleExchangeSpec): PlannedCase {
  return {
    ...description,
    async run(ctx) {
      const ex = await ctx.postWebhook(body);
      return result(this, [ex], judge(ex, ctx.timeoutMs));
    },
  };
}

function forgedCase(id: string, title: string, sent: string, payload: SignableParams, forgery: string): PlannedCase {
  return singleExchangeCase({
    id, group: 'forged', title, sent, expected: REJECT,
    spec: [SPEC.signedAgainstImitation, SPEC.respond200],
    body: JSON.stringify({ payload }),
    judge: (ex, timeoutMs) => judgeRejected(ex, forgery, timeoutMs),
  });
}

/** The same bytes twice, as GoCardless resends a webhook it did not see acknowledged in time. */
function retryCase(secret: string, id: string): PlannedCase {
  const body = buildTestWebhook({ resourceType: 'bill', action: 'paid', ids: [id], secret }).json;
  return {
    id: 'webhook.retry',
    group: 'webhook',
    title: 'repeated delivery, as a retry',
    sent: `A correctly signed bill "paid" webhook (${id}), then the identical body again.`,
    expected: `${ACCEPT}, for the first delivery and for the repeat`,
    spec: [SPEC.retries, SPEC.respond200],
    async run(ctx) {
      const first = await ctx.postWebhook(body);
      const firstJudgement = judgeAccepted(first, ctx.timeoutMs);
      if (firstJudgement.outcome === 'skip') return result(this, [first], firstJudgement);
      if (firstJudgement.outcome === 'fail') {
        return result(this, [first], {
          outcome: 'fail',
          actual: `first delivery: ${firstJudgement.actual}`,
          explanation: `The first delivery was not accepted, so the retry was not sent. ${firstJudgement.explanation ?? ''}`,
        });
      }
      const repeat = await ctx.postWebhook(body);
      const j = judgeAccepted(repeat, ctx.timeoutMs);
      const actual = `first: ${firstJudgement.actual}; repeat: ${j.actual}`;
      if (j.outcome === 'fail') {
        return result(this, [first, repeat], {
          outcome: 'fail', actual,
          explanation: `The repeat of a webhook already accepted was not answered 200. GoCardless resends a webhook when it did not get 200 in time, even if your app processed it; treat a webhook already processed (same resource id and action) as done and answer 200, or it is sent again up to 10 times.${repeat.error ? ` (${repeat.error.message})` : ''}${repeat.bodyExcerpt.trim() ? ` The app answered: ${JSON.stringify(repeat.bodyExcerpt.trim().slice(0, 160))}.` : ''}`,
        });
      }
      const outcome = firstJudgement.outcome === 'warn' ? 'warn' : j.outcome;
      const explanation = j.explanation ?? firstJudgement.explanation;
      return result(this, [first, repeat], explanation !== undefined ? { outcome, actual, explanation } : { outcome, actual });
    },
  };
}

function result(c: CaseDescription, exchanges: HttpExchange[], j: Judgement): CheckCaseResult {
  const base = { id: c.id, group: c.group, title: c.title, sent: c.sent, expected: c.expected, spec: c.spec, exchanges, outcome: j.outcome, actual: j.actual };
  return j.explanation !== undefined ? { ...base, explanation: j.explanation } : base;
}

function flipLastHexDigit(hex: string): string {
  const last = hex.slice(-1);
  return hex.slice(0, -1) + (last === '0' ? '1' : '0');
}

/** A signed bill "paid" payload (with its signature), the webhook a forger most wants to fake. */
function billPaid(id: string, secret: string): SignableParams {
  return buildTestWebhook({ resourceType: 'bill', action: 'paid', ids: [id], secret }).body.payload;
}

function withBillAmount(payload: SignableParams, amount: string): SignableParams {
  const bills = payload['bills'];
  if (!Array.isArray(bills)) return payload;
  return { ...payload, bills: bills.map((b: unknown) => (typeof b === 'object' && b !== null && !Array.isArray(b) ? { ...(b as SignableParams), amount } : b) as SignableParams) };
}
