// Failure messages of the drivers that compare a whole file with fixtures/expected/.

/**
 * The lines where two texts differ, as one compact hunk: everything between the first and the last line
 * that differ, received and expected, with 1-based line numbers. A whole-file dump would hide the change.
 */
export function differingLines(received: string, expected: string): string {
  const a = received.split('\n');
  const b = expected.split('\n');
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const show = (lines: string[], end: number): string =>
    lines
      .slice(start, end)
      .map((line, index) => `    ${String(start + index + 1).padStart(3)}| ${JSON.stringify(line)}`)
      .join('\n') || '    (nothing)';
  return `  received, from line ${start + 1}:\n${show(a, endA)}\n  expected, from line ${start + 1}:\n${show(b, endB)}`;
}
