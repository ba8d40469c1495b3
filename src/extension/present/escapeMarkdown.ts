/**
 * Values from the network (names, descriptions, emails) go into Markdown
 * tooltips; escape every Markdown and HTML metacharacter so a customer name
 * cannot inject links, images or markup.
 */
export function escapeMarkdown(value: string): string {
  return value.replace(/[\\`*_{}[\]()#+\-.!|<>~&"':$]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}

/** A Markdown table of label/value rows; values are escaped, empty ones dropped. */
export function markdownFields(title: string, rows: ReadonlyArray<readonly [string, string | null | undefined]>): string {
  const lines = [`**${escapeMarkdown(title)}**`, '', '| | |', '|---|---|'];
  for (const [label, value] of rows) {
    if (value === null || value === undefined || value === '') continue;
    lines.push(`| ${escapeMarkdown(label)} | ${escapeMarkdown(value)} |`);
  }
  return lines.join('\n');
}
