// A small unified diff for `check --fix-dry-run`. It is written here rather than taken from an npm package
// because the CLI needs only line diffs of a fixed file against its original, where the fixes change a few
// lines: Myers' O((N+M)·D) algorithm after trimming the common head and tail is fast for that, and keeping
// it in the bundle costs no dependency to audit. Lines keep their own endings (a CRLF file's diff has CRLF
// lines, as `git apply` expects), and a last line without a newline is marked as diff and patch mark it.

type Op = { kind: ' ' | '-' | '+'; line: string };

/** The lines of `text`, each with its line ending; a last line without one is kept as it is. */
function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/** The shortest edit script from `a` to `b` (Myers), as kept, removed and added lines in order. */
function myers(a: readonly string[], b: readonly string[]): Op[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const off = max + 1;
  let v = new Int32Array(2 * max + 3);
  // trace[d] is the furthest-reaching x per diagonal before round d, for walking the path back.
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    trace.push(v);
    v = v.slice();
    for (let k = -d; k <= d; k += 2) {
      let x =
        k === -d || (k !== d && v[k - 1 + off]! < v[k + 1 + off]!) ? v[k + 1 + off]! : v[k - 1 + off]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[k + off] = x;
      if (x >= n && y >= m) return backtrack(trace, a, b, off);
    }
  }
  return backtrack(trace, a, b, off);
}

function backtrack(
  trace: readonly Int32Array[],
  a: readonly string[],
  b: readonly string[],
  off: number,
): Op[] {
  const ops: Op[] = [];
  let x = a.length;
  let y = b.length;
  for (let d = trace.length - 1; d >= 0; d--) {
    const v = trace[d]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && v[k - 1 + off]! < v[k + 1 + off]!) ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : v[prevK + off]!;
    const prevY = d === 0 ? 0 : prevX - prevK;
    while (x > prevX && y > prevY) {
      ops.push({ kind: ' ', line: a[--x]! });
      y--;
    }
    if (d > 0) {
      if (x === prevX) ops.push({ kind: '+', line: b[--y]! });
      else ops.push({ kind: '-', line: a[--x]! });
    }
  }
  return ops.reverse();
}

/** The line diff of `a` and `b`: the common head and tail are set aside first so that Myers sees only the middle. */
function diffLines(a: readonly string[], b: readonly string[]): Op[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let endA = a.length;
  let endB = b.length;
  while (endA > head && endB > head && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const same = (line: string): Op => ({ kind: ' ', line });
  return [
    ...a.slice(0, head).map(same),
    ...myers(a.slice(head, endA), b.slice(head, endB)),
    ...a.slice(endA).map(same),
  ];
}

/**
 * A unified diff (three lines of context) that turns `before` into `after`; '' when the texts are equal. A
 * relative `path` gets git's `a/` and `b/` prefixes (apply with `git apply` or `patch -p1` from the same
 * folder); an absolute one is named as it is (`patch -p0`), since `a//tmp/x` would name no file.
 */
export function unifiedDiff(path: string, before: string, after: string, context = 3): string {
  if (before === after) return '';
  const slashed = path.split('\\').join('/');
  const absolute = /^(\/|[A-Za-z]:\/)/.test(slashed);
  const ops = diffLines(splitLines(before), splitLines(after));
  const changed = ops.flatMap((op, i) => (op.kind === ' ' ? [] : [i]));
  let out = absolute ? `--- ${slashed}\n+++ ${slashed}\n` : `--- a/${slashed}\n+++ b/${slashed}\n`;
  let i = 0;
  while (i < changed.length) {
    // A hunk runs from the first change to the last one whose gap to the next is within twice the context.
    let last = i;
    while (last + 1 < changed.length && changed[last + 1]! - changed[last]! <= 2 * context + 1) last++;
    const from = Math.max(0, changed[i]! - context);
    const to = Math.min(ops.length, changed[last]! + context + 1);
    // Where the hunk starts in each text: the lines of that side before it.
    let oldStart = 0;
    let newStart = 0;
    for (let j = 0; j < from; j++) {
      if (ops[j]!.kind !== '+') oldStart++;
      if (ops[j]!.kind !== '-') newStart++;
    }
    const body = ops.slice(from, to);
    const oldLength = body.filter((op) => op.kind !== '+').length;
    const newLength = body.filter((op) => op.kind !== '-').length;
    // An empty side is numbered by the line before it, as diff does.
    const range = (start: number, length: number): string => `${length === 0 ? start : start + 1},${length}`;
    out += `@@ -${range(oldStart, oldLength)} +${range(newStart, newLength)} @@\n`;
    for (const op of body) {
      out += op.kind + op.line;
      if (!op.line.endsWith('\n')) out += '\n\\ No newline at end of file\n';
    }
    i = last + 1;
  }
  return out;
}
