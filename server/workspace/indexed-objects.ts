// The objects of a file as the workspace index and the CLI's related-object index keep them: plain values
// read without a YAML tree (read-objects.ts), each part's tree built from its text only when a rule asks an
// object for a range in it.
import { YAMLMap } from 'yaml';
import { parseFile } from '../engine/parse';
import { detached, isPlainObject } from '../engine/values';
import { computeLineStarts } from '../engine/positions';
import type { K8sObject, SourceRef } from '../engine/types';
import { headerOf, type ObjectRecord, type PackedObjectRecord, type PartRecord } from './read-objects';

/**
 * The objects of a file the index read, as the engine's K8sObjects. Each part's YAML tree is built from its
 * text only when a rule first asks an object of it for its `node` (a related location's span, a
 * container's range), and its line starts only when a position is wanted: most indexed objects are only
 * ever read as values.
 */
export function objectsOf(
  uri: string,
  parts: readonly PartRecord<ObjectRecord | PackedObjectRecord>[],
  readAgain?: () => string,
): IndexedObject[] {
  const objects: IndexedObject[] = [];
  let base = 0;
  for (const part of parts) {
    const text = partText(part, readAgain);
    const tree = new LazyTree(uri, text);
    const source = new PartSource(uri, part.offset, part.line, text);
    for (const record of part.objects) objects.push(new IndexedObject(record, source, base, tree));
    base += part.documents;
  }
  return objects;
}

/**
 * How a part's text is had when a tree or line starts are wanted: from the record, or, when the whole text
 * can be read again (`readAgain`), sliced from it then, so that the index holds no text at all. A CLI run
 * indexes every input before analysing any, and holding their texts until the end was a fifth of its heap.
 */
function partText(part: PartRecord<unknown>, readAgain: (() => string) | undefined): () => string {
  if (!readAgain) {
    const { text } = part;
    return () => text;
  }
  const { offset } = part;
  const end = offset + part.text.length;
  // A copy, not a slice: the tree built from it, kept with its objects, would keep the whole file's text.
  return () => detached(readAgain().slice(offset, end));
}

/**
 * Cross rules walk every indexed object on every analysis, so these are class instances: one shape for all,
 * which keeps that walk fast (object literals with getters and optional keys made it many times slower).
 */
class PartSource implements SourceRef {
  private starts: number[] | undefined;

  constructor(
    readonly uri: string,
    readonly offset: number,
    readonly line: number,
    private readonly text: () => string,
  ) {}

  get lineStarts(): number[] {
    return (this.starts ??= computeLineStarts(this.text()));
  }
}

/** A part's YAML tree, parsed from its text the first time an object of it is asked for its node. */
class LazyTree {
  private file: ReturnType<typeof parseFile> | undefined;

  constructor(
    private readonly uri: string,
    private readonly text: () => string,
  ) {}

  get(): ReturnType<typeof parseFile> {
    return (this.file ??= parseFile(this.text(), {}, this.uri));
  }
}

export class IndexedObject implements K8sObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string | undefined;
  readonly namespace: string | undefined;
  readonly documentIndex: number;
  readonly basePath: (string | number)[];
  readonly headerOnly: boolean;
  /** The index of its document among its part's documents, to find it in the part's tree. */
  private readonly localIndex: number;
  /** The value, or its JSON text from a worker thread until it is first read. */
  private held: Record<string, unknown> | string;
  private built: YAMLMap | undefined;

  constructor(
    record: ObjectRecord | PackedObjectRecord,
    readonly source: SourceRef,
    base: number,
    private readonly tree: LazyTree,
  ) {
    const header = 'header' in record ? record.header : headerOf(record.value);
    this.apiVersion = header.apiVersion;
    this.kind = header.kind;
    this.name = header.name;
    this.namespace = header.namespace;
    this.held = 'json' in record ? record.json : record.value;
    this.localIndex = record.localIndex;
    this.documentIndex = base + record.localIndex;
    this.basePath = record.basePath;
    this.headerOnly = record.headerOnly;
  }

  get value(): Record<string, unknown> {
    if (typeof this.held === 'string') {
      const read: unknown = JSON.parse(this.held);
      this.held = isPlainObject(read) ? read : {};
    }
    return this.held;
  }

  /** Whether the value is still text (see readAhead). */
  get unread(): boolean {
    return typeof this.held === 'string';
  }

  get node(): YAMLMap {
    // The record is not kept: once the value is read, its JSON text would be held twice.
    return (this.built ??= nodeOf(this.tree.get(), this.localIndex, this.basePath));
  }
}

/** The object's mapping in its part's tree; an empty mapping (no ranges) if the tree disagrees. */
function nodeOf(
  tree: ReturnType<typeof parseFile>,
  localIndex: number,
  basePath: readonly (string | number)[],
): YAMLMap {
  const found = tree.objects.find(
    (object) =>
      object.documentIndex === localIndex &&
      object.basePath.length === basePath.length &&
      object.basePath.every((segment, i) => segment === basePath[i]),
  );
  return found?.node ?? new YAMLMap();
}
