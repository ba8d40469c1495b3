/**
 * A snippet body as VS Code inserts it when every placeholder keeps its
 * default: `\$`, `\}` and `\\` unescaped, `${1:text}` → text, `$1` and `$0` → nothing.
 */
export function expandSnippet(body: readonly string[]): string {
  const text = body.join('\n');
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\' && i + 1 < text.length && '$}\\'.includes(text[i + 1]!)) {
      out += text[++i];
    } else if (c === '$' && /\d/.test(text[i + 1] ?? '')) {
      while (/\d/.test(text[i + 1] ?? '')) i++;
    } else if (c === '$' && text[i + 1] === '{') {
      const m = /^\$\{\d+:([^}]*)\}/.exec(text.slice(i));
      if (!m) throw new Error(`unsupported snippet syntax at ${JSON.stringify(text.slice(i, i + 20))}`);
      out += m[1];
      i += m[0].length - 1;
    } else {
      out += c;
    }
  }
  return out;
}

export interface SnippetFile { readonly [title: string]: { readonly prefix: string; readonly description: string; readonly body: readonly string[] } }

export const SNIPPET_PREFIXES = ['gocardless-sign', 'gocardless-link', 'gocardless-confirm', 'gocardless-webhook', 'gocardless-bills'] as const;
