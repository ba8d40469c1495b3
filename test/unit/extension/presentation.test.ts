import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { billContextValue, preAuthorizationContextValue, subscriptionContextValue } from '../../../src/extension/present/contextValues';
import { escapeMarkdown, markdownFields } from '../../../src/extension/present/escapeMarkdown';
import { formatAmount, formatDate } from '../../../src/extension/present/formatAmount';
import { billStyle, mandateStyle, payoutStyle } from '../../../src/extension/present/statusStyle';
import { describeFilter, isFilterEmpty } from '../../../src/extension/merchants/CollectionKind';
import { BILL_STATUSES, MANDATE_STATUSES } from '../../../src/core/api/models';

/** The `viewItem =~ /…/` of a command's resource-tree context menu entry in package.json. */
function menuRegex(command: string): RegExp {
  const entry = manifest.contributes.menus['view/item/context']?.find((m) => m.command === command && m.when.includes('gocardless.merchants'));
  const source = /viewItem =~ \/(.+?)\/(?:\s|$)/.exec(entry?.when ?? '')?.[1];
  assert.ok(source, `no viewItem regex for ${command}`);
  return new RegExp(source);
}

const manifest = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')) as {
  contributes: { menus: Record<string, { command: string; when: string }[]> };
};

/** A bill's state flags, as the API sends them (builder: only what contextValues read). */
function billState(status: (typeof BILL_STATUSES)[number], flags: Partial<{ can_be_retried: boolean; can_be_cancelled: boolean; can_be_refunded: boolean }> = {}) {
  return { status, can_be_retried: false, ...flags };
}

describe('tree presentation', () => {
  it('formats decimal-string amounts with the currency symbol', () => {
    assert.equal(formatAmount('44.0', 'GBP'), '£44.00');
    assert.equal(formatAmount('1234.5', 'EUR'), '€1,234.50');
    assert.equal(formatAmount('12.00'), '£12.00');
    assert.equal(formatAmount(null), '—');
    assert.equal(formatAmount('abc', 'GBP'), 'abc');
  });

  it('formats API dates in UTC', () => {
    assert.equal(formatDate('2014-08-01'), '1 Aug 2014');
    assert.equal(formatDate('2011-12-01T23:30:00Z'), '1 Dec 2011');
    assert.equal(formatDate(null), '—');
    assert.equal(formatDate('soon'), 'soon');
  });

  it('encodes what a bill\'s state allows in its contextValue', () => {
    assert.equal(billContextValue(billState('pending', { can_be_cancelled: true }), 'sandbox'), 'bill:pending:cancellable');
    assert.equal(billContextValue(billState('pending', { can_be_cancelled: false }), 'sandbox'), 'bill:pending');
    assert.equal(billContextValue(billState('failed', { can_be_retried: true }), 'local'), 'bill:failed:retriable:local');
    assert.equal(billContextValue(billState('paid', { can_be_refunded: true }), 'live'), 'bill:paid:refundable:live');
    // The spec: refundable needs can_be_refunded AND paid or withdrawn.
    assert.equal(billContextValue(billState('pending', { can_be_refunded: true, can_be_cancelled: false }), 'sandbox'), 'bill:pending');
    // Older payloads without can_be_cancelled: pending bills may be cancellable.
    assert.equal(billContextValue(billState('pending'), 'sandbox'), 'bill:pending:cancellable');
    assert.equal(subscriptionContextValue({ status: 'active' }, false), 'subscription:active:cancellable');
    assert.equal(subscriptionContextValue({ status: 'cancelled' }, true), 'subscription:cancelled:live');
    assert.equal(preAuthorizationContextValue({ status: 'active' }, false), 'preAuthorization:active:cancellable:billable');
    assert.equal(preAuthorizationContextValue({ status: 'expired' }, false), 'preAuthorization:expired');
  });

  it('matches the menus\' when-clause regexes (read from package.json) only where the action is allowed', () => {
    const refundable = menuRegex('gocardless.merchants.refundBill');
    const retriable = menuRegex('gocardless.merchants.retryBill');
    const cancellable = menuRegex('gocardless.merchants.cancelBill');
    for (const status of BILL_STATUSES) {
      const value = billContextValue(billState(status, { can_be_refunded: true }), 'sandbox');
      assert.equal(refundable.test(value), status === 'paid' || status === 'withdrawn', value);
      const all = billContextValue(billState(status, { can_be_retried: true, can_be_cancelled: true, can_be_refunded: true }), 'live');
      assert.ok(retriable.test(all) && cancellable.test(all), all);
      const none = billContextValue(billState(status, { can_be_cancelled: false }), 'live');
      assert.ok(!retriable.test(none) && !cancellable.test(none) && !refundable.test(none), none);
    }
    for (const status of MANDATE_STATUSES) {
      const active = status === 'active';
      assert.equal(menuRegex('gocardless.merchants.cancelSubscription').test(subscriptionContextValue({ status }, false)), active, status);
      assert.equal(menuRegex('gocardless.merchants.cancelPreAuthorization').test(preAuthorizationContextValue({ status }, false)), active, status);
      assert.equal(menuRegex('gocardless.merchants.createBill').test(preAuthorizationContextValue({ status }, true)), active, status);
    }
  });

  it('styles every status with a codicon and a theme colour', () => {
    for (const s of BILL_STATUSES) assert.ok(billStyle(s).icon && billStyle(s).color.length > 0);
    for (const s of MANDATE_STATUSES) assert.ok(mandateStyle(s).icon);
    assert.equal(billStyle('paid').color, 'charts.green');
    assert.equal(billStyle('failed').color, 'charts.red');
    assert.equal(billStyle('mystery').icon, 'question');
    const now = new Date('2024-06-01T00:00:00Z');
    assert.equal(payoutStyle('2024-05-01T00:00:00Z', now).color, 'charts.green');
    assert.equal(payoutStyle('2024-07-01T00:00:00Z', now).color, 'charts.blue');
  });

  it('escapes network text so a tooltip cannot carry links, images or HTML', () => {
    // ":" too, so bare URLs are not auto-linked.
    assert.equal(escapeMarkdown('[x](http://e) **b** <img src=x>'), '\\[x\\]\\(http\\://e\\) \\*\\*b\\*\\* \\<img src=x\\>');
    fc.assert(
      fc.property(fc.string(), (s) => {
        const escaped = escapeMarkdown(s);
        // Every metacharacter is preceded by a backslash, and no newline survives (table rows).
        assert.ok(!/(^|[^\\])[[\]()<>*_`]/.test(escaped.replace(/\\\\/g, '')), escaped);
        assert.ok(!escaped.includes('\n'));
      }),
    );
    const table = markdownFields('Bill', [['Name', 'a|b'], ['Empty', ''], ['None', null]]);
    assert.ok(table.includes('| Name | a\\|b |'));
    assert.ok(!table.includes('Empty') && !table.includes('None'));
  });

  it('describes filters as shown on collection nodes', () => {
    assert.equal(describeFilter({ status: 'paid', paid: true, after: '2024-01-01T00:00:00Z' }), 'status=paid · paid or withdrawn · after 2024-01-01T00:00:00Z');
    // paid=false: "False will include "pending" and "failed" bills" (the spec's Filtering table).
    assert.equal(describeFilter({ paid: false }), 'pending or failed');
    assert.equal(isFilterEmpty({}), true);
    assert.equal(isFilterEmpty({ name: '' }), true);
  });
});
