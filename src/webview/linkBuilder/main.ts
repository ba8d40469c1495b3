import {
  WebviewMessenger, formFieldOfIssue, linkBuilderProtocol, linkFormToParams,
  type AccountSummary, type LinkForm, type LinkFormField,
} from '../../core/protocol';
import { validateConnectParams } from '../../core/validation';
import { h } from './dom';
import { FormView } from './formView';
import { PreviewView } from './previewView';
import { RedirectView } from './redirectView';
import { initialState, isLinkBuilderState, type LinkBuilderState } from './webviewState';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const PREVIEW_DEBOUNCE_MS = 250;

const vscode = acquireVsCodeApi();
const saved = vscode.getState();
const state: LinkBuilderState = isLinkBuilderState(saved) ? saved : initialState();
let accounts: AccountSummary[] = [];
let buildSeq = 0;
let debounce: ReturnType<typeof setTimeout> | undefined;

const messenger = new WebviewMessenger({ protocol: linkBuilderProtocol, post: (m) => vscode.postMessage(m) });
window.addEventListener('message', (e: MessageEvent) => messenger.receive(e.data));

const form = new FormView({
  onInput: (field) => {
    if (!state.touched.includes(field)) state.touched.push(field);
    changed();
  },
  onTypeChange: (type) => {
    state.form = { ...form.readForm(), resourceType: type };
    form.setType(type);
    changed();
  },
  onAccountChange: (id) => {
    state.accountId = id;
    form.setAccounts(accounts, id);
    changed();
  },
});
const preview = new PreviewView();
const redirect = new RedirectView();
const message = h('p', { id: 'host-error', class: 'error', role: 'alert' });

document.body.append(
  h('main', {},
    h('h1', {}, 'Create a payment link'),
    message,
    h('div', { class: 'columns' }, form.element, h('div', { class: 'preview-column' }, preview.element, redirect.element))),
  // On a narrow panel the preview is below the form: this bar keeps the URL and its state in view while typing.
  preview.bar,
);

function save(): void {
  vscode.setState(state);
}

function account(): AccountSummary | undefined {
  return accounts.find((a) => a.id === state.accountId);
}

/** Inline validation with core's own validators; returns whether the form may be signed. */
function validate(current: LinkForm): boolean {
  const merchantId = account()?.merchantId ?? '';
  const params = linkFormToParams(current, merchantId);
  const issues = validateConnectParams({
    resourceType: params.resourceType, resource: params.resource,
    redirect_uri: params.redirect_uri, cancel_uri: params.cancel_uri, state: params.state,
  }, Date.now()).filter((i) => !i.field.endsWith('[merchant_id]') || merchantId === '');
  const touched = new Set(state.touched);
  const anyTouched = touched.size > 0;
  form.showIssues(
    issues.map((i) => ({ ...i, field: formFieldOfIssue(i, current.resourceType) })),
    // A required field shows its error once the user has started on the form; other rules as soon as the field has a value.
    (f: LinkFormField) => touched.has(f) || (anyTouched && issues.some((i) => i.rule === 'required' && formFieldOfIssue(i, current.resourceType) === f)) || current.fields[f] !== undefined,
  );
  return issues.length === 0;
}

function changed(): void {
  state.form = form.readForm();
  save();
  const valid = validate(state.form);
  if (debounce !== undefined) clearTimeout(debounce);
  if (!state.accountId) {
    preview.clear('Choose an account to sign the link.');
    return;
  }
  if (!valid) {
    buildSeq++; // a slower reply for an older form must not show up now
    // Before the user has typed nothing is highlighted, so nothing is called wrong yet.
    preview.clear(state.touched.length === 0 ? 'Fill in the required fields to see the link.' : 'Fix the highlighted fields to see the signed link.');
    return;
  }
  preview.showPending('Signing…');
  debounce = setTimeout(() => void build(), PREVIEW_DEBOUNCE_MS);
}

async function build(): Promise<void> {
  const seq = ++buildSeq;
  const accountId = state.accountId;
  if (!accountId) return;
  try {
    const reply = await messenger.request('buildLink', { accountId, form: state.form });
    if (seq !== buildSeq) return;
    message.textContent = '';
    if (reply.ok) preview.show(reply.link, Date.now());
    else {
      form.showIssues(reply.issues.map((i) => ({ ...i, field: formFieldOfIssue(i, state.form.resourceType) })), () => true);
      preview.clear('The extension refused these parameters: see the fields.');
    }
  } catch (e) {
    if (seq === buildSeq) preview.clear(`Could not sign the link: ${errorText(e)}`);
  }
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

async function act(run: () => Promise<unknown>): Promise<void> {
  try {
    message.textContent = '';
    await run();
  } catch (e) {
    message.textContent = errorText(e);
  }
}

preview.copyUrl.addEventListener('click', () => void act(async () => {
  if (preview.current) await messenger.request('copyText', { text: preview.current.url, what: 'url' });
}));
preview.openUrl.addEventListener('click', () => void act(async () => {
  if (preview.current) await messenger.request('openExternal', { url: preview.current.url });
}));
preview.language.value = state.language;
preview.language.addEventListener('change', () => {
  state.language = preview.language.value as LinkBuilderState['language'];
  save();
});
preview.copyCode.addEventListener('click', () => void act(async () => {
  if (!state.accountId) return;
  const { code } = await messenger.request('codeSnippet', { accountId: state.accountId, form: state.form, language: state.language });
  preview.showCode(code);
  await messenger.request('copyText', { text: code, what: 'code' });
}));
preview.testLink.addEventListener('click', () => void act(async () => {
  const link = preview.current;
  if (!link || !state.accountId) return;
  preview.showTestPending();
  try {
    const result = await messenger.request('testLink', { accountId: state.accountId, url: link.url });
    // The payment page stored the tested link's nonce, so that link would now be refused: sign a fresh one.
    if (result.outcome === 'accepted') await build();
    preview.showTestResult(result);
  } catch (e) {
    preview.showTestError(errorText(e));
  }
}));
preview.rebuild.addEventListener('click', () => void build());

redirect.input.value = state.redirectUrl;
redirect.input.addEventListener('input', () => {
  state.redirectUrl = redirect.input.value;
  save();
});
const verifyRedirect = (): Promise<void> => act(async () => {
  if (!state.accountId || redirect.input.value.trim() === '') return;
  try {
    redirect.showCheck(await messenger.request('verifyRedirect', { accountId: state.accountId, url: redirect.input.value.trim() }));
  } catch (e) {
    redirect.showError(errorText(e));
  }
});
redirect.verify.addEventListener('click', () => void verifyRedirect());
redirect.input.addEventListener('keydown', (e) => {
  if (e.key === 'Enter') void verifyRedirect();
});
redirect.confirm.addEventListener('click', () => void act(async () => {
  const r = redirect.resource;
  if (!r || !state.accountId) return;
  if (r.type !== 'bill' && r.type !== 'subscription' && r.type !== 'pre_authorization') return;
  redirect.confirm.disabled = true;
  try {
    redirect.showConfirm(await messenger.request('confirmResource', { accountId: state.accountId, resourceId: r.id, resourceType: r.type }));
  } catch (e) {
    redirect.confirm.disabled = false;
    throw e;
  }
}));

let activeAccountId: string | null = null;
messenger.on('accounts', (p) => {
  accounts = p.accounts;
  // Follow a switch of the active account made elsewhere (status bar, tree); otherwise keep this form's choice.
  if (p.activeAccountId !== activeAccountId && p.activeAccountId !== null) state.accountId = p.activeAccountId;
  activeAccountId = p.activeAccountId;
  if (!accounts.some((a) => a.id === state.accountId)) state.accountId = p.activeAccountId ?? accounts[0]?.id ?? null;
  form.setAccounts(accounts, state.accountId);
  changed();
});
messenger.on('prefill', (p) => {
  state.form = p.form;
  state.touched = Object.keys(p.form.fields);
  if (p.accountId !== null && accounts.some((a) => a.id === p.accountId)) state.accountId = p.accountId;
  form.setAccounts(accounts, state.accountId);
  form.setForm(p.form);
  changed();
});
messenger.on('redirectReceived', (p) => {
  redirect.input.value = p.url;
  state.redirectUrl = p.url;
  if (p.accountId !== null && accounts.some((a) => a.id === p.accountId)) state.accountId = p.accountId;
  save();
  redirect.showCheck(p.check);
  redirect.element.scrollIntoView({ block: 'nearest' });
});

setInterval(() => preview.tick(Date.now()), 1000);

form.setForm(state.form);
void act(async () => {
  const init = await messenger.request('ready', {});
  accounts = init.accounts;
  activeAccountId = init.activeAccountId;
  if (init.prefill) {
    state.form = init.prefill;
    state.touched = Object.keys(init.prefill.fields);
    form.setForm(init.prefill);
  }
  if (!accounts.some((a) => a.id === state.accountId)) state.accountId = init.activeAccountId ?? accounts[0]?.id ?? null;
  form.setAccounts(accounts, state.accountId);
  document.body.dataset['ready'] = 'true';
  changed();
});
