import { ensureEntries } from '../../server/engine/edits';
import { isPlainObject } from '../../server/engine/values';
import { objectNameSpan } from '../../server/engine/report-spans';
import { defineRule } from '../../server/engine/rule';
import story from './story.md';

const ENFORCE = 'pod-security.kubernetes.io/enforce';

export default defineRule<{ level: string; exemptNamespaces: string[] }>(
  {
    id: 'namespace-without-pod-security',
    title: 'Namespace without an enforced Pod Security level',
    category: 'security',
    concern: 'security',
    defaultSeverity: 'info',
    description: `A Namespace has no \`${ENFORCE}\` label.`,
    rationale:
      'Without an enforce label, Pod Security Admission applies the cluster\u2019s default level, which is ' +
      '`privileged` (no checks at all) unless an administrator configured otherwise. Any pod in the namespace may ' +
      'then run privileged, share the host\u2019s namespaces or mount host paths, so one compromised workload or ' +
      'one careless manifest can reach the node.',
    remediation:
      `Label the namespace with \`${ENFORCE}\`: \`baseline\` blocks the known privilege escalations and suits ` +
      'most workloads, `restricted` also requires non-root and dropped capabilities. Add `warn` and `audit` ' +
      'labels at a stricter level to see what would break before tightening.',
    messages: {
      missing:
        'Namespace "{name}" has no {label} label: its pods may run privileged, share host namespaces or mount ' +
        'host paths unchecked.',
      warnOnly:
        'Namespace "{name}" only warns or audits ({present}) and has no {label} label: pods that break the ' +
        'standard are still admitted.',
    },
    fixable: true,
    kinds: ['Namespace'],
    options: {
      level: {
        type: 'string',
        default: 'baseline',
        enum: ['privileged', 'baseline', 'restricted'],
        description: 'The Pod Security Standards level the quick fix writes into the enforce label.',
      },
      exemptNamespaces: {
        type: 'string[]',
        default: ['kube-system', 'kube-public', 'kube-node-lease'],
        description:
          'Namespaces not flagged: system namespaces whose pods legitimately need the privileged level.',
      },
    },
    story,
  },
  (object, context) => {
    if (object.name !== undefined && context.options.exemptNamespaces.includes(object.name)) return;
    const metadata = object.value.metadata;
    const labels = isPlainObject(metadata) && isPlainObject(metadata.labels) ? metadata.labels : {};
    if (Object.prototype.hasOwnProperty.call(labels, ENFORCE)) return;
    const present = ['warn', 'audit']
      .map((mode) => `pod-security.kubernetes.io/${mode}`)
      .filter((key) => Object.prototype.hasOwnProperty.call(labels, key));
    context.report({
      messageId: present.length > 0 ? 'warnOnly' : 'missing',
      data: { name: object.name ?? 'unnamed', label: ENFORCE, present: present.join(', ') },
      span: objectNameSpan(object),
      fix: () => {
        const level = context.options.level;
        const edits = ensureEntries(context.file, object.node, ['metadata', 'labels'], { [ENFORCE]: level });
        if (!edits) return [];
        return [{ title: `Add label ${ENFORCE}: ${level}`, edits }];
      },
    });
  },
);
