/** A NUL in the first 8 KiB marks a binary file, as git decides; such files are not scanned. */
export function looksBinary(text: string): boolean {
  return text.slice(0, 8192).includes('\u0000');
}
