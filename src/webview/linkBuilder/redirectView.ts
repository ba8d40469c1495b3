import type { ConfirmReply, RedirectCheck } from '../../core/protocol';
import { h, replaceChildren } from './dom';

/** "Paste the URL the customer came back with": verify, then confirm. */
export class RedirectView {
  readonly element: HTMLElement;
  readonly input = h('input', { id: 'redirect-url', type: 'url', autocomplete: 'off', spellcheck: 'false', 'aria-describedby': 'redirect-hint' });
  readonly verify = h('button', { type: 'button', id: 'verify-redirect' }, 'Verify');
  readonly confirm = h('button', { type: 'button', id: 'confirm-resource', hidden: true }, 'Confirm');
  private readonly result = h('div', { id: 'redirect-result', role: 'status', 'aria-live': 'polite' });
  private readonly confirmResult = h('div', { id: 'confirm-result', role: 'status', 'aria-live': 'polite' });
  private checked: RedirectCheck | null = null;

  constructor() {
    this.element = h('section', { id: 'redirect', 'aria-labelledby': 'redirect-heading' },
      h('h2', { id: 'redirect-heading' }, 'Redirect'),
      h('label', { for: 'redirect-url' }, 'Redirect URL the customer came back with'),
      h('div', { class: 'inline' }, this.input, this.verify),
      h('p', { id: 'redirect-hint', class: 'hint' }, 'Its signature covers resource_id, resource_type, resource_uri and state; confirm the resource (POST /api/v1/confirm) or GoCardless removes it.'),
      this.result, this.confirm, this.confirmResult);
  }

  get resource(): RedirectCheck['resource'] {
    return this.checked?.valid ? this.checked.resource : null;
  }

  showCheck(check: RedirectCheck): void {
    this.checked = check;
    const r = check.resource;
    replaceChildren(this.result,
      h('p', { class: `outcome ${check.valid ? 'accepted' : 'rejected'}` }, check.valid ? 'Valid signature.' : 'Invalid redirect.'),
      r ? h('p', {}, `Resource: ${r.type} ${r.id}`, r.state !== null ? ` (state ${r.state})` : '') : null,
      r ? h('p', {}, 'URI: ', h('code', { class: 'wrap' }, r.uri)) : null,
      h('p', {}, check.reason));
    this.confirm.hidden = !(check.valid && r);
    this.confirm.disabled = false;
    replaceChildren(this.confirmResult);
  }

  showError(message: string): void {
    this.checked = null;
    this.confirm.hidden = true;
    replaceChildren(this.result, h('p', { class: 'error' }, message));
  }

  showConfirm(reply: ConfirmReply): void {
    this.confirm.disabled = reply.ok;
    replaceChildren(this.confirmResult, h('p', { class: `outcome ${reply.ok ? 'accepted' : 'rejected'}` }, reply.message));
  }
}
