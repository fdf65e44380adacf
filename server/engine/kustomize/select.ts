// Which resources a patch's `target` selects (kustomize's resWrangler.Select): group, version, kind, name
// and namespace are regular expressions anchored at both ends (`^(?:…)$`), name and namespace match either
// the original or the current identity, and labelSelector/annotationSelector use Kubernetes' selector syntax.
import type { RenderedObject } from './model';
import { effectiveNamespace, idOf, idsOf, type ResourceId } from './resource-id';
import { entryOf, type RMap } from './tree';

export interface Selector {
  group?: string;
  version?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  labelSelector?: string;
  annotationSelector?: string;
}

/** A selector kustomize cannot read (an invalid regular expression or label selector). */
export class SelectorError extends Error {}

function anchored(pattern: string | undefined): RegExp | undefined {
  if (pattern === undefined || pattern === '') return undefined;
  try {
    // Go's RE2 and JavaScript agree on the expressions targets use (alternation, classes, `.*`).
    return new RegExp(`^(?:${pattern})$`);
  } catch {
    throw new SelectorError(`"${pattern}" is not a valid regular expression`);
  }
}

/** The objects a selector selects, in their order. */
export function selectObjects(objects: readonly RenderedObject[], selector: Selector): RenderedObject[] {
  const group = anchored(selector.group);
  const version = anchored(selector.version);
  const kind = anchored(selector.kind);
  const name = anchored(selector.name);
  const namespace = anchored(selector.namespace);
  const labels = selector.labelSelector ? parseLabelSelector(selector.labelSelector) : undefined;
  const annotations = selector.annotationSelector
    ? parseLabelSelector(selector.annotationSelector)
    : undefined;
  return objects.filter((object) => {
    const current = idOf(object.tree);
    const original: ResourceId = idsOf(object)[0]!;
    if (
      namespace &&
      !namespace.test(effectiveNamespace(original)) &&
      !namespace.test(effectiveNamespace(current))
    )
      return false;
    if (name && !name.test(original.name) && !name.test(current.name)) return false;
    if (group && !group.test(current.group)) return false;
    if (version && !version.test(current.version)) return false;
    if (kind && !kind.test(current.kind)) return false;
    if (labels && !labels(stringMap(object.tree, 'labels'))) return false;
    if (annotations && !annotations(stringMap(object.tree, 'annotations'))) return false;
    return true;
  });
}

function stringMap(tree: RMap, field: string): Map<string, string> {
  const metadata = entryOf(tree, 'metadata')?.value;
  const map = metadata?.type === 'map' ? entryOf(metadata, field)?.value : undefined;
  const result = new Map<string, string>();
  if (map?.type === 'map') {
    for (const entry of map.entries) {
      if (entry.value.type === 'scalar') result.set(entry.key, String(entry.value.value ?? ''));
    }
  }
  return result;
}

/**
 * Parses a selector string (`app=web,tier!=db,env in (a,b),!legacy`) into a predicate over labels, with the
 * requirement forms of apimachinery's labels.Parse.
 */
export function parseLabelSelector(text: string): (labels: Map<string, string>) => boolean {
  const requirements: ((labels: Map<string, string>) => boolean)[] = [];
  for (const part of splitRequirements(text)) {
    const requirement = part.trim();
    if (requirement === '') continue;
    let match: RegExpMatchArray | null;
    if ((match = /^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(requirement))) {
      const [, key, op, list] = match;
      const values = new Set(list!.split(',').map((v) => v.trim()));
      requirements.push((labels) =>
        op === 'in'
          ? values.has(labels.get(key!) ?? '\0')
          : !labels.has(key!) || !values.has(labels.get(key!)!),
      );
    } else if ((match = /^([\w./-]+)\s*(==|=|!=)\s*([\w./-]*)$/.exec(requirement))) {
      const [, key, op, value] = match;
      requirements.push((labels) =>
        op === '!=' ? labels.get(key!) !== value : labels.has(key!) && labels.get(key!) === value,
      );
    } else if ((match = /^!\s*([\w./-]+)$/.exec(requirement))) {
      const key = match[1]!;
      requirements.push((labels) => !labels.has(key));
    } else if ((match = /^([\w./-]+)$/.exec(requirement))) {
      const key = match[1]!;
      requirements.push((labels) => labels.has(key));
    } else {
      throw new SelectorError(`"${text}" is not a valid label selector`);
    }
  }
  return (labels) => requirements.every((requirement) => requirement(labels));
}

/** Splits at commas outside parentheses. */
function splitRequirements(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')') depth--;
    else if (text[i] === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}
