import type { TextPosition, TextSpan } from './SecretFinding';

/** Offsets to editor positions for one text (lines split at \n, \r\n or \r, as editors do). */
export class LineIndex {
  private built: number[] | undefined;

  constructor(readonly text: string) {}

  /** Line starts, computed on first use: most scans find nothing and never need them. */
  private get starts(): number[] {
    if (this.built) return this.built;
    const starts = [0];
    const text = this.text;
    if (!text.includes('\r')) {
      // The common case, with the native search: far cheaper than a loop over every character.
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    } else {
      for (let i = 0; i < text.length; i++) {
        const ch = text.charCodeAt(i);
        if (ch === 13 /* \r */) {
          if (text.charCodeAt(i + 1) === 10) i++;
          starts.push(i + 1);
        } else if (ch === 10) {
          starts.push(i + 1);
        }
      }
    }
    this.built = starts;
    return starts;
  }

  lineOf(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  lineStart(line: number): number {
    return this.starts[line] ?? this.text.length;
  }

  position(offset: number): TextPosition {
    const line = this.lineOf(offset);
    return { line, character: offset - this.lineStart(line) };
  }

  span(offset: number, length: number): TextSpan {
    return { offset, length, range: { start: this.position(offset), end: this.position(offset + length) } };
  }

  /** The text of a line without its line break. */
  lineText(line: number): string {
    const start = this.lineStart(line);
    const next = this.starts[line + 1];
    return this.text.slice(start, next ?? this.text.length).replace(/\r?\n$|\r$/, '');
  }
}
