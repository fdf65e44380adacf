import { label, mention } from '../../server/engine/mentions';
import type { Toleration } from 'kubernetes-types/core/v1';
import type { Node as YamlNode } from 'yaml';
import { replaceScalarValue } from '../../server/engine/edits';
import { nodeAt, spanOf, type PathSegment } from '../../server/engine/nodes';
import { isPlainObject } from '../../server/engine/values';
import { defineRule, type RuleContext } from '../../server/engine/rule';
import type { Fix, K8sObject } from '../../server/engine/types';
import { podTemplateOf, WORKLOAD_KINDS } from '../../server/engine/workloads';
import { editDistance } from '../../server/engine/distance';
import story from './story.md';
import { nearest, prepareVocabularies, vocabulariesFor, type Spelling } from './vocabulary';

export { likelyTypo, WELL_KNOWN_TAINT_KEYS } from './vocabulary';

const tolerationTypo = defineRule(
  {
    id: 'toleration-typo',
    title: 'Toleration that nearly matches a taint',
    category: 'scheduling',
    concern: 'reliability',
    defaultSeverity: 'warning',
    description:
      'A toleration’s key or value matches no taint, node label, node selector or toleration spelling used in ' +
      'the manifests (nor a well-known taint key), but is within two edits of one.',
    rationale:
      'A toleration matches a taint only when key, value and effect are exactly equal, and Kubernetes accepts any ' +
      'string without warning. A misspelled toleration tolerates nothing: pods meant for dedicated nodes stay ' +
      'Pending with "had untolerated taint", or, for NoExecute taints such as not-ready, are evicted on the ' +
      'default schedule the toleration was written to change.',
    remediation:
      'Copy the key and value from the taint itself (`kubectl describe node`, or the node pool definition) and ' +
      'keep taints and tolerations in one shared constant where the tooling allows it.',
    messages: {
      key: 'Toleration key "{value}" matches no taint or label key in use, but is {distance} from "{intended}" ({where}): a misspelled toleration tolerates nothing.',
      value:
        'Toleration value "{value}" for key "{key}" matches no value used with that key, but is {distance} from "{intended}" ({where}): a misspelled toleration tolerates nothing.',
    },
    fixable: true,
    kinds: WORKLOAD_KINDS,
    cross: true,
    relatedKinds: ['Node', ...WORKLOAD_KINDS],
    relatesAcrossNamespaces: true,
    // It reads related workloads' tolerations, node selectors and affinity, never their containers.
    relatedContainersUnread: true,
    story,
  },
  (object, context) => {
    const template = podTemplateOf(object);
    const tolerations: unknown = template?.spec.tolerations;
    if (!template || !Array.isArray(tolerations)) return;
    // Another workload's tolerations count as spellings in use; this one's own do not.
    const vocabulary = vocabulariesFor(context.related, object);
    tolerations.forEach((toleration: unknown, index) => {
      if (!isPlainObject(toleration)) return;
      const t = toleration as Toleration;
      const path: PathSegment[] = [...template.specPath, 'tolerations', index];
      let key = typeof t.key === 'string' ? t.key : undefined;
      if (key) {
        const best = nearest(key, vocabulary.keys);
        if (best.length > 0) {
          report(context, object, path, 'key', key, undefined, best);
          key = best[0]!.text;
        }
      }
      if (key === undefined || typeof t.value !== 'string' || t.value === '' || t.operator === 'Exists')
        return;
      const best = nearest(t.value, vocabulary.values(key));
      if (best.length > 0) report(context, object, path, 'value', t.value, key, best);
    });
  },
);

// The unit's spellings are gathered ahead, in steps, before a file with tolerations is checked.
tolerationTypo.prepare = prepareVocabularies;

export default tolerationTypo;

function report(
  context: RuleContext,
  object: K8sObject,
  path: PathSegment[],
  field: 'key' | 'value',
  value: string,
  key: string | undefined,
  best: Spelling[],
): void {
  const node = nodeAt(object.node, [...path, field]);
  const span = node && spanOf(node);
  if (!span) return;
  const intended = best[0]!;
  const distance = editDistance(value, intended.text);
  context.report({
    messageId: field,
    data: {
      value,
      key: key ?? '',
      intended: intended.text,
      distance: `${distance} ${distance === 1 ? 'edit' : 'edits'}`,
      where: describeSource(intended, object, context),
    },
    span,
    related: best
      .filter((s) => s.object)
      .slice(0, 3)
      .map((s) => ({
        object: s.object!,
        message: `"${s.text}" is the spelling used by ${describeSource(s)}`,
        span: s.span?.(),
      })),
    fix: (): Fix[] =>
      [...new Set(best.map((s) => s.text))]
        .filter((text) => /^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(text))
        .flatMap((text) => {
          const edit = node && replaceScalarValue(node as YamlNode, text);
          return edit ? [{ title: `Change the toleration ${field} to "${text}"`, edits: [edit] }] : [];
        }),
  });
}

/**
 * `a taint of Node "regulated-1"`, with ` in nodes.yaml` when `from` (the checked object) is given and the
 * object lives in another file: the message names the file, the related location already points there.
 */
function describeSource(s: Spelling, from?: K8sObject, context?: RuleContext): string {
  const named = s.object && (from && context ? mention(s.object, from, context.related) : label(s.object));
  const of = named ? ` of ${named}` : '';
  switch (s.source) {
    case 'well-known':
      return 'a well-known taint key';
    case 'taint':
      return `a taint${of}`;
    default:
      return `the ${s.source}${of}`;
  }
}
