/**
 * Notification texts are not Markdown, but VS Code turns one piece of syntax
 * in them into a clickable link: `[label](target)` right after one another,
 * with a target starting `command:`, `http(s)://` or `file:`. Messages quote
 * untrusted text (a redirect's parameters, merchant names, server error
 * messages, forward errors), and a `command:` link runs a command on click.
 * The link needs `](` with nothing in between, so a space there leaves the
 * text readable and never a link.
 */
export function plainMessageText(text: string): string {
  return text.replace(/\]\(/g, '] (');
}
