/** Plain-text tables for human output. */

/** Display width of a string: East Asian wide characters count as two columns. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    width += isWide(code) ? 2 : 1;
  }
  return width;
}

function isWide(code: number): boolean {
  return (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x20000 && code <= 0x3fffd)
  );
}

/**
 * Format rows under a header, columns separated by two spaces, the last column not padded.
 * @example formatTable(['DBId', 'Name'], [['0f…', 'photos']])
 */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title) => displayWidth(title));
  for (const row of rows) {
    for (let column = 0; column < header.length; column++) {
      widths[column] = Math.max(widths[column], displayWidth(row[column] ?? ''));
    }
  }
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell + ' '.repeat(widths[column] - displayWidth(cell))))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map((row) => line(header.map((_, column) => row[column] ?? '')))].join('\n') + '\n';
}
