// The rendered output of one entry point as YAML text that the engine analyses like any file, with a map from
// each place in that text back to the file and offset it came from. The rules stay unaware of Kustomize: they
// read an ordinary multi-document file, and their findings are carried back through the map to the base,
// patch or kustomization that wrote the flagged key.
//
// The text is the analysis's own, never shown: strings are always double-quoted (JSON's escapes are YAML's),
// so that a value keeps its type whatever it looks like, and keys are quoted only when they must be.
import type { Span } from '../types';
import type { RenderedObject } from './model';
import type { Origin, RNode } from './tree';

/** A stretch of the printed text and the origin of the node printed there. */
interface Segment {
  start: number;
  end: number;
  origin: Origin;
}

/** A place in a real file. */
export interface MappedSpan {
  uri: string;
  span: Span;
}

export class PrintedOutput {
  constructor(
    readonly text: string,
    /** Segments in the order they were printed: a node's segment comes before those of its children. */
    private readonly segments: readonly Segment[],
  ) {}

  /**
   * Where a span of the printed text came from. Each end is carried to the file of the innermost node that
   * holds it, at the same distance from that node's start (clamped to the node's span, since a string may be
   * quoted differently there); when the ends land in different files, or out of order, the span becomes the
   * whole node that holds the start. Undefined when the span is outside every object (a `---` line).
   */
  locate(span: Span): MappedSpan | undefined {
    const at = this.innermost(span.start, span.end);
    if (!at) return undefined;
    const start = this.point(at, span.start);
    // The end is exclusive: it belongs with the node that holds the span's last character.
    const endSegment = span.end === span.start ? at : (this.innermost(span.end - 1, span.end) ?? at);
    const end = this.point(endSegment, span.end);
    if (endSegment.origin.uri === at.origin.uri && end >= start) {
      return { uri: at.origin.uri, span: { start, end } };
    }
    return { uri: at.origin.uri, span: { ...at.origin.span } };
  }

  /** The offset in the origin file of a printed offset inside a segment. */
  private point(segment: Segment, offset: number): number {
    const { span } = segment.origin;
    return Math.min(span.end, Math.max(span.start, span.start + (offset - segment.start)));
  }

  /** The last-printed (so innermost) segment that holds [start, end]. */
  private innermost(start: number, end: number): Segment | undefined {
    const { segments } = this;
    // The last segment that starts at or before `start`; segments start in printing order.
    let low = 0;
    let high = segments.length - 1;
    let last = -1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (segments[middle]!.start <= start) {
        last = middle;
        low = middle + 1;
      } else high = middle - 1;
    }
    for (let i = last; i >= 0; i--) {
      const segment = segments[i]!;
      if (end <= segment.end) return segment;
    }
    return undefined;
  }
}

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_./-]*$/;
const RESERVED = new Set(['true', 'false', 'null', 'yes', 'no', 'on', 'off', 'y', 'n', '~']);

function printKey(key: string): string {
  return PLAIN_KEY.test(key) && !RESERVED.has(key.toLowerCase()) ? key : JSON.stringify(key);
}

function printScalar(value: string | number | boolean | null): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null) return 'null';
  if (typeof value === 'number' && !Number.isFinite(value)) {
    return Number.isNaN(value) ? '.nan' : value > 0 ? '.inf' : '-.inf';
  }
  return String(value);
}

/** Prints the objects as documents separated by `---`, recording where each node's text lies. */
export function printRendered(objects: readonly RenderedObject[]): PrintedOutput {
  const parts: string[] = [];
  const segments: Segment[] = [];
  let length = 0;
  const write = (text: string): void => {
    parts.push(text);
    length += text.length;
  };

  // Writes a node that follows a key (or a dash) on the same line: a scalar or a flow-style empty
  // collection stays on the line; a non-empty collection starts on the next line, indented.
  const writeValue = (node: RNode, indent: string): void => {
    if (node.type === 'scalar' || isEmpty(node)) {
      const start = length;
      write(node.type === 'scalar' ? printScalar(node.value) : node.type === 'map' ? '{}' : '[]');
      segments.push({ start, end: length, origin: node.origin });
      write('\n');
      return;
    }
    write('\n');
    writeBlock(node, indent);
  };

  // Writes a non-empty collection in block style, each line starting with `indent`.
  const writeBlock = (node: RNode, indent: string, firstLineWritten = false): void => {
    const segment: Segment = { start: length, end: length, origin: node.origin };
    segments.push(segment);
    if (node.type === 'map') {
      node.entries.forEach((entry, i) => {
        if (i > 0 || !firstLineWritten) write(indent);
        if (i === 0) segment.start = length;
        const keyStart = length;
        write(printKey(entry.key));
        segments.push({ start: keyStart, end: length, origin: entry.keyOrigin });
        write(':');
        if (entry.value.type === 'scalar' || isEmpty(entry.value)) write(' ');
        writeValue(entry.value, indent + '  ');
      });
    } else if (node.type === 'seq') {
      node.items.forEach((item, i) => {
        if (i > 0 || !firstLineWritten) write(indent);
        if (i === 0) segment.start = length;
        write('- ');
        if (item.type === 'scalar' || isEmpty(item)) writeValue(item, indent + '  ');
        else if (item.type === 'map') writeBlock(item, indent + '  ', true);
        else {
          // A sequence inside a sequence starts on its own line.
          write('\n');
          writeBlock(item, indent + '  ');
        }
      });
    }
    // The collection ends where its last line's text does, not after the newline.
    segment.end = length - 1;
  };

  for (const object of objects) {
    write('---\n');
    if (isEmpty(object.tree)) {
      const start = length;
      write('{}');
      segments.push({ start, end: length, origin: object.tree.origin });
      write('\n');
    } else writeBlock(object.tree, '');
  }
  return new PrintedOutput(parts.join(''), segments);
}

function isEmpty(node: RNode): boolean {
  return (
    (node.type === 'map' && node.entries.length === 0) || (node.type === 'seq' && node.items.length === 0)
  );
}
