// From a schema violation to what a rule reports: the span (the key at fault, or the value), the message
// data, and the lazy fix. Shared by the built-in schema rules and custom-resource-schema, so that the same
// mistake reads the same wherever it is found.
import { isScalar, type Node as YamlNode } from 'yaml';
import { renameKey, replaceScalar, replaceScalarValue } from '../edits';
import { getPair, keySpan, nodeAt, pairAt, spanOf, type PathSegment } from '../nodes';
import type { Fix, K8sObject, ParsedFile, Span } from '../types';
import type { Violation } from './validate';

/** `spec.template.spec.containers[0]` for messages; the object's own level is "the object". */
export function pathText(path: readonly PathSegment[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text === '' ? segment : `.${segment}`;
  }
  return text;
}

/** The span of the key at `path` (for unknown, misplaced and required findings). */
export function keySpanOf(object: K8sObject, path: readonly PathSegment[]): Span | undefined {
  if (path.length === 0) {
    // The object itself lacks a field: point at its `kind`, which names what is incomplete.
    const pair = getPair(object.node, 'kind');
    return pair ? keySpan(pair) : undefined;
  }
  const last = path[path.length - 1];
  if (typeof last === 'number') {
    const item = nodeAt(object.node, path);
    const first =
      item && 'items' in item ? (item as { items: { key?: YamlNode }[] }).items[0]?.key : undefined;
    return first ? spanOf(first) : item ? spanOf(item) : undefined;
  }
  const pair = pairAt(object.node, path);
  return pair ? keySpan(pair) : undefined;
}

/** The span of the value at `path`, else of its key (for type and enum findings). */
export function valueSpanOf(object: K8sObject, path: readonly PathSegment[]): Span | undefined {
  const node = nodeAt(object.node, path);
  if (node && isScalar(node)) return spanOf(node);
  return keySpanOf(object, path);
}

/** Where a violation is reported. */
export function spanOfViolation(object: K8sObject, violation: Violation): Span | undefined {
  switch (violation.rule) {
    case 'unknown':
      return violation.at ?? keySpanOf(object, violation.path);
    case 'misplaced':
      return keySpanOf(object, violation.path);
    case 'required':
      return keySpanOf(object, violation.path);
    default:
      return valueSpanOf(object, violation.path);
  }
}

/** Whether a type violation is real at its node: YAML 1.1 booleans only matter when written plain. */
export function violationHolds(object: K8sObject, violation: Violation): boolean {
  if (violation.rule !== 'type' || !violation.yaml11Boolean) return true;
  const node = nodeAt(object.node, violation.path);
  return isScalar(node) && node.type === 'PLAIN';
}

/** The rename that fixes a misspelt key: offered only where the key is there to rename. */
export function renameFix(object: K8sObject, violation: Violation): () => Fix[] {
  return () => {
    if (violation.rule !== 'unknown' || !violation.suggestion) return [];
    const title = `Rename \`${violation.key}\` to \`${violation.suggestion}\``;
    // A top-level key of a document read header-only is not in the tree; its span is the plain key itself.
    if (violation.at) return [{ title, edits: [{ ...violation.at, newText: violation.suggestion }] }];
    const pair = pairAt(object.node, violation.path);
    const parent = nodeAt(object.node, violation.path.slice(0, -1)) ?? object.node;
    if (!pair || ('items' in parent && getPair(parent as never, violation.suggestion))) return [];
    const edit = renameKey(pair, violation.suggestion);
    return edit ? [{ title, edits: [edit] }] : [];
  };
}

/** The edit of a scalar's own text that gives it the type the schema wants. */
export function typeFix(object: K8sObject, file: ParsedFile, violation: Violation): () => Fix[] {
  return () => {
    const node = nodeAt(object.node, violation.path);
    if (!node || !isScalar(node) || !node.range || node.tag || node.anchor) return [];
    const text = file.text.slice(node.range[0], node.range[1]);
    if (violation.rule === 'unit') {
      if (node.type !== 'PLAIN' && node.type !== 'QUOTE_DOUBLE' && node.type !== 'QUOTE_SINGLE') return [];
      const edit = replaceScalarValue(node, `${String(node.value)}${violation.unit}`);
      return edit
        ? [
            {
              title: `Read ${String(node.value)} as ${String(node.value)}${violation.unit} (${violation.unit === 'Mi' ? 'mebibytes' : 'gibibytes'})`,
              edits: [edit],
            },
          ]
        : [];
    }
    if (violation.rule !== 'type' || !violation.fix) return [];
    if (violation.fix === 'quote') {
      if (node.type !== 'PLAIN' || /["\\]/.test(text)) return [];
      const edit = replaceScalar(node, `"${text}"`);
      return edit
        ? [{ title: `Quote ${text} so that it is read as the string "${text}"`, edits: [edit] }]
        : [];
    }
    if (node.type !== 'QUOTE_DOUBLE' && node.type !== 'QUOTE_SINGLE') return [];
    const bare = String(node.value).trim();
    const edit = replaceScalar(node, bare);
    return edit ? [{ title: `Write ${bare} without quotes`, edits: [edit] }] : [];
  };
}

/** The case fix of an enum value (`always` → `Always`). */
export function enumFix(object: K8sObject, violation: Violation): () => Fix[] {
  return () => {
    if (violation.rule !== 'enum' || !violation.fixed) return [];
    const node = nodeAt(object.node, violation.path);
    if (!node || !isScalar(node) || node.tag || node.anchor) return [];
    const edit = replaceScalarValue(node, violation.fixed);
    // The value is rejected as written, so the object runs nothing yet: the fix cannot make it worse.
    return edit
      ? [
          {
            title: `Change \`${violation.value}\` to \`${violation.fixed}\``,
            edits: [edit],
            isPreferred: true,
          },
        ]
      : [];
  };
}

/** Up to six allowed values, for messages. */
export function allowedText(values: readonly string[]): string {
  const shown = values.filter((v) => v !== '').slice(0, 6);
  return shown.join(', ') + (values.length > shown.length + (values.includes('') ? 1 : 0) ? ', …' : '');
}
