// The resource (plural) the API server files each built-in kind under, which admission rules name
// (`resources: ["deployments"]`), and whether the kind is cluster-scoped. A custom resource's plural is
// declared by its CRD, which may not be in view: only rules for every resource (`*`) match one.

/** Built-in kinds by name: their resource, and true when cluster-scoped. */
export const BUILT_IN_RESOURCES: Readonly<Record<string, { resource: string; cluster?: true }>> = {
  Pod: { resource: 'pods' },
  PodTemplate: { resource: 'podtemplates' },
  ReplicationController: { resource: 'replicationcontrollers' },
  Service: { resource: 'services' },
  ServiceAccount: { resource: 'serviceaccounts' },
  ConfigMap: { resource: 'configmaps' },
  Secret: { resource: 'secrets' },
  Endpoints: { resource: 'endpoints' },
  Event: { resource: 'events' },
  LimitRange: { resource: 'limitranges' },
  ResourceQuota: { resource: 'resourcequotas' },
  PersistentVolumeClaim: { resource: 'persistentvolumeclaims' },
  PersistentVolume: { resource: 'persistentvolumes', cluster: true },
  Namespace: { resource: 'namespaces', cluster: true },
  Node: { resource: 'nodes', cluster: true },
  Deployment: { resource: 'deployments' },
  StatefulSet: { resource: 'statefulsets' },
  DaemonSet: { resource: 'daemonsets' },
  ReplicaSet: { resource: 'replicasets' },
  ControllerRevision: { resource: 'controllerrevisions' },
  Job: { resource: 'jobs' },
  CronJob: { resource: 'cronjobs' },
  HorizontalPodAutoscaler: { resource: 'horizontalpodautoscalers' },
  PodDisruptionBudget: { resource: 'poddisruptionbudgets' },
  Ingress: { resource: 'ingresses' },
  IngressClass: { resource: 'ingressclasses', cluster: true },
  NetworkPolicy: { resource: 'networkpolicies' },
  Role: { resource: 'roles' },
  RoleBinding: { resource: 'rolebindings' },
  ClusterRole: { resource: 'clusterroles', cluster: true },
  ClusterRoleBinding: { resource: 'clusterrolebindings', cluster: true },
  StorageClass: { resource: 'storageclasses', cluster: true },
  CSIDriver: { resource: 'csidrivers', cluster: true },
  PriorityClass: { resource: 'priorityclasses', cluster: true },
  RuntimeClass: { resource: 'runtimeclasses', cluster: true },
  Lease: { resource: 'leases' },
  EndpointSlice: { resource: 'endpointslices' },
  CustomResourceDefinition: { resource: 'customresourcedefinitions', cluster: true },
  APIService: { resource: 'apiservices', cluster: true },
  ValidatingWebhookConfiguration: { resource: 'validatingwebhookconfigurations', cluster: true },
  MutatingWebhookConfiguration: { resource: 'mutatingwebhookconfigurations', cluster: true },
  ValidatingAdmissionPolicy: { resource: 'validatingadmissionpolicies', cluster: true },
  ValidatingAdmissionPolicyBinding: { resource: 'validatingadmissionpolicybindings', cluster: true },
};

/** The kinds that make up admission policies: cluster-wide objects, related to every unit. */
export const ADMISSION_KINDS: ReadonlySet<string> = new Set([
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
]);

/** An object's API group and version (`apps/v1` → apps, v1; `v1` → the core group ''). */
export function groupVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}
