/**
 * The detail of one webhook delivery. Everything shown comes from the
 * delivery, i.e. from whoever sent the webhook: it is rendered with
 * textContent only, never as markup.
 */
import { WebviewMessenger, webhookDetailProtocol, type WebhookDetailView } from '../../core/protocol';

interface VsCodeApi { postMessage(message: unknown): void }
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const messenger = new WebviewMessenger({ protocol: webhookDetailProtocol, post: (m) => vscode.postMessage(m) });
window.addEventListener('message', (e: MessageEvent) => messenger.receive(e.data));

type Child = Node | string | null | undefined | false;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    node.append(typeof c === 'string' ? document.createTextNode(c) : c);
  }
  return node;
}

function table(rows: Array<[string, Child]>, id?: string): HTMLTableElement {
  return el('table', id ? { id } : {}, ...rows.map(([k, v]) => el('tr', {}, el('th', { scope: 'row' }, k), el('td', {}, v))));
}

const status = el('p', { id: 'status', role: 'status' });
const root = el('main');
document.body.append(root, status);

function say(text: string, error = false): void {
  status.textContent = text;
  status.className = error ? 'error' : '';
}

async function act(run: () => Promise<{ message: string }>): Promise<void> {
  try {
    say((await run()).message);
  } catch (err) {
    say(err instanceof Error ? err.message : String(err), true);
  }
}

function button(label: string, onClick: () => void, id: string): HTMLButtonElement {
  const b = el('button', { type: 'button', id }, label);
  b.addEventListener('click', onClick);
  return b;
}

/**
 * The expected signature is not part of the view (a stranger chose the payload): a click asks the host to compute
 * it for this delivery, and it is shown here only, as text.
 */
function expectedSignatureCell(): HTMLElement {
  const code = el('code', { id: 'expected-signature' }, '');
  // Hidden until filled: an empty <code> still draws its padded background as a small box beside the button.
  code.hidden = true;
  const cell = el('span', {}, code);
  const ask = button('Show the expected signature', () => void act(async () => {
    const r = await messenger.request('expectedSignature', {});
    code.textContent = r.signature;
    code.hidden = false;
    ask.remove();
    return { message: `The signature ${r.account}'s app secret gives to this payload (computed now, not kept).` };
  }), 'show-expected-signature');
  cell.append(ask);
  return cell;
}

function badge(v: WebhookDetailView): HTMLElement {
  const cls = v.verification === 'valid' ? 'valid' : v.verification === 'not-checked' ? 'neutral' : 'invalid';
  return el('span', { class: `badge ${cls}`, id: 'verdict' }, v.verification);
}

export function render(v: WebhookDetailView): void {
  const title = `${v.resourceType ?? 'unknown'} ${v.action ?? ''}`.trim();
  const objectsTable = v.objects.length === 0 ? el('p', {}, 'No objects.') : (() => {
    const columns = [...new Set(v.objects.flatMap((o) => Object.keys(o)))];
    // "status now" sits beside the webhook's own status (or last when there is none).
    const nowAfter = columns.includes('status') ? 'status' : columns.at(-1);
    const cell = (o: Record<string, string>, c: string): HTMLTableCellElement => {
      const value = o[c] ?? '';
      if (c !== 'id' || value === '') return el('td', {}, value);
      const link = el('a', { href: '#', title: 'Reveal in the Merchants tree' }, value);
      link.addEventListener('click', (e) => { e.preventDefault(); void act(() => messenger.request('reveal', { id: value })); });
      return el('td', {}, link);
    };
    return el('table', { id: 'objects' },
      el('thead', {}, el('tr', {}, ...columns.flatMap((c) => [
        el('th', { scope: 'col' }, c),
        c === nowAfter ? el('th', { scope: 'col', title: 'Read from the API of the account that verified this webhook' }, 'status now') : null,
      ]))),
      el('tbody', {}, ...v.objects.map((o) => el('tr', {}, ...columns.flatMap((c) => [
        cell(o, c),
        c === nowAfter ? el('td', { class: 'status-now', 'data-id': o['id'] ?? '' }, '…') : null,
      ])))));
  })();

  const sig = v.signature;
  const editor = el('textarea', { id: 'payload-editor', rows: '16', spellcheck: 'false', 'aria-label': 'Payload to re-sign' });
  editor.value = v.payload;

  const fwd = v.forward;
  const parts: Child[] = [
    el('h1', {}, badge(v), ' ', title, ' ', el('small', {}, `${v.objectIds.length} object${v.objectIds.length === 1 ? '' : 's'}`)),
    table([
      ['Received', v.receivedAt],
      ['From', `${v.remoteAddress} ${v.method} ${v.path}`],
      ['Our answer', String(v.responseStatus)],
      ['Retry', v.retryOf ? `attempt ${v.attempt}, retry of ${v.retryOf}` : 'first delivery of this event'],
    ], 'summary'),
    v.warnings.length > 0 ? el('ul', { class: 'warnings' }, ...v.warnings.map((w) => el('li', {}, w))) : null,
    el('div', { class: 'actions' },
      button('Replay to app', () => void act(() => messenger.request('replay', {})), 'replay'),
      button('Copy as curl', () => void act(() => messenger.request('copyCurl', {})), 'copy-curl'),
      button('Export as fixture', () => void act(() => messenger.request('exportFixture', {})), 'export'),
    ),
    el('h2', {}, 'Signature check'),
    table([
      ['Verdict', sig.verdict ?? v.verification],
      ['Explanation', sig.reason],
      ['Account', sig.account ?? '—'],
      ['Received signature', el('code', { id: 'received-signature' }, sig.received ?? '—')],
      ['Expected signature', expectedSignatureCell()],
      ['Expected normalized string', el('code', { id: 'expected-normalized', class: 'wrap' }, sig.expectedNormalized ?? '—')],
      ...(sig.variant ? [['Mistake that reproduces it', sig.variant] as [string, Child], ['Its normalized string', el('code', { class: 'wrap' }, sig.variantNormalized ?? '')] as [string, Child]] : []),
    ], 'signature'),
    el('h2', {}, 'Objects'),
    objectsTable,
    el('h2', {}, 'Payload'),
    el('pre', { id: 'payload' }, v.payload),
    el('details', {},
      el('summary', {}, 'Edit, re-sign and send'),
      editor,
      el('div', { class: 'actions' },
        button('Re-sign and send to the listener', () => void act(() => messenger.request('resend', { payload: editor.value, target: 'listener' })), 'resend-listener'),
        button('Re-sign and send to the app', () => void act(() => messenger.request('resend', { payload: editor.value, target: 'app' })), 'resend-app'),
      )),
    el('h2', {}, 'Headers'),
    table(Object.entries(v.headers).map(([k, val]) => [k, val]), 'headers'),
    el('h2', {}, 'Forwarded to your app'),
    fwd ? el('div', { id: 'forward' },
      table([
        ['URL', fwd.url],
        ['At', fwd.at + (fwd.replay ? ' (replay)' : '')],
        ['Status', fwd.status !== null ? String(fwd.status) : `failed: ${fwd.error ?? ''}`],
        ['Latency', `${fwd.latencyMs} ms${fwd.slow ? ' — slower than the 5 s GoCardless waits: it would retry' : ''}`],
      ]),
      el('pre', {}, fwd.body + (fwd.bodyTruncated ? '\n…(truncated)' : '')),
    ) : el('p', {}, v.forwardTo ? 'Not forwarded yet.' : 'No forward URL is set (setting gocardless.webhooks.forwardTo).'),
  ];
  root.replaceChildren(...parts.filter((p): p is Node | string => p !== null && p !== undefined && p !== false));
}

/** Fills the "status now" column: the webhook says what happened, the API what is true now. */
async function showCurrentStatuses(): Promise<void> {
  const cells = [...document.querySelectorAll<HTMLTableCellElement>('#objects td.status-now')];
  if (cells.length === 0) return;
  try {
    const { statuses } = await messenger.request('currentStatuses', {});
    for (const cell of cells) {
      const found = statuses.find((s) => s.id === cell.dataset['id']);
      cell.textContent = found?.status ?? '—';
      cell.title = found?.error ?? '';
    }
  } catch (err) {
    for (const cell of cells) { cell.textContent = '—'; cell.title = err instanceof Error ? err.message : String(err); }
  }
}

function show(v: WebhookDetailView): void {
  render(v);
  void showCurrentStatuses();
}

messenger.on('update', show);
messenger.request('ready', {}).then(show, (err: unknown) => say(err instanceof Error ? err.message : String(err), true));
