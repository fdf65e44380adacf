import { ensureEntries, replaceScalar } from '../../server/engine/edits';
import { keySpanAt, nodeAt, pairAt } from '../../server/engine/nodes';
import { effectiveNamespace } from '../../server/engine/relations';
import { defineRule } from '../../server/engine/rule';
import type { Span } from '../../server/engine/types';
import { podTemplateOf, WORKLOAD_KINDS } from '../../server/engine/workloads';
import story from './story.md';

export default defineRule(
  {
    id: 'service-account-token-automount',
    title: 'Default service account token mounted into pods',
    category: 'security',
    concern: 'security',
    defaultSeverity: 'info',
    description:
      'A workload\u2019s pods run as the namespace\u2019s `default` service account (serviceAccountName unset or ' +
      '"default") and do not set `automountServiceAccountToken: false`, in the pod spec or (in the same file) on ' +
      'that ServiceAccount.',
    rationale:
      'Kubernetes mounts the service account\u2019s API token into every container unless told not to. Most ' +
      'applications never call the API, so the token only serves whoever compromises the pod, and the default ' +
      'account is shared by every workload in the namespace, so any permission granted to it for one of them ' +
      'is handed to all.',
    remediation:
      'Set `automountServiceAccountToken: false` in the pod spec (or on the namespace\u2019s default ' +
      'ServiceAccount). A workload that does call the API should get its own ServiceAccount with only the RBAC ' +
      'it needs.',
    messages: {
      mounted:
        '{subject} as the "default" service account with its API token mounted: whoever ' +
        'compromises a container gets a Kubernetes credential it never needed.',
      requested:
        '{kind} "{name}" asks for the "default" service account\u2019s API token in every container ' +
        '(automountServiceAccountToken: true): give it a dedicated service account if it calls the API.',
    },
    fixable: true,
    kinds: WORKLOAD_KINDS,
    // Reads the ServiceAccount objects of the same file: one that opts out of automounting settles it.
    cross: true,
    relatedKinds: ['ServiceAccount'],
    story,
  },
  (object, context) => {
    const template = podTemplateOf(object);
    // A pod spec without containers yet (a manifest being typed, a template stub) mounts nothing.
    if (!template || template.containers.length === 0) return;
    const spec = template.spec;
    const automount = spec.automountServiceAccountToken;
    if (automount === false) return;
    const account = spec.serviceAccountName ?? spec.serviceAccount ?? 'default';
    if (account !== 'default') return;
    const namespace = effectiveNamespace(object);
    const accountOptsOut = context.related
      .named(namespace, 'default', 'ServiceAccount')
      .some((sa) => sa.value.automountServiceAccountToken === false);
    if (automount !== true && accountOptsOut) return;
    const path = template.specPath;
    // The squiggle goes on the key that makes the choice: an explicit `automountServiceAccountToken: true`,
    // else the `serviceAccountName` (or deprecated `serviceAccount`) that names "default". When neither is
    // written, nothing in the pod spec is wrong on its own, so the finding points at the pod spec's
    // `containers` key, where the token gets mounted, rather than at the whole spec.
    const keyFor = (key: string): Span | undefined =>
      pairAt(object.node, [...path, key]) ? keySpanAt(object.node, [...path, key]) : undefined;
    const span =
      (automount === true ? keyFor('automountServiceAccountToken') : undefined) ??
      keyFor('serviceAccountName') ??
      keyFor('serviceAccount') ??
      keySpanAt(object.node, [...path, 'containers']);
    context.report({
      messageId: automount === true ? 'requested' : 'mounted',
      data: {
        kind: object.kind,
        name: object.name ?? 'unnamed',
        // A Pod is its own pod; other workloads create pods.
        subject:
          object.kind === 'Pod'
            ? `Pod "${object.name ?? 'unnamed'}" runs`
            : `Pods of ${object.kind} "${object.name ?? 'unnamed'}" run`,
      },
      span,
      fix: () => {
        const title = 'Set automountServiceAccountToken: false';
        if (automount === true) {
          const value = nodeAt(object.node, [...path, 'automountServiceAccountToken']);
          const edit = value && replaceScalar(value, 'false');
          return edit ? [{ title, edits: [edit] }] : [];
        }
        const edits = ensureEntries(context.file, object.node, path, { automountServiceAccountToken: false });
        return edits ? [{ title, edits }] : [];
      },
    });
  },
);
