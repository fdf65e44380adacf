// How messages name the other objects a finding involves. A related object may live in another file of the
// deployment unit; a message that names it without saying where sends the reader searching, so each mention
// says which file when it is not the checked object's own (`HorizontalPodAutoscaler "web" in hpa/web.yaml`).
// The file's name comes from the front end through the related view (see FileNamer in related-view.ts).
import { namespacePhrase, namespaceUnwritten } from './namespace';
import { keySpanAt } from './nodes';
import type { PodOwner } from './related-groups';
import type { Report } from './rule';
import { describeMap } from './selection';
import type { K8sObject, Span } from './types';

/** What a mention needs of `context.related`: where an object is, as people see files. */
export interface Places {
  placeOf(other: K8sObject, from: K8sObject): string;
}

/** `Kind "name"`, the way every message names an object. */
export function label(object: K8sObject): string {
  return `${object.kind} "${object.name ?? '(unnamed)'}"`;
}

/** `HorizontalPodAutoscaler "web"`, with ` in hpa/web.yaml` when it lives in another file than `from`. */
export function mention(other: K8sObject, from: K8sObject, places: Places): string {
  return label(other) + places.placeOf(other, from);
}

/**
 * `Service "web"`, `Service "web" and Service "api" in svc.yaml`, `Service "a", Service "b" and 2 more`:
 * at most `max` named, each once (the same object may be found twice: overlays, copies), each with its file.
 */
export function mentionAll(objects: readonly K8sObject[], from: K8sObject, places: Places, max = 2): string {
  const named = [...new Set(objects.map((object) => mention(object, from, places)))];
  if (named.length <= max) return named.join(' and ');
  return `${named.slice(0, max).join(', ')} and ${named.length - max} more`;
}

/** How many replicas a workload runs at least, and the autoscaler whose `minReplicas` decided it, if any. */
export interface ReplicaCount {
  replicas: number;
  /** The autoscaler whose `minReplicas` is the count (the workload's own `spec.replicas` then does not count). */
  autoscaler?: K8sObject;
  /** Whether that autoscaler leaves `minReplicas` to its default, 1. */
  defaulted?: boolean;
}

/** `1 replica`, `3 replicas`. */
export function pluralReplicas(count: number): string {
  return count === 1 ? '1 replica' : `${count} replicas`;
}

/**
 * `3 replicas`, or, when an autoscaler decides the count, `2 replicas (minReplicas of HorizontalPodAutoscaler
 * "web" in hpa/web.yaml)`: the reader looks for the number in the workload and would not find it there.
 */
export function describeReplicas(count: ReplicaCount, from: K8sObject, places: Places): string {
  const replicas = pluralReplicas(count.replicas);
  if (!count.autoscaler) return replicas;
  const which = count.defaulted ? 'the default minReplicas' : 'minReplicas';
  return `${replicas} (${which} of ${mention(count.autoscaler, from, places)})`;
}

/**
 * The related location of an autoscaler that decides a workload's replica count: its `minReplicas` key (its
 * name when it leaves the field to the default), for the "related information" of findings that count them.
 */
export function autoscalerLocation(
  count: ReplicaCount,
): { object: K8sObject; message: string; span?: Span }[] {
  const { autoscaler } = count;
  if (!autoscaler) return [];
  const span = count.defaulted ? undefined : keySpanAt(autoscaler.node, ['spec', 'minReplicas']);
  const min = count.defaulted
    ? 'leaves minReplicas at its default, 1'
    : `sets minReplicas: ${count.replicas}`;
  return [{ object: autoscaler, message: `${label(autoscaler)} ${min}`, ...(span ? { span } : {}) }];
}

/**
 * The finding of a selector (a Service's, a budget's) whose pods run in another namespace of the unit, as
 * the rules' `otherNamespace` messages word it: the owner named with its file, both namespaces, and the
 * owner's labels as related information. It is a guess (`hedged`) when either namespace is left to apply
 * time, or when `custom` says a custom resource in view may create the pods after all.
 */
export function otherNamespaceReport(
  object: K8sObject,
  elsewhere: { owner: PodOwner; namespace: string },
  selector: string,
  span: Span | undefined,
  places: Places,
  custom: boolean,
): Report {
  const { owner, namespace } = elsewhere;
  return {
    messageId: 'otherNamespace',
    data: {
      name: object.name ?? '(unnamed)',
      namespace: namespacePhrase(object),
      otherNamespace: namespacePhrase(owner.object),
      selector,
      owner: mention(owner.object, object, places),
    },
    span,
    hedged: namespaceUnwritten(object, owner.object) || custom,
    related: [
      {
        object: owner.object,
        message: `${label(owner.object)} has the pod labels ${describeMap(owner.labels)}, in namespace "${namespace}"`,
      },
    ],
  };
}
