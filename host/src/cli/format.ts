/** Left-aligned columns; the last column is not padded and is cut at 60 characters. */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const all = [header, ...rows].map((row) =>
    row.map((cell, i) => (i === row.length - 1 && cell.length > 60 ? `${cell.slice(0, 57)}...` : cell)),
  );
  const widths = header.map((_, i) => Math.max(...all.map((row) => (row[i] ?? '').length)));
  return all.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd(),
  );
}
