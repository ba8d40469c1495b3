/* global document -- functions passed to waitForFunction/evaluate run in the page */
// Drives the VS Code workbench in Chromium by what a person sees: activity-bar
// labels, tree rows' accessible labels, command titles in F1. Every step waits
// on a real element state, never on a fixed delay.

export class Workbench {
  /** @param {import('playwright-core').Page} page */
  constructor(page) {
    this.page = page;
  }

  async ready(timeout = 60_000) {
    await this.page.waitForSelector('.monaco-workbench .part.activitybar', { timeout });
    await this.page.waitForSelector('.monaco-workbench .part.statusbar', { timeout });
  }

  /** Opens a view container from the activity bar by its label (e.g. "GoCardless"). */
  async openContainer(label) {
    const item = this.page.locator(`.part.activitybar [aria-label^="${label}"]`).first();
    await item.waitFor({ timeout: 30_000 });
    const sidebarTitle = this.page.locator('.part.sidebar .composite.title');
    if (!((await sidebarTitle.textContent().catch(() => '')) ?? '').toUpperCase().includes(label.toUpperCase())) await item.click();
    await this.page.waitForFunction(
      (l) => document.querySelector('.part.sidebar .composite.title')?.textContent?.toUpperCase().includes(l.toUpperCase()),
      label, { timeout: 30_000 });
  }

  /** A tree/list row in the side bar whose accessible label starts with `prefix` (or matches a RegExp). */
  row(prefix) {
    const rows = this.page.locator('.part.sidebar .monaco-list-row');
    if (prefix instanceof RegExp) return rows.filter({ hasText: prefix }).first();
    return this.page.locator(`.part.sidebar .monaco-list-row[aria-label^="${prefix.replace(/"/g, '\\"')}"]`).first();
  }

  async waitForRow(prefix, timeout = 30_000) {
    const r = this.row(prefix);
    await r.waitFor({ timeout });
    return r;
  }

  /** Expands a collapsed row and waits until its children have rendered. */
  async expand(prefix) {
    const r = await this.waitForRow(prefix);
    if ((await r.getAttribute('aria-expanded')) !== 'true') await r.click();
    await this.page.waitForFunction((el) => el.getAttribute('aria-expanded') === 'true', await r.elementHandle());
    const level = Number(await r.getAttribute('aria-level'));
    const index = Number(await r.getAttribute('data-index'));
    // The first child is the row right after it, one level deeper.
    await this.page.locator(`.part.sidebar .monaco-list-row[data-index="${index + 1}"][aria-level="${level + 1}"]`).waitFor({ timeout: 30_000 });
  }

  /** Runs a command by its palette title ("GoCardless: Use Local Sandbox"). */
  async runCommand(title) {
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(`>${title}`);
    // Click the entry whose title matches exactly: Enter would take whatever ranks first.
    const pick = this.page.locator('.quick-input-widget .monaco-list-row')
      .filter({ has: this.page.getByText(title, { exact: true }) }).first();
    await pick.waitFor();
    await pick.click();
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden' }).catch(() => undefined);
  }

  /** The content of the active webview (an iframe inside the webview's host iframe). */
  webview() {
    return this.page.frameLocator('iframe.webview.ready').last().frameLocator('iframe#active-frame');
  }

  /** Chooses the entry labelled `label` in the open quick pick. */
  async pick(label) {
    const row = this.page.locator('.quick-input-widget .monaco-list-row')
      .filter({ has: this.page.getByText(label, { exact: true }) }).first();
    await row.waitFor();
    await row.click();
  }

  /** Opens a workspace file by name through Quick Open. */
  async openFile(name) {
    await this.page.keyboard.press('Control+P');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(name);
    await this.pick(name);
    await this.page.locator('.part.editor .tab', { hasText: name }).first().waitFor();
  }

  /** Hides toasts so they don't cover the picture. */
  async clearNotifications() {
    await this.runCommand('Notifications: Clear All Notifications');
  }

  /** Drags the sash on the side bar's right edge so long labels fit. */
  async setSidebarWidth(px) {
    const sidebar = await this.page.locator('.part.sidebar').boundingBox();
    if (!sidebar) throw new Error('no side bar to resize');
    const edge = sidebar.x + sidebar.width;
    const sashes = await this.page.locator('.monaco-sash.vertical').evaluateAll((els) => els.map((e) => {
      const r = e.getBoundingClientRect();
      return { x: r.x + r.width / 2, y: r.y + r.height / 2, h: r.height };
    }));
    const sash = sashes.filter((s) => s.h > 100).sort((a, b) => Math.abs(a.x - edge) - Math.abs(b.x - edge))[0];
    if (!sash || Math.abs(sash.x - edge) > 10) throw new Error('no sash at the side bar edge');
    await this.page.mouse.move(sash.x, sash.y);
    await this.page.mouse.down();
    await this.page.mouse.move(sidebar.x + px, sash.y, { steps: 8 });
    await this.page.mouse.up();
    await this.page.waitForFunction((w) => Math.abs((document.querySelector('.part.sidebar')?.getBoundingClientRect().width ?? 0) - w) < 40, px, { timeout: 5000 });
  }

  /** Waits until no progress bar runs (views loading, commands running) and extensions have activated. */
  async idle(timeout = 30_000) {
    await this.page.waitForFunction(() => ![...document.querySelectorAll('.monaco-progress-container')]
      .some((p) => p.classList.contains('active') && p.getBoundingClientRect().width > 0) &&
      !document.querySelector('.part.statusbar')?.textContent?.includes('Activating Extensions'), undefined, { timeout });
  }

  /**
   * Right-clicks `target` (a locator) and chooses the menu entry labelled `label`.
   * A view that re-lays out (another pane filling in) can swallow the first click, so
   * the right-click is repeated until the menu shows (bounded).
   */
  async contextMenu(target, label) {
    const entry = this.page.locator('.monaco-menu .action-label', { hasText: label }).first();
    for (let attempt = 1; ; attempt++) {
      await target.waitFor();
      await target.click({ button: 'right' });
      try {
        await entry.waitFor({ timeout: 5_000 });
        break;
      } catch (e) {
        if (attempt >= 3) throw e;
        await this.page.keyboard.press('Escape');
      }
    }
    // Chosen with the keyboard: the pointer moves onto the entry (which focuses it) and Enter runs it. A
    // mouse click on the entry was seen to leave the menu open with nothing run (the menu acts on mouseup,
    // and the synthetic click's was lost), which the keyboard never does.
    await entry.hover();
    await this.page.keyboard.press('Enter');
    await entry.waitFor({ state: 'hidden', timeout: 10_000 });
  }

  /** Collapses a side-bar pane (e.g. "Webhooks") so the others get its room. */
  async collapsePane(title) {
    const header = this.page.locator('.part.sidebar .pane-header', { hasText: title }).first();
    await header.waitFor();
    if ((await header.getAttribute('aria-expanded')) === 'true') {
      await header.click();
      await this.page.waitForFunction((el) => el.getAttribute('aria-expanded') === 'false', await header.elementHandle());
    }
  }

}
