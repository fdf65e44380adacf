// The whole value of an object that was read header-only, on demand. A CustomResourceDefinition's schema
// can be a megabyte of YAML: parsing every one in full so that the few custom resources in view can be
// checked against theirs would multiply the cost of opening a CRD bundle. parse.ts remembers the text of
// each part it reads header-only (keyed by the object's header node, which every copy of the object
// shares), and bodyOf reads that text, once, only when a rule asks for the body.
import { parse, type YAMLMap } from 'yaml';
import type { K8sObject } from './types';

const texts = new WeakMap<YAMLMap, string>();
const bodies = new WeakMap<YAMLMap, Record<string, unknown> | null>();

/** Called by the parse for each object it reads header-only: `text` is the whole part it stands for. */
export function rememberHeaderOnlyText(node: YAMLMap, text: string): void {
  texts.set(node, text);
}

/**
 * The object's whole value: its `value` when its body was parsed, else its part's text read now (with
 * `yaml`, as the engine reads everything else), or undefined when neither is at hand (an object from
 * elsewhere that was read header-only) or the text does not load.
 */
export function bodyOf(object: K8sObject): Record<string, unknown> | undefined {
  if (!object.headerOnly) return object.value;
  const node = object.node;
  const known = bodies.get(node);
  if (known !== undefined) return known ?? undefined;
  const text = texts.get(node);
  if (text === undefined) return undefined;
  let body: Record<string, unknown> | null = null;
  try {
    // The same library and bound on aliases as the engine's parse: an alias bomb stops here as it does there.
    const loaded: unknown = parse(text, { maxAliasCount: 100 });
    if (typeof loaded === 'object' && loaded !== null && !Array.isArray(loaded)) {
      body = loaded as Record<string, unknown>;
    }
  } catch {
    body = null;
  }
  bodies.set(node, body);
  return body ?? undefined;
}
