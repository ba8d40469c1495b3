import { CONNECT_RESOURCE_TYPES, EUR_COUNTRIES, type ConnectResourceType } from '../../core/api/models';
import { LINK_FORM_FIELDS_BY_TYPE, type AccountSummary, type LinkForm, type LinkFormField } from '../../core/protocol';
import { fieldId, h, replaceChildren } from './dom';
import { COUNTRY_OPTIONS, FIELD_SPECS, GROUPS, RESOURCE_TYPE_LABELS, isRequired, type FieldSpec } from './fieldSpecs';

export interface FormCallbacks {
  onInput(field: LinkFormField): void;
  onTypeChange(type: ConnectResourceType): void;
  onAccountChange(accountId: string): void;
}

type Control = HTMLInputElement | HTMLSelectElement;

/**
 * The form: account switcher, resource type, then one fieldset per group with
 * only the fields the chosen type takes. Values of hidden fields are kept, so
 * switching type and back loses nothing; they are never sent in the link.
 */
export class FormView {
  readonly element: HTMLFormElement;
  private readonly controls = new Map<LinkFormField, Control>();
  private readonly rows = new Map<LinkFormField, HTMLElement>();
  private readonly errors = new Map<LinkFormField, HTMLElement>();
  private readonly groupSets = new Map<string, HTMLFieldSetElement>();
  private readonly account: HTMLSelectElement;
  private readonly accountNote: HTMLElement;
  private readonly typeRadios = new Map<ConnectResourceType, HTMLInputElement>();
  private readonly eurNote: HTMLElement;
  private readonly bankHint: HTMLElement;
  private readonly general: HTMLElement;
  private type: ConnectResourceType = 'bill';

  constructor(private readonly callbacks: FormCallbacks) {
    this.account = h('select', { id: 'account', 'aria-describedby': 'account-note' });
    this.account.addEventListener('change', () => callbacks.onAccountChange(this.account.value));
    this.accountNote = h('p', { id: 'account-note', class: 'hint' });

    const typeSet = h('fieldset', { class: 'types' }, h('legend', {}, 'Resource'));
    for (const t of CONNECT_RESOURCE_TYPES) {
      const radio = h('input', { type: 'radio', name: 'resourceType', id: `type-${t}`, value: t });
      radio.addEventListener('change', () => {
        if (radio.checked) callbacks.onTypeChange(t);
      });
      this.typeRadios.set(t, radio);
      typeSet.append(h('label', { for: `type-${t}`, class: 'radio' }, radio, ` ${RESOURCE_TYPE_LABELS[t]}`));
    }

    this.eurNote = h('p', { class: 'hint', id: 'eur-note', hidden: true },
      `EUR payments: the customer's country code must be one of ${Object.entries(EUR_COUNTRIES).map(([c, n]) => `${c} (${n})`).join(', ')}.`);
    this.bankHint = h('p', { class: 'hint bank', id: 'bank-hint' },
      'Sandbox bank details for test payments: account number 55779911, sort code 20-00-00.');
    this.general = h('div', { id: 'form-issues', role: 'status', 'aria-live': 'polite' });

    this.element = h('form', { id: 'link-form', novalidate: true, 'aria-label': 'Payment link parameters' },
      h('div', { class: 'row' }, h('label', { for: 'account' }, 'Account'), this.account, this.accountNote),
      typeSet,
    );
    this.element.addEventListener('submit', (e) => e.preventDefault());
    for (const g of GROUPS) {
      const set = h('fieldset', { id: `group-${g.id}` }, h('legend', {}, g.legend));
      this.groupSets.set(g.id, set);
      this.element.append(set);
    }
    for (const spec of FIELD_SPECS) this.addField(spec);
    this.groupSets.get('payment')?.append(this.eurNote);
    this.groupSets.get('customer')?.append(this.bankHint);
    this.element.append(this.general);
  }

  private addField(spec: FieldSpec): void {
    const id = fieldId(spec.field);
    const errorId = `${id}-error`;
    const hintId = `${id}-hint`;
    const describedBy = [spec.hint ? hintId : '', errorId].filter(Boolean).join(' ');
    let control: Control;
    if (spec.kind === 'select') {
      control = h('select', { id, name: spec.field, 'aria-describedby': describedBy },
        ...(spec.options ?? []).map(([value, label]) => h('option', { value }, label)));
    } else {
      const type = { text: 'text', amount: 'text', integer: 'number', date: 'date', email: 'email', url: 'url', country: 'text' }[spec.kind];
      control = h('input', {
        id, name: spec.field, type, 'aria-describedby': describedBy, autocomplete: 'off', spellcheck: 'false',
        inputmode: spec.kind === 'amount' ? 'decimal' : undefined,
        min: spec.kind === 'integer' ? '1' : undefined, step: spec.kind === 'integer' ? '1' : undefined,
        list: spec.kind === 'country' ? 'countries' : undefined, maxlength: spec.kind === 'country' ? '2' : undefined,
      });
    }
    control.addEventListener('input', () => this.callbacks.onInput(spec.field));
    if (control instanceof HTMLSelectElement) control.addEventListener('change', () => this.callbacks.onInput(spec.field));
    const label = h('label', { for: id }, spec.label, h('span', { class: 'required', hidden: true, 'aria-hidden': 'true' }, ' *'));
    const error = h('p', { id: errorId, class: 'error', role: 'alert' });
    const row = h('div', { class: 'row', 'data-field': spec.field },
      label, control, spec.hint ? h('p', { id: hintId, class: 'hint' }, spec.hint) : null, error);
    if (spec.kind === 'country') {
      row.append(h('datalist', { id: 'countries' }, ...COUNTRY_OPTIONS.map(([code, name]) => h('option', { value: code }, name))));
    }
    this.controls.set(spec.field, control);
    this.rows.set(spec.field, row);
    this.errors.set(spec.field, error);
    this.groupSets.get(spec.group)?.append(row);
  }

  setAccounts(accounts: readonly AccountSummary[], selected: string | null): void {
    replaceChildren(this.account, ...accounts.map((a) =>
      h('option', { value: a.id }, `${a.label} — ${a.isLive ? 'LIVE' : a.environment} (merchant ${a.merchantId})`)));
    if (accounts.length === 0) this.account.append(h('option', { value: '' }, 'No account — add one in the GoCardless view'));
    if (selected !== null) this.account.value = selected;
    const current = accounts.find((a) => a.id === this.account.value);
    this.accountNote.textContent = current?.isLive
      ? 'LIVE account: links take real payments.'
      : current ? 'Links are signed in the extension with this account\'s app secret; the secret never reaches this page.' : '';
    this.accountNote.classList.toggle('live', current?.isLive === true);
    this.bankHint.hidden = current?.isLive === true;
  }

  selectedAccountId(): string {
    return this.account.value;
  }

  setForm(form: LinkForm): void {
    for (const [field, control] of this.controls) control.value = form.fields[field] ?? '';
    this.setType(form.resourceType);
  }

  setType(type: ConnectResourceType): void {
    this.type = type;
    const radio = this.typeRadios.get(type);
    if (radio) radio.checked = true;
    const shown = new Set<string>(LINK_FORM_FIELDS_BY_TYPE[type]);
    for (const [field, row] of this.rows) {
      row.hidden = !shown.has(field);
      const star = row.querySelector('.required');
      const required = isRequired(field, type);
      if (star instanceof HTMLElement) star.hidden = !required;
      this.controls.get(field)?.toggleAttribute('aria-required', required);
    }
    for (const [group, set] of this.groupSets) {
      set.hidden = ![...set.querySelectorAll<HTMLElement>('.row')].some((r) => !r.hidden) && group !== 'customer';
    }
    this.updateEurNote();
  }

  readForm(): LinkForm {
    const fields: LinkForm['fields'] = {};
    for (const [field, control] of this.controls) {
      if (control.value !== '') fields[field] = control.value;
    }
    this.updateEurNote();
    return { resourceType: this.type, fields };
  }

  private updateEurNote(): void {
    this.eurNote.hidden = this.controls.get('currency')?.value !== 'EUR';
  }

  /** Shows each issue under its field (only for fields in `visible`) and the rest in one list. */
  showIssues(issues: readonly { field: LinkFormField | undefined; rule: string; message: string }[], visible: (field: LinkFormField) => boolean): void {
    const byField = new Map<LinkFormField, string>();
    const general: string[] = [];
    for (const i of issues) {
      if (i.field && this.rows.get(i.field)?.hidden === false) {
        if (visible(i.field) && !byField.has(i.field)) byField.set(i.field, `${i.message} (rule: ${i.rule})`);
      } else {
        general.push(`${i.message} (rule: ${i.rule})`);
      }
    }
    for (const [field, el] of this.errors) {
      const message = byField.get(field);
      el.textContent = message ?? '';
      this.controls.get(field)?.setAttribute('aria-invalid', message ? 'true' : 'false');
    }
    replaceChildren(this.general, general.length ? h('ul', { class: 'error' }, ...general.map((g) => h('li', {}, g))) : null);
  }
}
