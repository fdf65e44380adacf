// Which pods a Service or a PodDisruptionBudget reaches, for the cross rules that relate them to workloads
// (service-selects-nothing, pdb-matches-nothing, missing-readiness-probe, missing-graceful-shutdown,
// default-deny-without-allows). The candidates come from the related-object index (`context.related`).
import type { ContainerPort, ServicePort } from 'kubernetes-types/core/v1';
import type { LabelSelector, LabelSelectorRequirement } from 'kubernetes-types/meta/v1';
import { isBuiltInApiVersion } from './api-groups';
import { isPlainObject } from './values';
import { effectiveNamespace } from './namespace';
import type { K8sObject } from './types';
import { ownPodLabels, podTemplateOf, stringMap, valueAt, type ContainerRef } from './workloads';

/**
 * The questions this module asks of `context.related` (RelatedView answers them). Named here rather than
 * imported: the view reads this module's label helpers, and a module must not import itself back.
 */
export interface RelatedLookups {
  customResources(namespace: string): readonly K8sObject[];
  selectorsOver(
    namespace: string,
    kind: 'Service' | 'PodDisruptionBudget',
    labels: Record<string, string>,
  ): readonly K8sObject[];
  remember<T>(question: string, object: K8sObject, compute: () => T): T;
}

/** Whether an object's kind comes from a CRD (an operator may create pods for it that no manifest shows). */
export function isCustomResource(object: K8sObject): boolean {
  return !isBuiltInApiVersion(object.apiVersion);
}

/**
 * The labels of the pods an object creates: the pod template's labels for every workload kind, and for
 * custom kinds that embed a pod template (Argo Rollouts, OpenKruise CloneSets…) `spec.template.metadata.labels`.
 */
export function podLabelsOf(object: K8sObject): Record<string, string> | undefined {
  const template = podTemplateOf(object);
  // A template without labels written still has pods with its controller's selector labels (ownPodLabels).
  if (template) return object.kind === 'PodTemplate' ? undefined : ownPodLabels(object, template.labels);
  if (!isCustomResource(object)) return undefined;
  const labels: unknown = valueAt(object.value, ['spec', 'template', 'metadata', 'labels']);
  return isPlainObject(labels) ? stringMap(labels) : undefined;
}

/**
 * Labels that controllers add to the pods they create, which no pod template shows: a selector may rightly
 * use them (a Service per StatefulSet pod, for instance). Given the label pairs a selector asks for, returns
 * the template's labels plus those of them this owner's controller would set.
 */
export function withControllerLabels(
  owner: K8sObject,
  labels: Record<string, string>,
  wanted: Record<string, string>,
): Record<string, string> {
  const rules = controllerLabelsOf(owner);
  // The template's own labels when the controller adds none of the wanted ones: cross rules ask this of
  // every Service or budget of a namespace, and most ask for nothing a controller adds.
  let out: Record<string, string> | undefined;
  for (const [key, value] of Object.entries(wanted)) {
    if (labels[key] === undefined && rules[key]?.(value)) (out ??= { ...labels })[key] = value;
  }
  return out ?? labels;
}

/** Per owner, the labels its controller sets on its pods, each with a test of the values it may take. */
const controllerLabels = new WeakMap<K8sObject, ControllerLabels>();

type ControllerLabels = Record<string, ((v: string) => boolean) | undefined>;

/**
 * Every label key some controller sets on the pods it creates (controllerLabelRules): no pod template shows
 * them, so the related-object index never files a selector under them.
 */
export const CONTROLLER_LABEL_KEYS: ReadonlySet<string> = new Set([
  'pod-template-hash',
  'controller-revision-hash',
  'pod-template-generation',
  'statefulset.kubernetes.io/pod-name',
  'apps.kubernetes.io/pod-index',
  'job-name',
  'batch.kubernetes.io/job-name',
  'controller-uid',
  'batch.kubernetes.io/controller-uid',
  'batch.kubernetes.io/job-completion-index',
]);

function controllerLabelsOf(owner: K8sObject): ControllerLabels {
  let rules = controllerLabels.get(owner);
  if (!rules) controllerLabels.set(owner, (rules = controllerLabelRules(owner)));
  return rules;
}

function controllerLabelRules(owner: K8sObject): ControllerLabels {
  const name = owner.name ?? '';
  const startsWithName = (v: string): boolean => name !== '' && v.startsWith(`${name}-`);
  return {
    'pod-template-hash': ['Deployment', 'ReplicaSet'].includes(owner.kind) ? () => true : undefined,
    'controller-revision-hash': ['StatefulSet', 'DaemonSet'].includes(owner.kind) ? () => true : undefined,
    'pod-template-generation': owner.kind === 'DaemonSet' ? () => true : undefined,
    'statefulset.kubernetes.io/pod-name':
      owner.kind === 'StatefulSet'
        ? (v) => startsWithName(v) && /^\d+$/.test(v.slice(name.length + 1))
        : undefined,
    'apps.kubernetes.io/pod-index': owner.kind === 'StatefulSet' ? (v) => /^\d+$/.test(v) : undefined,
    'job-name':
      owner.kind === 'Job' ? (v) => v === name : owner.kind === 'CronJob' ? startsWithName : undefined,
    'batch.kubernetes.io/job-name':
      owner.kind === 'Job' ? (v) => v === name : owner.kind === 'CronJob' ? startsWithName : undefined,
    'controller-uid': ['Job', 'CronJob'].includes(owner.kind) ? () => true : undefined,
    'batch.kubernetes.io/controller-uid': ['Job', 'CronJob'].includes(owner.kind) ? () => true : undefined,
    'batch.kubernetes.io/job-completion-index': ['Job', 'CronJob'].includes(owner.kind)
      ? () => true
      : undefined,
  };
}

/** Custom kinds known not to create pods (monitoring, certificates, routing, GitOps, autoscaling config). */
const NOT_POD_OWNERS = new Set([
  'ServiceMonitor',
  'PodMonitor',
  'Probe',
  'PrometheusRule',
  'AlertmanagerConfig',
  'Certificate',
  'CertificateRequest',
  'Issuer',
  'ClusterIssuer',
  'VirtualService',
  'DestinationRule',
  'Gateway',
  'HTTPRoute',
  'GRPCRoute',
  'TCPRoute',
  'TLSRoute',
  'IngressRoute',
  'Middleware',
  'ExternalSecret',
  'SecretStore',
  'SealedSecret',
  'Application',
  'AppProject',
  'ApplicationSet',
  'Kustomization',
  'HelmRelease',
  'HelmRepository',
  'GitRepository',
  'ScaledObject',
  'ScaledJob',
  'VerticalPodAutoscaler',
]);

/**
 * The API groups of the configuration files Kubernetes' own components read (the API server's admission and
 * audit configuration, kubeadm's, the kubelet's, the scheduler's, client credentials): written as objects,
 * never applied to a cluster, so never the owner of a pod.
 */
const COMPONENT_CONFIG_GROUP =
  /^([\w.-]+\.config\.k8s\.io|audit\.k8s\.io|kubeadm\.k8s\.io|client\.authentication\.k8s\.io)\//;

/**
 * The custom resources of the object's namespace that may create pods nobody can see in the manifests: every
 * custom kind that is not known to create none (NOT_POD_OWNERS) and embeds no pod template (those that do are
 * pod owners like any workload, see podLabelsOf). An object without a name cannot be applied, and a
 * component's configuration file is not a resource: neither counts.
 */
export function podMakingCustomResources(of: K8sObject, related: RelatedLookups): K8sObject[] {
  return related
    .customResources(effectiveNamespace(of))
    .filter(
      (object) =>
        object.name !== undefined &&
        !COMPONENT_CONFIG_GROUP.test(object.apiVersion) &&
        !NOT_POD_OWNERS.has(object.kind) &&
        !podLabelsOf(object),
    );
}

/**
 * Whether a custom resource of the namespace may be the owner of the pods a selector asks for: operators
 * (Prometheus, Kafka, PostgreSQL…) create pods that no manifest shows, labelled from the resource's own
 * labels, its pod metadata or its name. A selector that such a resource could satisfy is given the benefit
 * of the doubt.
 */
export function operatorMayOwn(
  of: K8sObject,
  related: RelatedLookups,
  wanted: Record<string, string>,
  matches: (labels: Record<string, string>) => boolean,
): K8sObject | undefined {
  return podMakingCustomResources(of, related).find((object) => {
    const labels: Record<string, string> = {
      ...stringMap(valueAt(object.value, ['metadata', 'labels'])),
      ...stringMap(valueAt(object.value, ['spec', 'podMetadata', 'labels'])),
    };
    for (const [key, value] of Object.entries(wanted)) {
      if (labels[key] === undefined && value === object.name) labels[key] = value;
    }
    return Object.keys(labels).length > 0 && matches(labels);
  });
}

/** A metrics-only Service (scraped by monitoring, not serving requests): named `*-metrics`, or every port is. */
export function isMetricsService(service: K8sObject): boolean {
  if (/-metrics$/.test(service.name ?? '')) return true;
  const ports: unknown = valueAt(service.value, ['spec', 'ports']);
  return (
    Array.isArray(ports) &&
    ports.length > 0 &&
    ports.every(
      (p: unknown) => isPlainObject(p) && typeof p.name === 'string' && /metrics|prometheus/i.test(p.name),
    )
  );
}

/** A Service's `spec.selector` (a plain map, every pair must hold); undefined when it selects no pods itself. */
export function serviceSelector(service: K8sObject): Record<string, string> | undefined {
  // Read once per Service: every workload of its namespace asks which Services select it.
  if (!selectors.has(service)) selectors.set(service, readServiceSelector(service));
  return selectors.get(service);
}

const selectors = new WeakMap<K8sObject, Record<string, string> | undefined>();

function readServiceSelector(service: K8sObject): Record<string, string> | undefined {
  if (service.kind !== 'Service') return undefined;
  if (valueAt(service.value, ['spec', 'type']) === 'ExternalName') return undefined;
  const selector = stringMap(valueAt(service.value, ['spec', 'selector']));
  return Object.keys(selector).length > 0 ? selector : undefined;
}

export function mapSelects(selector: Record<string, string>, labels: Record<string, string>): boolean {
  return Object.entries(selector).every(([key, value]) => labels[key] === value);
}

/**
 * The Services of the workload's namespace whose selector is a subset of its pod labels. Asked by several
 * rules of the same workload, so the view remembers the answer for the analysis.
 */
export function servicesSelecting(workload: K8sObject, related: RelatedLookups): readonly K8sObject[] {
  return related.remember('services-selecting', workload, () => {
    const labels = podLabelsOf(workload);
    if (!labels) return [];
    return related.selectorsOver(effectiveNamespace(workload), 'Service', labels).filter((service) => {
      const selector = serviceSelector(service);
      return selector !== undefined && mapSelects(selector, withControllerLabels(workload, labels, selector));
    });
  });
}

/** `app=web, tier=api` */
export function describeMap(map: Record<string, string>): string {
  return Object.entries(map)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
}

/** `app=web, tier in (a, b), !canary` for a LabelSelector. */
export function describeLabelSelector(selector: unknown): string {
  if (!isPlainObject(selector)) return '(none)';
  const s = selector as LabelSelector;
  const parts = Object.entries(stringMap(s.matchLabels)).map(([k, v]) => `${k}=${v}`);
  for (const e of Array.isArray(s.matchExpressions) ? s.matchExpressions : []) {
    if (!isPlainObject(e)) continue;
    const r = e as LabelSelectorRequirement;
    const values = Array.isArray(r.values) ? r.values.map(String).join(', ') : '';
    if (r.operator === 'In') parts.push(`${r.key} in (${values})`);
    else if (r.operator === 'NotIn') parts.push(`${r.key} notin (${values})`);
    else if (r.operator === 'Exists') parts.push(r.key);
    else if (r.operator === 'DoesNotExist') parts.push(`!${r.key}`);
    else parts.push(`${r.key} ${String(r.operator)}`);
  }
  return parts.length > 0 ? parts.join(', ') : '(everything)';
}

/**
 * How close a set of pod labels comes to a selector: 100 per requirement (label pair or expression) that
 * holds, 1 per other requirement whose key the labels have. Used to point at the likely intended target.
 */
export function nearness(
  requirements: { key: string; holds: (labels: Record<string, string>) => boolean }[],
  labels: Record<string, string>,
): number {
  let score = 0;
  for (const r of requirements) {
    if (r.holds(labels)) score += 100;
    else if (Object.prototype.hasOwnProperty.call(labels, r.key)) score += 1;
  }
  return score;
}

/** `app=checkout` as requirements for `nearness`. */
export function mapRequirements(
  map: Record<string, string>,
): { key: string; holds: (labels: Record<string, string>) => boolean }[] {
  return Object.entries(map).map(([key, value]) => ({ key, holds: (labels) => labels[key] === value }));
}

/** The pod owners closest to a selector (best first, at most `limit`), ignoring those sharing no key with it. */
export function nearestOwners<T extends { labels: Record<string, string> }>(
  owners: readonly T[],
  requirements: { key: string; holds: (labels: Record<string, string>) => boolean }[],
  limit = 3,
): T[] {
  const scored = owners.map((owner) => ({ owner, score: nearness(requirements, owner.labels) }));
  // Owners satisfying part of the selector when there are any; else those that at least share a key.
  const floor = scored.some(({ score }) => score >= 100) ? 100 : 1;
  return scored
    .filter(({ score }) => score >= floor)
    .sort((a, b) => b.score - a.score)
    .slice(0, limit)
    .map(({ owner }) => owner);
}

/** The ports a Service sends traffic to on its pods: each port's `targetPort`, else its `port`. */
export function serviceTargetPorts(service: K8sObject): (number | string)[] {
  const ports: unknown = valueAt(service.value, ['spec', 'ports']);
  if (!Array.isArray(ports)) return [];
  const out: (number | string)[] = [];
  for (const port of ports as (ServicePort | null)[]) {
    if (!isPlainObject(port)) continue;
    const target = port.targetPort ?? port.port;
    if (typeof target === 'number' || typeof target === 'string') out.push(target);
  }
  return out;
}

function containerPorts(container: ContainerRef): ContainerPort[] {
  const ports: unknown = container.value.ports;
  return Array.isArray(ports)
    ? (ports as unknown[]).filter(isPlainObject).map((p) => p as unknown as ContainerPort)
    : [];
}

/**
 * The containers that serve a set of Services: those declaring a port a Service targets (by number or
 * name), each with that port's number; when no declared port matches (ports are often left undeclared),
 * the first container, with its first declared port if any.
 */
export function servingContainers(
  containers: readonly ContainerRef[],
  services: readonly K8sObject[],
): { container: ContainerRef; port: number | undefined }[] {
  const app = containers.filter((c) => c.list === 'containers');
  const targets = services.flatMap(serviceTargetPorts);
  const serving: { container: ContainerRef; port: number | undefined }[] = [];
  for (const container of app) {
    const match = containerPorts(container).find((p) =>
      targets.some((t) =>
        typeof t === 'number' ? p.containerPort === t : p.name === t || String(p.containerPort) === t,
      ),
    );
    if (match && typeof match.containerPort === 'number')
      serving.push({ container, port: match.containerPort });
  }
  if (serving.length > 0) return serving;
  const [first] = app;
  if (!first) return [];
  const port = containerPorts(first).find((p) => typeof p.containerPort === 'number')?.containerPort;
  return [{ container: first, port }];
}
