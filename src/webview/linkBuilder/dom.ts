/**
 * The only way this webview creates elements: every value becomes a text
 * node or an attribute set through the DOM, never HTML, so names and
 * descriptions such as `<img src=x onerror=…>` stay text.
 */
export type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Readonly<Record<string, string | boolean | undefined>> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    // Event handlers are attached with addEventListener only.
    if (value === undefined || value === false || /^on/i.test(name)) continue;
    el.setAttribute(name, value === true ? '' : value);
  }
  append(el, ...children);
  return el;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    parent.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
  }
}

export function replaceChildren(parent: Element, ...children: Child[]): void {
  while (parent.firstChild) parent.removeChild(parent.firstChild);
  append(parent, ...children);
}

/** `user[first_name]` → `field-user-first_name`: ids usable in CSS selectors and `for` attributes. */
export function fieldId(field: string): string {
  return `field-${field.replace(/\[/g, '-').replace(/\]/g, '')}`;
}
