// Where findings about a whole object point: a key that names the problem, never the whole document.
import { keySpanAt, nodeAt, pairAt, spanOf } from './nodes';
import type { K8sObject, Span } from './types';

/** The object's `metadata.name` value, else the `kind` key. */
export function objectNameSpan(object: K8sObject): Span | undefined {
  const name = nodeAt(object.node, ['metadata', 'name']);
  return (name && spanOf(name)) ?? keySpanAt(object.node, ['kind']);
}

/** The `spec.replicas` key when written, else the object's name. */
export function replicasSpan(object: K8sObject): Span | undefined {
  const pair = pairAt(object.node, ['spec', 'replicas']);
  return pair ? keySpanAt(object.node, ['spec', 'replicas']) : objectNameSpan(object);
}
