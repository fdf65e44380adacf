// Edit distance, for "did you mean": misspelt rule ids in the configuration and the CLI, and the rules that
// point at a likely misspelling (toleration-typo, hpa-target-missing).

/**
 * Optimal string alignment distance: insertions, deletions, substitutions and transpositions of two
 * adjacent characters (the commonest typo: `hiapa` for `hipaa`) each count one. Gives up above `max`
 * (returns max + 1).
 */
export function editDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(rows[i - 1]![j]! + 1, row[j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, rows[i - 2]![j - 2]! + 1);
      }
      row.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > max) return max + 1;
    rows.push(row);
  }
  return rows[a.length]![b.length]!;
}

/** The known name closest to `name`, when it is close enough to be a plausible typo (at most three edits). */
export function closest(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const distance = editDistance(name, candidate, 3);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  // Three edits catch swapped or dropped letters in a kebab-case id without suggesting unrelated names.
  return bestDistance <= Math.min(3, Math.floor(name.length / 2)) ? best : undefined;
}
