import { SNIPPET_LANGUAGES, type ConnectLinkTestResult, type LinkPreview, type SnippetLanguage } from '../../core/protocol';
import { remainingText } from './countdown';
import { h, replaceChildren } from './dom';
import { drawQr } from './qrCanvas';
import { loopbackNote } from './loopbackNote';

const LANGUAGE_LABELS: Readonly<Record<SnippetLanguage, string>> = { node: 'Node.js', ruby: 'Ruby', python: 'Python', php: 'PHP' };

/** The live preview of the signed link and the actions on it. */
export class PreviewView {
  readonly element: HTMLElement;
  readonly copyUrl = h('button', { type: 'button', id: 'copy-url', disabled: true }, 'Copy URL');
  readonly openUrl = h('button', { type: 'button', id: 'open-url', class: 'secondary', disabled: true }, 'Open in browser');
  readonly language = h('select', { id: 'language', 'aria-label': 'Code language' },
    ...SNIPPET_LANGUAGES.map((l) => h('option', { value: l }, LANGUAGE_LABELS[l])));
  readonly copyCode = h('button', { type: 'button', id: 'copy-code', class: 'secondary', disabled: true }, 'Copy as code');
  readonly showQr = h('button', { type: 'button', id: 'show-qr', class: 'secondary', disabled: true, 'aria-expanded': 'false', 'aria-controls': 'qr-box' }, 'QR code');
  readonly testLink = h('button', { type: 'button', id: 'test-link', class: 'secondary', disabled: true }, 'Test the link');
  readonly rebuild = h('button', { type: 'button', id: 'rebuild', class: 'secondary', hidden: true }, 'Build a fresh link');

  private readonly status = h('p', { id: 'preview-status', role: 'status', 'aria-live': 'polite' }, 'Fill in the required fields to see the link.');
  private readonly details = h('div', { id: 'preview-details', hidden: true });
  private readonly url = h('code', { id: 'link-url', class: 'wrap' });
  private readonly expiry = h('p', { id: 'expiry' });
  private readonly signature = h('code', { id: 'signature' });
  private readonly normalized = h('code', { id: 'normalized', class: 'wrap' });
  private readonly pairs = h('tbody', { id: 'pairs' });
  private readonly code = h('pre', { id: 'code', hidden: true, tabindex: '0', 'aria-label': 'Code snippet' });
  private readonly qrBox = h('div', { id: 'qr-box', hidden: true });
  private readonly qr = h('canvas', { id: 'qr', role: 'img', 'aria-label': 'QR code of the payment link' });
  private readonly qrNote = h('p', { id: 'qr-note', class: 'note' });
  private readonly testResult = h('div', { id: 'test-result', role: 'status', 'aria-live': 'polite' });
  private link: LinkPreview | null = null;
  private readonly barStatus = h('span', { id: 'url-bar-status' });
  private readonly barUrl = h('code', { id: 'url-bar-url' });
  /** The URL and its state, fixed at the bottom of a narrow panel (CSS shows it only there). */
  readonly bar = h('div', { id: 'url-bar', 'aria-hidden': 'true' }, this.barStatus, this.barUrl);

  constructor() {
    this.qrBox.append(this.qr, this.qrNote);
    this.details.append(
      h('h3', {}, 'Final URL'), h('div', { class: 'box' }, this.url), this.expiry, this.rebuild,
      h('div', { class: 'actions' }, this.copyUrl, this.openUrl, this.language, this.copyCode, this.showQr, this.testLink),
      this.code, this.qrBox, this.testResult,
      h('h3', {}, 'Signature'), h('div', { class: 'box' }, this.signature),
      h('h3', {}, 'Normalized string (what is signed)'), h('div', { class: 'box' }, this.normalized),
      h('h3', {}, 'Flattened parameters'),
      h('table', { id: 'pairs-table' }, h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Key'), h('th', { scope: 'col' }, 'Value'))), this.pairs),
    );
    this.element = h('section', { id: 'preview', 'aria-labelledby': 'preview-heading' },
      h('h2', { id: 'preview-heading' }, 'Preview'), this.status, this.details);
    this.showQr.addEventListener('click', () => this.toggleQr());
  }

  get current(): LinkPreview | null {
    return this.link;
  }

  showPending(message: string): void {
    this.status.textContent = message;
    this.barStatus.textContent = message;
  }

  /** No link (invalid form, or no account): keep the old one out of reach of the actions. */
  clear(message: string): void {
    this.link = null;
    this.status.textContent = message;
    this.barStatus.textContent = message;
    this.barUrl.textContent = '';
    this.details.hidden = true;
    for (const b of [this.copyUrl, this.openUrl, this.copyCode, this.showQr, this.testLink]) b.disabled = true;
  }

  show(link: LinkPreview, now: number): void {
    this.link = link;
    this.status.textContent = `Signed ${link.resourceType.replace('_', '-')} link, ${link.pairs.length} parameters.`;
    this.details.hidden = false;
    this.url.textContent = link.url;
    this.barStatus.textContent = this.status.textContent;
    this.barUrl.textContent = link.url;
    this.signature.textContent = link.signature;
    this.normalized.textContent = link.normalized;
    replaceChildren(this.pairs, ...link.pairs.map(([k, v]) => h('tr', {}, h('td', {}, k), h('td', {}, v))));
    for (const b of [this.copyUrl, this.openUrl, this.copyCode, this.showQr, this.testLink]) b.disabled = false;
    replaceChildren(this.testResult);
    this.code.hidden = true;
    if (!this.qrBox.hidden) drawQr(this.qr, link.url);
    this.qrNote.textContent = loopbackNote(link.url);
    this.qrNote.hidden = this.qrNote.textContent === '';
    this.tick(now);
  }

  /** Updates the countdown to the link's expiry (3 hours after its timestamp). */
  tick(now: number): void {
    if (!this.link) return;
    const left = remainingText(this.link.expiresAt, now);
    this.expiry.textContent = left
      ? `Expires in ${left} (at ${this.link.expiresAt}; timestamp ${this.link.timestamp}).`
      : `Expired at ${this.link.expiresAt}: the payment page would answer "Timestamp has expired".`;
    this.expiry.classList.toggle('expired', left === null);
    this.rebuild.hidden = left !== null;
    this.testLink.disabled = left === null;
  }

  showCode(code: string): void {
    this.code.textContent = code;
    this.code.hidden = false;
  }

  private toggleQr(): void {
    const show = this.qrBox.hidden;
    this.qrBox.hidden = !show;
    this.showQr.setAttribute('aria-expanded', String(show));
    if (show && this.link) {
      try {
        drawQr(this.qr, this.link.url);
      } catch (e) {
        replaceChildren(this.qrBox, h('p', { class: 'error' }, `This link is too long for a QR code (${e instanceof Error ? e.message : String(e)}).`));
      }
    }
  }

  showTestPending(): void {
    replaceChildren(this.testResult, h('p', {}, 'Sending the link to the payment page…'));
  }

  showTestResult(r: ConnectLinkTestResult): void {
    const title = {
      accepted: 'Accepted: the payment page opened. The preview now shows a fresh link (the tested one used its nonce).',
      rejected: `Rejected (HTTP ${r.status ?? '?'}): "${r.message}"`,
      unreachable: `Unreachable: ${r.message}`,
      unexpected: `Unexpected answer: ${r.message}`,
    }[r.outcome];
    const diagnosis = r.diagnosis
      ? h('div', { class: 'diagnosis' },
        h('p', {}, `Diagnosis (${r.diagnosis.verdict}): ${r.diagnosis.reason}`),
        h('p', {}, 'Expected signature: ', h('code', {}, r.diagnosis.expectedSignature)),
        h('p', {}, 'Received signature: ', h('code', {}, r.diagnosis.receivedSignature ?? '(none)')),
        h('p', {}, 'Expected normalized string: ', h('code', { class: 'wrap' }, r.diagnosis.expectedNormalized)))
      : null;
    replaceChildren(this.testResult,
      h('p', { class: `outcome ${r.outcome}` }, title),
      r.cause ? h('p', {}, `Cause: ${r.cause.replace('_', ' ')}.`) : null,
      h('p', {}, r.advice),
      diagnosis,
      h('p', { class: 'hint' }, `${r.elapsedMs} ms`));
  }

  showTestError(message: string): void {
    replaceChildren(this.testResult, h('p', { class: 'error' }, message));
  }
}
