// The printed table of `npm run bench`: section titles on their own line, then rows of what was measured,
// its value and its ratio to the floor.

export class Table {
  private readonly rows: string[][] = [];

  section(title: string): void {
    this.rows.push([title]);
  }

  row(label: string, value: string, ratio = ''): void {
    this.rows.push([`  ${label}`, value, ratio]);
  }

  /**
   * Prints the rows in three aligned columns. The targets block has longer labels, so it is aligned on its
   * own rather than widening the whole table.
   */
  print(title: string): void {
    console.log(title);
    const split = this.rows.findIndex((r) => r.length === 1 && r[0] === 'targets');
    const blocks = split < 0 ? [this.rows] : [this.rows.slice(0, split), this.rows.slice(split)];
    for (const block of blocks) {
      const measures = block.filter((r) => r.length > 1);
      const width = [0, 1].map((c) => Math.max(...measures.map((r) => (r[c] ?? '').length)));
      for (const r of block) {
        if (r.length === 1) console.log(r[0]);
        else console.log(`${r[0]!.padEnd(width[0]!)}  ${r[1]!.padEnd(width[1]!)}  ${r[2] ?? ''}`.trimEnd());
      }
    }
  }
}

/** A ratio as the table prints it. */
export const times = (ratio: number): string => `${ratio.toFixed(3)} ×`;
