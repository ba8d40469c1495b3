import assert from 'node:assert/strict';
import { CONNECT_RESOURCE_PARAMS, USER_PREFILL_FIELDS, validateConnectParams } from '../../../src/core/validation';
import {
  LINK_FORM_FIELDS_BY_TYPE, formFieldOfIssue, linkFormFromJson, linkFormToParams, type LinkForm,
} from '../../../src/core/protocol';
import { CONNECT_RESOURCE_TYPES } from '../../../src/core/api/models';
import { linkBuilderHtml } from '../../../src/extension/links/linkBuilderHtml';

describe('link form ↔ Connect params', () => {
  it('offers exactly the params core accepts for each type (besides merchant_id, which comes from the account)', () => {
    for (const type of CONNECT_RESOURCE_TYPES) {
      const fromForm = new Set(LINK_FORM_FIELDS_BY_TYPE[type].filter((f) => !['redirect_uri', 'cancel_uri', 'state'].includes(f)).map((f) => (f.startsWith('user[') ? 'user' : f)));
      const core = new Set<string>(CONNECT_RESOURCE_PARAMS[type].filter((p) => p !== 'merchant_id'));
      assert.deepEqual([...fromForm].sort(), [...core].sort(), type);
    }
    const userFields = LINK_FORM_FIELDS_BY_TYPE.bill.filter((f) => f.startsWith('user[')).map((f) => f.slice(5, -1));
    assert.deepEqual(userFields.sort(), [...USER_PREFILL_FIELDS].sort());
  });

  it('nests user fields, trims, drops blanks and fields of other types, and reads calendar_intervals as a boolean', () => {
    const form: LinkForm = {
      resourceType: 'pre_authorization',
      fields: { max_amount: ' 20.00 ', amount: '5', interval_length: '1', interval_unit: 'week', calendar_intervals: 'true', 'user[email]': 'a@b.c', 'user[first_name]': '', state: 's1', start_at: '2031-01-01' },
    };
    assert.deepEqual(linkFormToParams(form, 'M1'), {
      resourceType: 'pre_authorization',
      resource: { merchant_id: 'M1', max_amount: '20.00', interval_length: '1', interval_unit: 'week', calendar_intervals: true, user: { email: 'a@b.c' } },
      state: 's1',
    });
  });

  it('maps every issue core can report back to a form field', () => {
    const form: LinkForm = { resourceType: 'subscription', fields: { amount: 'x', interval_length: '0', interval_unit: 'year', currency: 'EUR', 'user[country_code]': 'GB', 'user[email]': 'nope', redirect_uri: 'ftp://x', start_at: '2001-01-01' } };
    const p = linkFormToParams(form, 'M1');
    const issues = validateConnectParams({ resourceType: p.resourceType, resource: p.resource, redirect_uri: p.redirect_uri }, Date.parse('2030-01-01T00:00:00Z'));
    assert.ok(issues.length >= 7);
    for (const i of issues) assert.ok(formFieldOfIssue(i, 'subscription'), `no form field for ${i.field}`);
    assert.equal(formFieldOfIssue({ field: 'subscription[user][country_code]' }, 'subscription'), 'user[country_code]');
    assert.equal(formFieldOfIssue({ field: 'timestamp' }, 'subscription'), undefined);
  });

  it('reads the spec\'s JSON examples into a form, reporting what it left out', () => {
    const spec = { subscription: { amount: '50.00', name: 'Gold membership', merchant_id: 'MERCHANT_ID', interval_length: 1, interval_unit: 'month', currency: 'GBP', user: { first_name: 'Alasdair', country_code: 'GB', shoe_size: 9 } }, redirect_uri: 'https://x.test/r', foo: 1 };
    const r = linkFormFromJson(spec);
    assert.ok(typeof r !== 'string');
    assert.equal(r.form.resourceType, 'subscription');
    assert.deepEqual(r.form.fields, { amount: '50.00', name: 'Gold membership', interval_length: '1', interval_unit: 'month', currency: 'GBP', 'user[first_name]': 'Alasdair', 'user[country_code]': 'GB', redirect_uri: 'https://x.test/r' });
    assert.deepEqual(r.ignored, ['user[shoe_size]', 'foo']);
    const flat = linkFormFromJson({ amount: 10, name: 'n' }, 'bill');
    assert.ok(typeof flat !== 'string');
    assert.deepEqual(flat.form, { resourceType: 'bill', fields: { amount: '10', name: 'n' } });
    assert.equal(typeof linkFormFromJson([1]), 'string');
  });
});

describe('linkBuilderHtml', () => {
  it('sets a nonce CSP with default-src none and loads only the given script and style', () => {
    const html = linkBuilderHtml({ cspSource: 'https://file+.vscode-resource.x', nonce: 'abc+/=', scriptUri: 'https://r/dist/webview/linkBuilder.js', styleUri: 'https://r/media/linkBuilder.css' });
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
    assert.equal(csp, "default-src 'none'; script-src 'nonce-abc+/='; style-src https://file+.vscode-resource.x 'nonce-abc+/='; img-src https://file+.vscode-resource.x data:; font-src https://file+.vscode-resource.x");
    assert.equal(html.match(/<script/g)?.length, 1);
    assert.match(html, /<script type="module" nonce="abc\+\/=" src="https:\/\/r\/dist\/webview\/linkBuilder\.js"><\/script>/);
    assert.ok(!/\son\w+=/.test(html), 'no inline handlers');
  });
});
