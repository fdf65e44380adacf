// What the two Pod Security rules share: the namespace a workload's pods are admitted into, the modes its
// labels (or the project's default) set, the violations each mode reports, and the fixes. Each rule reports
// the violations attributed to its own level; the assessment is computed once per object and analysis.
import { appendToSequence, ensureEntries } from '../edits';
import { keySpanAt, nodeAt, spanOf, type PathSegment } from '../nodes';
import { effectiveNamespace } from '../namespace';
import { isSeq } from 'yaml';
import { isPlainObject } from '../values';
import type { RuleContext } from '../rule';
import type { Fix, K8sObject, Severity, Span } from '../types';
import type { CheckLevel, Violation } from './checks';
import { CHECKS } from './checks';
import { attributedViolations, levelOf, podsOf } from './evaluate';
import {
  effectiveMinor,
  LABEL_PREFIX,
  namespacePolicy,
  POD_SECURITY_MODES,
  versionText,
  type ModePolicy,
  type PodSecurityLevel,
  type PodSecurityMode,
} from './levels';

const SEVERITY: Record<PodSecurityMode, Severity> = { enforce: 'error', warn: 'warning', audit: 'info' };

export interface Assessed {
  violation: Violation;
  level: CheckLevel;
  mode: PodSecurityMode;
  policy: ModePolicy;
}

export interface Assessment {
  namespace: string;
  /** The Namespace object in view, if any. */
  namespaceObject: K8sObject | undefined;
  findings: Assessed[];
}

/** The Namespace object named `name` among the related objects (Namespaces are filed under `default`). */
function namespaceObjectOf(context: RuleContext, name: string): K8sObject | undefined {
  return context.related.named('default', name, 'Namespace')[0];
}

function labelsOf(object: K8sObject | undefined): Record<string, unknown> {
  const metadata = object?.value.metadata;
  return isPlainObject(metadata) && isPlainObject(metadata.labels) ? metadata.labels : {};
}

function clusterMinor(context: RuleContext): number {
  const minor = Number(context.kubernetesVersion.split('.')[1]);
  return Number.isInteger(minor) ? minor : 0;
}

/**
 * Every violation of the object's pods under the policy of their namespace, each once: where several modes
 * report the same key, the strictest consequence (enforce, then warn, then audit) keeps it.
 */
export function assess(object: K8sObject, context: RuleContext): Assessment {
  const namespace = effectiveNamespace(object);
  const namespaceObject = namespaceObjectOf(context, namespace);
  const policy = namespacePolicy(labelsOf(namespaceObject), context.podSecurityLevel);
  const kept = new Map<string, Assessed>();
  const pods = podsOf(object);
  for (const mode of POD_SECURITY_MODES) {
    const modePolicy = policy[mode];
    if (modePolicy.level === 'privileged') continue;
    const minor = effectiveMinor(modePolicy.version, clusterMinor(context));
    for (const pod of pods) {
      for (const violation of attributedViolations(pod, modePolicy.level, minor)) {
        const key = `${violation.check}\0${violation.missing ? 'missing' : ''}\0${violation.at.join('\0')}`;
        if (!kept.has(key)) kept.set(key, { violation, level: levelOf(violation), mode, policy: modePolicy });
      }
    }
  }
  return { namespace, namespaceObject, findings: [...kept.values()] };
}

const CONTROL = new Map(CHECKS.map((c) => [c.id, c.control]));

/** Where a violation's squiggle goes: the offending key or list item, or the container's name. */
function spanOf_(object: K8sObject, violation: Violation): Span | undefined {
  if (violation.missing) {
    const name = nodeAt(object.node, [...violation.at, 'name']);
    const at = name && spanOf(name);
    if (at) return at;
  }
  return keySpanAt(object.node, violation.at);
}

/** Runs the assessment (once per object and analysis) and reports the findings of `level`. */
export function reportPodSecurity(object: K8sObject, context: RuleContext, level: CheckLevel): void {
  const assessment = context.related.remember(
    `pod-security\0${context.podSecurityLevel}\0${context.kubernetesVersion}`,
    object,
    () => assess(object, context),
  );
  const ns = assessment.namespaceObject;
  for (const found of assessment.findings) {
    if (found.level !== level) continue;
    const { violation, mode, policy } = found;
    const fromLabel = ns !== undefined && policy.labelled;
    const labelKey = LABEL_PREFIX + mode;
    const labelSpan = ns && fromLabel ? keySpanAt(ns.node, ['metadata', 'labels', labelKey]) : undefined;
    // The Namespace's file, named as every cross rule names another file (see mentions.ts).
    const where = ns && fromLabel ? context.related.placeOf(ns, object) : '';
    const enforced = `"${policy.level}"${policy.version === 'latest' ? '' : ` ${versionText(policy.version)}`}`;
    const rejected =
      object.kind === 'Pod'
        ? `Pod "${object.name ?? 'unnamed'}"`
        : `every pod of ${object.kind} "${object.name ?? 'unnamed'}", which will run no pod`;
    context.report({
      messageId: fromLabel ? mode : 'projectDefault',
      severity: SEVERITY[fromLabel ? mode : 'enforce'],
      data: {
        subject: violation.subject.charAt(0).toUpperCase() + violation.subject.slice(1),
        detail: violation.detail,
        check: violation.check,
        control: CONTROL.get(violation.check) ?? violation.check,
        level: found.level,
        namespace: assessment.namespace,
        enforced,
        label: `${labelKey}: ${String(labelsOf(ns)[labelKey] ?? policy.level)}`,
        where,
        rejected,
      },
      span: spanOf_(object, violation),
      ...(ns && labelSpan
        ? {
            related: [
              {
                object: ns,
                span: labelSpan,
                message: `Namespace "${assessment.namespace}" sets ${labelKey}: ${String(labelsOf(ns)[labelKey])}`,
              },
            ],
          }
        : {}),
      ...(violation.fix ? { fix: () => fixesFor(object, context, violation) } : {}),
    });
  }
}

function containerName(object: K8sObject, path: readonly PathSegment[]): string {
  let value: unknown = object.value;
  for (const segment of path)
    value = isPlainObject(value) || Array.isArray(value) ? (value as never)[segment] : undefined;
  return isPlainObject(value) && typeof value.name === 'string' ? value.name : 'the container';
}

/** The one-field edits that make a violation go, merged into the container's existing securityContext. */
function fixesFor(object: K8sObject, context: RuleContext, violation: Violation): Fix[] {
  const fix = violation.fix;
  if (!fix) return [];
  const name = containerName(object, fix.container);
  const securityContext = [...fix.container, 'securityContext'];
  let edits;
  let title: string;
  switch (fix.kind) {
    case 'allowPrivilegeEscalation':
      title = `Set allowPrivilegeEscalation: false on container "${name}"`;
      edits = ensureEntries(context.file, object.node, securityContext, { allowPrivilegeEscalation: false });
      break;
    case 'runAsNonRoot':
      title = `Set runAsNonRoot: true on container "${name}"`;
      edits = ensureEntries(context.file, object.node, securityContext, { runAsNonRoot: true });
      break;
    case 'seccompProfile':
      title = `Set seccompProfile type RuntimeDefault on container "${name}"`;
      edits = ensureEntries(context.file, object.node, securityContext, {
        seccompProfile: { type: 'RuntimeDefault' },
      });
      break;
    case 'dropAll': {
      title = `Drop ALL capabilities in container "${name}"`;
      const drop = nodeAt(object.node, [...securityContext, 'capabilities', 'drop']);
      if (isSeq(drop)) {
        const edit = appendToSequence(context.file, drop, ['ALL']);
        edits = edit ? [edit] : undefined;
      } else if (drop === undefined) {
        edits = ensureEntries(context.file, object.node, [...securityContext, 'capabilities'], {
          drop: ['ALL'],
        });
      }
      break;
    }
  }
  return edits ? [{ title, edits }] : [];
}

export type { PodSecurityLevel };
