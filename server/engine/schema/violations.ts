// What the five built-in schema rules share: their kinds, the validation of the object (computed once per
// object for all five), and the target version. Each rule reports its own kind of violation.
import { minorOf } from '../kubernetes-version';
import type { RuleContext } from '../rule';
import type { K8sObject } from '../types';
import { builtInViolations, schemaKinds } from './builtin';
import { kubernetesSchema } from './k8s-schema';
import { pathText } from './report';
import type { Violation } from './validate';

export const SCHEMA_KINDS = schemaKinds();

/** The ids of the rules that report what the schema finds, for the tools that measure or list them together. */
export const SCHEMA_RULE_IDS: ReadonlySet<string> = new Set([
  'unknown-field',
  'misplaced-field',
  'wrong-type',
  'invalid-enum-value',
  'missing-required-field',
  'custom-resource-schema',
]);

const SCHEMA_RELEASE = kubernetesSchema().provenance.kubernetes ?? '';
const OLDER_SCHEMA_RELEASE = kubernetesSchema().provenance.older_kubernetes ?? '';

/**
 * What the built-in schema rules tell users about versions (in their rule documents, hovers and
 * `kube-hindsight explain`): the bundled schema describes one release, and the target changes only what this
 * says, so that nobody takes a pass for "valid in my cluster's release".
 */
export const SCHEMA_VERSION_NOTE =
  `The check uses one schema, Kubernetes ${SCHEMA_RELEASE}'s, whatever \`kubernetesVersion\` you target: ` +
  `only the fields that ${OLDER_SCHEMA_RELEASE} lacked and that the schema documents as alpha, beta or ` +
  `feature-gated count as unknown for a target of ${OLDER_SCHEMA_RELEASE} or older. Any other field or enum ` +
  `value added between your target and ${SCHEMA_RELEASE} passes, although an older API server drops or rejects it.`;

/** The minor version of the target (`1.34` → 34), or the default's when the setting cannot be read. */
export function targetMinor(context: Pick<RuleContext, 'kubernetesVersion'>): number {
  return minorOf(context.kubernetesVersion);
}

/**
 * Whether the target is newer than the bundled schema (Kubernetes 1.36): its API server may know fields the
 * schema does not, so a key the schema lacks says nothing there. Type, enum and required checks still hold.
 */
export function targetNewerThanSchema(context: Pick<RuleContext, 'kubernetesVersion'>): boolean {
  const minor = Number((kubernetesSchema().provenance.kubernetes ?? '').split('.')[1]);
  return Number.isFinite(minor) && targetMinor(context) > minor;
}

/** The built-in object's violations of one rule. */
export function violationsOf<R extends Violation['rule']>(
  object: K8sObject,
  context: RuleContext,
  rules: readonly R[],
): Extract<Violation, { rule: R }>[] {
  return builtInViolations(object, targetMinor(context), context.file.text).filter(
    (v): v is Extract<Violation, { rule: R }> => (rules as readonly string[]).includes(v.rule),
  );
}

/** ` at \`spec.template.spec\`` for a key below the object's own level, else nothing. */
export function whereText(path: readonly (string | number)[]): string {
  const parent = path.slice(0, -1);
  return parent.length === 0 ? '' : ` at \`${pathText(parent)}\``;
}

/** `Deployment "web"`, for messages. */
export function objectLabel(object: K8sObject): string {
  return `${object.kind} "${object.name ?? '(unnamed)'}"`;
}
