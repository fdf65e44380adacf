// Evaluates the bound ValidatingAdmissionPolicies in view against one object, as the API server would for a
// request creating it: each binding's policy, when both match the object, with each of the binding's params,
// through matchConditions, variables and validations. Only CEL runs, in the metered environment of
// environment.ts; what cannot be known offline (params not in view, an expression failing on data the
// request would carry) is a notice, never a pass or a denial.
import { isBuiltInApiVersion } from '../api-groups';
import { removalOf } from '../api-removals';
import { bodyOf } from '../bodies';
import { customResourceNames } from '../schema/crd';
import { CEL_BUDGET_MS, stepsForBudget } from '../cel/metered';
import { effectiveNamespace } from '../namespace';
import type { PathSegment } from '../nodes';
import type { RelatedView } from '../related-view';
import { selectorMatches } from '../relations';
import type { K8sObject, Severity } from '../types';
import { isPlainObject } from '../values';
import { stringMap } from '../workloads';
import { celValue } from './environment';
import { matchResources, type AdmissionTarget, type MatchOutcome } from './match';
import { compilePolicy, type CompiledPolicy, type PolicyExpression } from './policy';
import { BUILT_IN_RESOURCES, groupVersion } from './resources';

export type AdmissionAction = 'Deny' | 'Warn' | 'Audit';

/** One thing a binding's policy says about the object. */
export interface AdmissionOutcome {
  policy: CompiledPolicy;
  binding: K8sObject;
  /**
   * A failed validation (with the strongest of the binding's actions), why nothing could be said, why the
   * policy may match the object without our knowing (`mayMatch`), or that it covers the object's UPDATE and
   * not its CREATE (`updateOnly`); in the last two cases it is not evaluated.
   */
  outcome:
    | { action: AdmissionAction; message: string }
    | { notEvaluated: string }
    | { mayMatch: string }
    | { updateOnly: true };
  /** Where the finding goes in the object (a simple path test's key), from the object's root. */
  at: PathSegment[] | undefined;
  /** Where in the policy the outcome comes from (the validation, condition or variable). */
  policyPath: PathSegment[];
}

const MAX_STEPS = stepsForBudget(CEL_BUDGET_MS);
const SEVERITY: Record<AdmissionAction, Severity> = { Deny: 'error', Warn: 'warning', Audit: 'info' };

export function severityOf(action: AdmissionAction): Severity {
  return SEVERITY[action];
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/**
 * The admission-policy objects themselves, which the API server never puts through admission policies: its
 * policy plugins return at once for them (`isPolicyResource` in k8s.io/apiserver), so that no policy can lock
 * the cluster out of fixing policies.
 */
const EXEMPT_KINDS = new Set([
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'MutatingAdmissionPolicy',
  'MutatingAdmissionPolicyBinding',
]);

function isExempt(object: K8sObject): boolean {
  return (
    EXEMPT_KINDS.has(object.kind) && groupVersion(object.apiVersion).group === 'admissionregistration.k8s.io'
  );
}

/** The outcomes of every binding in view whose policy matches `object`. */
export function admissionOutcomes(
  object: K8sObject,
  related: RelatedView,
  targetMinor: number,
): AdmissionOutcome[] {
  if (isExempt(object)) return [];
  const admission = related.admissionPolicies();
  const bindings = admission.filter((o) => o.kind === 'ValidatingAdmissionPolicyBinding');
  if (bindings.length === 0) return [];
  // The header (apiVersion, kind, metadata) is in every object's value, read header-only or not.
  const header = object.value;
  const target = targetOf(object, header, related, targetMinor);
  const outcomes: AdmissionOutcome[] = [];
  // The object as CEL sees it: its header alone, or its whole body, each converted once.
  let headerValue: unknown;
  let bodyValue: unknown;
  const objectFor = (policy: CompiledPolicy, version: string | undefined): unknown => {
    if (version !== undefined) {
      // Converted as a CRD whose strategy is None converts: only apiVersion changes.
      const body = policy.readsOnlyMetadata ? header : bodyOf(object);
      return body ? celValue({ ...body, apiVersion: `${target.group}/${version}` }) : null;
    }
    if (policy.readsOnlyMetadata) {
      const { apiVersion, kind, metadata } = header;
      return (headerValue ??= celValue({ apiVersion, kind, metadata }));
    }
    if (bodyValue === undefined) bodyValue = celValue(bodyOf(object) ?? null);
    return bodyValue;
  };
  for (const binding of bindings) {
    const spec = bodyOf(binding)?.spec;
    if (!isPlainObject(spec) || typeof spec.policyName !== 'string') continue;
    const policyObject = admission.find(
      (o) => o.kind === 'ValidatingAdmissionPolicy' && o.name === spec.policyName,
    );
    const policy = policyObject && compilePolicy(policyObject);
    // A policy that cannot be compiled is not evaluated; the notice on the policy says why.
    if (!policy || policy.problems.length > 0) continue;
    const byPolicy = matchResources(policy.spec.matchConstraints, target, 'policy', [
      'spec',
      'matchConstraints',
    ]);
    if (byPolicy === false) continue;
    const byBinding = matchResources(spec.matchResources, target, 'binding', ['spec', 'matchResources']);
    if (byBinding === false) continue;
    const actions = strings(spec.validationActions).filter(
      (a): a is AdmissionAction => a === 'Deny' || a === 'Warn' || a === 'Audit',
    );
    if (actions.length === 0) continue;
    // What keeps the policy from being evaluated, if anything: the policy's own first, then the binding's.
    const undecided = [byPolicy, byBinding].find(
      (m): m is Exclude<MatchOutcome, boolean | { equivalent: string }> =>
        typeof m === 'object' && 'unknown' in m,
    );
    if (undecided) {
      outcomes.push({
        policy,
        binding,
        outcome:
          undecided.unknown === 'update'
            ? { updateOnly: true }
            : { mayMatch: undecidedReason(object, target, undecided, undecided === byPolicy) },
        at: undefined,
        // A binding's rule is in the binding, which the finding links to anyway.
        policyPath: undecided === byPolicy ? undecided.rule : ['spec', 'matchConstraints'],
      });
      continue;
    }
    // Matched through another version of the resource: the policy sees the object converted to it.
    const version =
      typeof byPolicy === 'object' && 'equivalent' in byPolicy ? byPolicy.equivalent : undefined;
    const action = actions.includes('Deny') ? 'Deny' : actions.includes('Warn') ? 'Warn' : 'Audit';
    const params = paramsOf(policy, spec.paramRef, object, related);
    if (typeof params === 'string') {
      outcomes.push({
        policy,
        binding,
        outcome: { notEvaluated: params },
        at: undefined,
        policyPath: ['spec', 'paramKind'],
      });
      continue;
    }
    const namespace = target.cluster ? undefined : effectiveNamespace(object);
    const namespaceObject =
      namespace === undefined ? undefined : related.named('default', namespace, 'Namespace')[0];
    const value = objectFor(policy, version);
    if (value === null) continue;
    const base = {
      object: value,
      oldObject: null,
      namespaceObject: namespaceObject ? celValue(bodyOf(namespaceObject) ?? null) : null,
      // The request as the policy sees it: in the version it matched (requestKind keeps the object's own).
      request: {
        kind: { group: target.group, version: version ?? target.version, kind: object.kind },
        resource: {
          group: target.group,
          version: version ?? target.version,
          resource: target.resource ?? '',
        },
        requestKind: { group: target.group, version: target.version, kind: object.kind },
        requestResource: { group: target.group, version: target.version, resource: target.resource ?? '' },
        name: object.name ?? '',
        namespace: namespace ?? '',
        operation: 'CREATE',
        dryRun: false,
      },
    };
    for (const param of params) {
      const found = evaluateOne(policy, { ...base, params: param }, action);
      for (const outcome of found) outcomes.push({ policy, binding, ...outcome });
    }
  }
  return outcomes;
}

/** Why a policy may match the object without our knowing (MatchOutcome's unknowns but `update`). */
function undecidedReason(
  object: K8sObject,
  target: AdmissionTarget,
  undecided: Extract<MatchOutcome, { unknown: 'namespace' | 'resource' | 'equivalent' }>,
  ofPolicy: boolean,
): string {
  switch (undecided.unknown) {
    case 'namespace':
      // Whether the policy applies depends on the cluster's copy of that Namespace: said, not guessed.
      return `${ofPolicy ? 'its' : 'the binding\u2019s'} namespaceSelector reads labels of namespace "${undecided.namespace}", and no Namespace object of that name is in view`;
    case 'resource':
      return unknownResourceReason(object, target, undecided.resources);
    case 'equivalent':
      return unknownEquivalentReason(object, target, undecided.versions, undecided.webhook);
  }
}

/** Why a policy whose rules name resources may or may not match an object whose resource is unknown. */
function unknownResourceReason(object: K8sObject, target: AdmissionTarget, resources: string[]): string {
  const named = resources.length > 0 ? `resources ${resources.map((r) => `"${r}"`).join(', ')}` : 'a scope';
  const which = target.group ? `kind ${object.kind} of ${target.group}` : `kind ${object.kind}`;
  return isBuiltInApiVersion(object.apiVersion)
    ? `its rules name ${named}, and Kube Hindsight does not know which resource the API server files ${which} under`
    : `its rules name ${named}, and no CustomResourceDefinition in view defines ${which} (its spec.names.plural and spec.scope), so whether the rules cover it is unknown`;
}

/** Why a policy that matches another version of the object's resource is not evaluated for it. */
function unknownEquivalentReason(
  object: K8sObject,
  target: AdmissionTarget,
  versions: string[],
  webhook: boolean,
): string {
  const named = versions.map((v) => `${target.group}/${v}`).join(', ');
  return webhook
    ? `under matchPolicy Equivalent (the default) its rules cover ${object.kind} at ${named}, and the CustomResourceDefinition converts objects between versions with a webhook, which is not run offline`
    : `its rules name ${named}; under matchPolicy Equivalent (the default) the API server applies them to ${object.apiVersion} ${object.kind} too if it serves ${versions.length > 1 ? 'one of those versions' : 'that version'}, converting the object first, which Kube Hindsight does not do offline`;
}

function targetOf(
  object: K8sObject,
  body: Record<string, unknown>,
  related: RelatedView,
  targetMinor: number,
): AdmissionTarget {
  const { group, version } = groupVersion(object.apiVersion);
  // A kind of a built-in API group is the API server's own; any other is defined by a CRD, if one is in view.
  const builtIn = isBuiltInApiVersion(object.apiVersion) ? BUILT_IN_RESOURCES[object.kind] : undefined;
  const custom = builtIn ? undefined : customResourceNames(object, { related });
  const cluster = builtIn ? builtIn.cluster === true : custom?.cluster;
  const metadata = isPlainObject(body.metadata) ? body.metadata : {};
  const namespace = cluster ? undefined : effectiveNamespace(object);
  let namespaceLabels: AdmissionTarget['namespaceLabels'];
  if (namespace !== undefined) {
    const inView = related.named('default', namespace, 'Namespace')[0];
    const own = { 'kubernetes.io/metadata.name': namespace };
    namespaceLabels = inView
      ? {
          labels: {
            ...stringMap(inView.value.metadata && (inView.value.metadata as Record<string, unknown>).labels),
            ...own,
          },
          known: true,
        }
      : { labels: own, known: false };
  }
  return {
    group,
    version,
    resource: builtIn?.resource ?? custom?.plural,
    equivalents: builtIn
      ? {
          kind: 'built-in',
          // A version removed before the target release is served by no cluster of it.
          mayServe: (v) => (removalOf(`${group}/${v}`, object.kind)?.removedIn ?? Infinity) > targetMinor,
        }
      : custom
        ? {
            kind: 'crd',
            versions: custom.served.filter((v) => v !== version),
            convertible: custom.convertsByApiVersion,
          }
        : { kind: 'none' },
    cluster,
    kind: object.kind,
    name: object.name,
    namespace,
    labels: stringMap(metadata.labels),
    namespaceLabels,
  };
}

/**
 * The params each evaluation gets: [null] for a policy without paramKind; the objects the binding's
 * paramRef names when they are in view; else why the policy cannot be evaluated.
 */
function paramsOf(
  policy: CompiledPolicy,
  paramRef: unknown,
  object: K8sObject,
  related: RelatedView,
): unknown[] | string {
  if (!policy.paramKind) return [null];
  if (!isPlainObject(paramRef)) return 'the policy needs params (paramKind) and the binding has no paramRef';
  const kind = policy.paramKind.kind;
  const namespace =
    typeof paramRef.namespace === 'string' && paramRef.namespace
      ? paramRef.namespace
      : effectiveNamespace(object);
  const candidates = related
    .clusterOfKind(kind)
    .filter((o) => (o.namespace === undefined ? true : o.namespace === namespace));
  let found: K8sObject[];
  if (typeof paramRef.name === 'string') found = candidates.filter((o) => o.name === paramRef.name);
  else if (isPlainObject(paramRef.selector))
    found = candidates.filter((o) =>
      selectorMatches(
        paramRef.selector,
        stringMap((o.value.metadata as Record<string, unknown> | undefined)?.labels),
      ),
    );
  else return 'the binding\u2019s paramRef names no param (neither name nor selector)';
  const bodies = found.map((o) => bodyOf(o)).filter((b): b is Record<string, unknown> => b !== undefined);
  if (bodies.length === 0) {
    const which = typeof paramRef.name === 'string' ? `"${paramRef.name}"` : 'selected by its paramRef';
    return `its params (${kind} ${which}) are not in view, so what they allow is unknown`;
  }
  return bodies.map(celValue);
}

type Found = Omit<AdmissionOutcome, 'policy' | 'binding'>;

function run(
  expression: PolicyExpression,
  activation: Record<string, unknown>,
): { value: unknown } | { failed: string } {
  const outcome = expression.evaluate(activation, { maxSteps: MAX_STEPS, budgetMs: CEL_BUDGET_MS });
  if (outcome.exceeded)
    return {
      failed: `its expression ran over the budget of ${CEL_BUDGET_MS} ms (${MAX_STEPS.toLocaleString('en')} evaluation steps) and was stopped`,
    };
  if (outcome.error) return { failed: `its expression failed: ${outcome.error.message.split('\n')[0]}` };
  return { value: outcome.value };
}

function evaluateOne(
  policy: CompiledPolicy,
  activation: Record<string, unknown>,
  action: AdmissionAction,
): Found[] {
  const notEvaluated = (path: PathSegment[], why: string): Found[] => [
    { outcome: { notEvaluated: why }, at: undefined, policyPath: path },
  ];
  const variables: Record<string, unknown> = {};
  const context = { ...activation, variables };
  for (const condition of policy.matchConditions) {
    const result = run(condition, context);
    if ('failed' in result)
      return notEvaluated(condition.path, `matchCondition "${condition.name}": ${result.failed}`);
    if (result.value !== true) return [];
  }
  // Variables are evaluated in order, each seeing the earlier ones; a failing one fails the validations
  // that read it, as the API server's lazy evaluation would.
  for (const variable of policy.variables) {
    const result = run(variable, context);
    if ('value' in result) variables[variable.name] = result.value;
  }
  const found: Found[] = [];
  for (const validation of policy.validations) {
    const result = run(validation, context);
    if ('failed' in result) {
      found.push(...notEvaluated(validation.path, result.failed));
      continue;
    }
    if (result.value === true) continue;
    let message = validation.message ?? `failed expression: ${validation.source.trim()}`;
    if (validation.messageExpression) {
      const text = run(validation.messageExpression, context);
      if ('value' in text && typeof text.value === 'string' && text.value.trim()) message = text.value;
    }
    found.push({
      outcome: { action, message },
      at: simplePath(validation.source),
      policyPath: validation.path,
    });
  }
  return found;
}

/**
 * The object path a simple path test reads (`has(object.a.b)`, `object.a.b == …`, `'k' in object.a.b`, each
 * alone or after a `has(…) &&` guard), so the finding can sit at that key; undefined for anything else.
 */
export function simplePath(source: string): PathSegment[] | undefined {
  const text = source.trim().replace(/^has\(object(?:\.\w+)+\)\s*&&\s*/, '');
  const path =
    /^!?\s*has\(object((?:\.[A-Za-z_]\w*)+)\)$/.exec(text)?.[1] ??
    /^object((?:\.[A-Za-z_]\w*)+)\s*(?:==|!=|<=|>=|<|>)[^&|]*$/.exec(text)?.[1] ??
    /^!?\s*'[^']*'\s+in\s+object((?:\.[A-Za-z_]\w*)+)$/.exec(text)?.[1];
  return path?.slice(1).split('.');
}
