// Finding etcd in a container: the binary as the first word of its command (or of its args when the image's
// entrypoint runs them), or a shell script that starts it; and its flags, with the offsets of their text.
// Shared by etcd-small-quota and etcd-no-auto-compaction. (A candidate for server/engine once a third rule
// needs it.)
import { isMap, isScalar, isSeq, type Scalar, type YAMLSeq } from 'yaml';
import { getPair, keySpan } from './nodes';
import type { ParsedFile, Span } from './types';
import type { ContainerRef } from './workloads';

export interface Token {
  /** The item's value. */
  text: string;
  node: Scalar;
  list: 'command' | 'args';
}

export interface EtcdContainer {
  container: ContainerRef;
  /** `direct`: etcd is the first word of the command line; `shell`: a `sh -c` script starts etcd. */
  mode: 'direct' | 'shell';
  /** command items, then args items (scalars only). */
  tokens: Token[];
  commandSeq: YAMLSeq | undefined;
  argsSeq: YAMLSeq | undefined;
  /** Where a finding about the whole etcd invocation points: the etcd word, else the command (or args) key. */
  span: Span | undefined;
}

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh']);
/** A line of a shell script that starts etcd: `etcd …`, `exec etcd …`, `/usr/local/bin/etcd …`. */
const SCRIPT_RUNS_ETCD = /(?:^|[\n;&|(])[ \t]*(?:exec[ \t]+)?(?:\S*\/)?etcd(?=[ \t]|\\?\r?\n|$)/;

function basename(word: string): string {
  return word.slice(word.lastIndexOf('/') + 1);
}

function tokensOf(
  container: ContainerRef,
  list: 'command' | 'args',
): { seq: YAMLSeq | undefined; tokens: Token[] } {
  const seq = getPair(container.node, list)?.value;
  if (!isSeq(seq)) return { seq: undefined, tokens: [] };
  const tokens: Token[] = [];
  for (const item of seq.items) {
    if (isScalar(item) && (typeof item.value === 'string' || typeof item.value === 'number')) {
      tokens.push({ text: String(item.value), node: item, list });
    }
  }
  return { seq, tokens };
}

/**
 * etcd 2.x (an image tagged 2.x) had neither MVCC history nor a backend quota, so the v3 flags mean nothing to
 * it.
 */
function isEtcdV2(container: ContainerRef): boolean {
  const image = typeof container.value.image === 'string' ? container.value.image : '';
  const tag = image.split('@')[0]?.split('/').pop()?.split(':')[1] ?? '';
  return /^v?2\./.test(tag);
}

/** The container's etcd invocation, or undefined when the container does not visibly run etcd. */
export function etcdContainer(container: ContainerRef): EtcdContainer | undefined {
  const command = tokensOf(container, 'command');
  const args = tokensOf(container, 'args');
  const tokens = [...command.tokens, ...args.tokens];
  const first = tokens[0];
  if (!first || isEtcdV2(container)) return undefined;
  const firstWord = first.text.trim().split(/\s+/)[0] ?? '';
  const base = { container, tokens, commandSeq: command.seq, argsSeq: args.seq };
  if (basename(firstWord) === 'etcd') return { ...base, mode: 'direct', span: spanOfNode(first.node) };
  if (SHELLS.has(basename(firstWord)) && tokens.slice(1).some((t) => SCRIPT_RUNS_ETCD.test(t.text))) {
    const keyPair = getPair(container.node, command.seq ? 'command' : 'args');
    return { ...base, mode: 'shell', span: keyPair ? keySpan(keyPair) : container.nameSpan };
  }
  return undefined;
}

/** The container's environment variable `name` as written: its literal value node, or null for `valueFrom`. */
export function envVar(container: ContainerRef, name: string): Scalar | null | undefined {
  const env = getPair(container.node, 'env')?.value;
  if (!isSeq(env)) return undefined;
  for (const item of env.items) {
    if (!isMap(item)) continue;
    const nameNode = getPair(item, 'name')?.value;
    if (!isScalar(nameNode) || nameNode.value !== name) continue;
    const valueNode = getPair(item, 'value')?.value;
    return isScalar(valueNode) && valueNode.value !== null && valueNode.value !== undefined
      ? valueNode
      : null;
  }
  return undefined;
}

/** Whether any item of the invocation mentions `flag` (as `--flag=…`, `--flag …` or inside a script). */
export function mentions(etcd: EtcdContainer, flag: string): boolean {
  return etcd.tokens.some((token) => token.text.includes(flag));
}

export interface FlagValue {
  /** The flag's value as written (`1073741824`). */
  value: string;
  /** Where the finding points: the whole `--flag=value` item, the value item, or the text inside a script. */
  span: Span;
  /** The offsets of the value's own characters in the file, for an edit that keeps quoting intact. */
  valueSpan: Span;
}

/**
 * Finds `--flag=value` or `--flag value` in the etcd invocation: in its own item, split over two items, or
 * inside a shell script. Values are located in the file's text, so the offsets are exact whatever the quoting.
 */
export function findFlag(file: ParsedFile, etcd: EtcdContainer, flag: string): FlagValue | undefined {
  const pattern = new RegExp(
    `(?:^|[\\s"'])${flag.replace(/-/g, '\\-')}(?:=|[ \\t]+)(["']?)([^\\s"'\\\\;&|]+)`,
  );
  for (let i = 0; i < etcd.tokens.length; i++) {
    const token = etcd.tokens[i]!;
    const range = token.node.range;
    if (!range) continue;
    const text = token.text.trim();
    if (text === flag) {
      // `--flag` and its value as two items.
      const next = etcd.tokens[i + 1];
      const nextRange = next?.node.range;
      if (!next || !nextRange) return undefined;
      const inner = innerSpan(file, next.node);
      return (
        inner && {
          value: next.text.trim(),
          span: { start: nextRange[0], end: nextRange[1] },
          valueSpan: inner,
        }
      );
    }
    const source = file.text.slice(range[0], range[1]);
    const match = pattern.exec(source);
    if (!match) continue;
    const value = match[2]!;
    const valueStart = range[0] + match.index + match[0].length - value.length;
    const valueSpan = { start: valueStart, end: valueStart + value.length };
    if (text.startsWith(`${flag}=`)) return { value, span: { start: range[0], end: range[1] }, valueSpan };
    const flagStart = range[0] + source.indexOf(flag, match.index);
    return { value, span: { start: flagStart, end: valueSpan.end }, valueSpan };
  }
  return undefined;
}

/** The offsets of a one-line scalar's characters without its quotes. */
export function innerSpan(file: ParsedFile, node: Scalar): Span | undefined {
  if (!node.range) return undefined;
  const [start, end] = node.range;
  if (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') return { start: start + 1, end: end - 1 };
  if (node.type === 'PLAIN' && !file.text.slice(start, end).includes('\n')) return { start, end };
  return undefined;
}

function spanOfNode(node: Scalar): Span | undefined {
  return node.range ? { start: node.range[0], end: node.range[1] } : undefined;
}
