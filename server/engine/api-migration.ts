// The quick fix that moves an object to the API version replacing its own, shared by removed-api-version
// (the target no longer serves the version) and deprecated-api-version (a later release removes it).
import { isScalar, type Node as YamlNode } from 'yaml';
import type { Removal } from './api-removals';
import type { Fix, K8sObject } from './types';
import { isPlainObject } from './values';
import { valueAt } from './workloads';

/**
 * "Change apiVersion to …" where changing `apiVersion` alone is a complete migration for this object and
 * target (see {@link migrationIsMechanical}); no fix otherwise, or where the value is not a plain or quoted
 * scalar that can be replaced in place (its quotes are kept).
 */
export function apiVersionFix(
  removal: Removal,
  object: K8sObject,
  apiVersionNode: YamlNode | undefined,
  target: number,
): Fix[] {
  const replacement = removal.replacement(target);
  if (!replacement || !apiVersionNode || !isScalar(apiVersionNode) || !apiVersionNode.range) return [];
  if (!migrationIsMechanical(removal, object, target)) return [];
  const quote =
    apiVersionNode.type === 'QUOTE_DOUBLE' ? '"' : apiVersionNode.type === 'QUOTE_SINGLE' ? "'" : '';
  if (!quote && apiVersionNode.type !== 'PLAIN') return [];
  const [start, end] = apiVersionNode.range;
  const why =
    removal.fix === 'non-empty-selector'
      ? 'the selector is not empty, so it selects the same pods'
      : 'same fields';
  return [
    {
      title: `Change apiVersion to ${replacement} (${why})`,
      edits: [{ start, end, newText: quote + replacement + quote }],
      isPreferred: true,
    },
  ];
}

/**
 * Whether changing `apiVersion` alone keeps this object valid and meaning the same thing under the version
 * that replaces it for the target: the kind's schema did not change in a way this object relies on.
 */
export function migrationIsMechanical(removal: Removal, object: K8sObject, target: number): boolean {
  switch (removal.fix) {
    case 'always':
      return true;
    case 'never':
      return false;
    case 'non-empty-selector': {
      // policy/v1 reads an empty selector as "every pod"; v1beta1 read it as "no pod". Unset means none in both.
      const selector = valueAt(object.value, ['spec', 'selector']);
      if (selector === undefined || selector === null) return true;
      if (!isPlainObject(selector)) return false;
      const labels = selector.matchLabels;
      const expressions = selector.matchExpressions;
      return (
        (isPlainObject(labels) && Object.keys(labels).length > 0) ||
        (Array.isArray(expressions) && expressions.length > 0)
      );
    }
    case 'v2-metric-targets':
      // v2beta1-style fields (targetAverageUtilization…) are invalid in v2beta2 already; leave such files alone.
      return !/"target(AverageUtilization|AverageValue|Value)"/.test(JSON.stringify(object.value.spec ?? {}));
    default:
      return removal.fix(target);
  }
}
