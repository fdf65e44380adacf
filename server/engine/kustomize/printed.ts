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

/** A stretch of a printed object's text and the origin of the node printed there. */
interface Segment {
  start: number;
  end: number;
  origin: Origin;
}

/**
 * One object printed on its own: its text (without the `---` line before it) and its segments, in offsets
 * from the start of that text, in the order they were printed (a node's segment before its children's).
 */
export interface PrintedObject {
  text: string;
  segments: readonly Segment[];
}

/**
 * The objects printed so far, by tree. A rendered tree is never changed (a step that changes an object copies
 * its tree first, edit.ts), so its text and segments stay right for as long as the tree lives: entry points
 * that share an object (a folder rendered once for several includers, a file's parse) print it once.
 */
export type PrintedTrees = WeakMap<RNode, PrintedObject>;

/** A place in a real file. */
export interface MappedSpan {
  uri: string;
  span: Span;
}

/** A segment of the output, with the start of its object's text there. */
interface Placed {
  segment: Segment;
  base: number;
}

/** The marker line before each object. */
const MARKER = '---\n';

export class PrintedOutput {
  /** Each object's start in `text` (after its marker line), in printing order. */
  private readonly starts: number[] = [];

  constructor(
    readonly text: string,
    private readonly objects: readonly PrintedObject[],
  ) {
    let offset = 0;
    for (const object of objects) {
      offset += MARKER.length;
      this.starts.push(offset);
      offset += object.text.length;
    }
  }

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
    const { origin } = at.segment;
    if (endSegment.segment.origin.uri === origin.uri && end >= start) {
      return { uri: origin.uri, span: { start, end } };
    }
    return { uri: origin.uri, span: { ...origin.span } };
  }

  /** The offset in the origin file of a printed offset inside a segment (`offset` from the text's start). */
  private point(at: Placed, offset: number): number {
    const { span } = at.segment.origin;
    return Math.min(span.end, Math.max(span.start, span.start + (offset - at.base - at.segment.start)));
  }

  /**
   * The last-printed (so innermost) segment that holds [start, end], with the start of its object's text. A
   * segment of one object never holds a place in another, so only the object whose text holds `start` is
   * searched.
   */
  private innermost(start: number, end: number): Placed | undefined {
    const object = lastAtOrBefore(this.starts.length, (i) => this.starts[i]!, start);
    if (object < 0) return undefined;
    const base = this.starts[object]!;
    const { segments } = this.objects[object]!;
    const last = lastAtOrBefore(segments.length, (i) => segments[i]!.start, start - base);
    for (let i = last; i >= 0; i--) {
      const segment = segments[i]!;
      if (end - base <= segment.end) return { segment, base };
    }
    return undefined;
  }
}

/** The last index below `count` whose value (ascending with the index) is at or before `offset`; -1 if none. */
function lastAtOrBefore(count: number, valueAt: (index: number) => number, offset: number): number {
  let low = 0;
  let high = count - 1;
  let last = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (valueAt(middle) <= offset) {
      last = middle;
      low = middle + 1;
    } else high = middle - 1;
  }
  return last;
}

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_./-]*$/;
const RESERVED = new Set(['true', 'false', 'null', 'yes', 'no', 'on', 'off', 'y', 'n', '~']);

function printKey(key: string): string {
  // The reserved words are short: a longer key needs no lower-case copy to tell.
  const reserved = key.length <= 5 && RESERVED.has(key.toLowerCase());
  return !reserved && PLAIN_KEY.test(key) ? key : JSON.stringify(key);
}

function printScalar(value: string | number | boolean | null): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null) return 'null';
  if (typeof value === 'number' && !Number.isFinite(value)) {
    return Number.isNaN(value) ? '.nan' : value > 0 ? '.inf' : '-.inf';
  }
  return String(value);
}

/**
 * Prints the objects as documents, each after a `---` line, recording where each node's text lies. With
 * `printedTrees`, an object whose tree was printed before is not printed again.
 */
export function printRendered(
  objects: readonly RenderedObject[],
  printedTrees?: PrintedTrees,
): PrintedOutput {
  const printed = objects.map((object) => {
    let done = printedTrees?.get(object.tree);
    if (!done) {
      done = printObject(object.tree);
      printedTrees?.set(object.tree, done);
    }
    return done;
  });
  return new PrintedOutput(printed.map((object) => MARKER + object.text).join(''), printed);
}

/** Prints one object's tree as a block mapping, with the segments of its nodes. */
function printObject(tree: RNode): PrintedObject {
  const segments: Segment[] = [];
  // One string grown by concatenation: V8 joins the pieces once, when the text is first read.
  let text = '';

  // Writes a node that follows a key (or a dash) on the same line: a scalar or a flow-style empty
  // collection stays on the line; a non-empty collection starts on the next line, indented.
  const writeValue = (node: RNode, indent: string): void => {
    if (node.type === 'scalar' || isEmpty(node)) {
      const start = text.length;
      text += node.type === 'scalar' ? printScalar(node.value) : node.type === 'map' ? '{}' : '[]';
      segments.push({ start, end: text.length, origin: node.origin });
      text += '\n';
      return;
    }
    text += '\n';
    writeBlock(node, indent);
  };

  // Writes a non-empty collection in block style, each line starting with `indent`.
  const writeBlock = (node: RNode, indent: string, firstLineWritten = false): void => {
    const segment: Segment = { start: text.length, end: text.length, origin: node.origin };
    segments.push(segment);
    const inner = indent + '  ';
    if (node.type === 'map') {
      const { entries } = node;
      for (let i = 0; i < entries.length; i++) {
        const entry = entries[i]!;
        if (i > 0 || !firstLineWritten) text += indent;
        if (i === 0) segment.start = text.length;
        const keyStart = text.length;
        text += printKey(entry.key);
        segments.push({ start: keyStart, end: text.length, origin: entry.keyOrigin });
        text += entry.value.type === 'scalar' || isEmpty(entry.value) ? ': ' : ':';
        writeValue(entry.value, inner);
      }
    } else if (node.type === 'seq') {
      const { items } = node;
      for (let i = 0; i < items.length; i++) {
        const item = items[i]!;
        if (i > 0 || !firstLineWritten) text += indent;
        if (i === 0) segment.start = text.length;
        text += '- ';
        if (item.type === 'scalar' || isEmpty(item)) writeValue(item, inner);
        else if (item.type === 'map') writeBlock(item, inner, true);
        else {
          // A sequence inside a sequence starts on its own line.
          text += '\n';
          writeBlock(item, inner);
        }
      }
    }
    // The collection ends where its last line's text does, not after the newline.
    segment.end = text.length - 1;
  };

  if (isEmpty(tree)) {
    text = '{}';
    segments.push({ start: 0, end: text.length, origin: tree.origin });
    text += '\n';
  } else writeBlock(tree, '');
  return { text, segments };
}

function isEmpty(node: RNode): boolean {
  return (
    (node.type === 'map' && node.entries.length === 0) || (node.type === 'seq' && node.items.length === 0)
  );
}
